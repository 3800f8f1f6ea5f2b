import { describe, expect, it } from "vitest";
import { dealerStaff, platformAdmin } from "./helpers/auth";
import { createApiKey, createDealership, expectError } from "./helpers/fixtures";
import { get } from "./helpers/http";
import { breakCheckDigit, makeVin } from "./helpers/vins";

describe("GET /v1/vins/{vin}", async () => {
  const d = await createDealership();
  const staff = await dealerStaff(d.id);

  it("decodes a valid VIN", async () => {
    const res = await get("/v1/vins/1HGCM82633A004352", { token: staff });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      vin: "1HGCM82633A004352",
      valid: true,
      reasons: [],
      modelYear: 2003,
      manufacturer: "Honda",
      make: "Honda",
      country: "United States",
    });
  });

  it("normalises case and reports every reason for an invalid VIN (200, valid=false)", async () => {
    const vin = breakCheckDigit(makeVin(2021));
    const res = await get(`/v1/vins/${vin.toLowerCase()}`, { token: staff });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ vin, valid: false, modelYear: 2021, make: "Chevrolet" });
    expect(res.body.reasons[0]).toMatchObject({
      code: "check_digit_mismatch",
      severity: "error",
      message: expect.stringMatching(/check digit/i),
    });
  });

  it.each([
    ["too short", "1HGCM826"],
    ["I/O/Q letters", "1HGCM82633A00435Q"],
    ["punctuation", "1HGCM82633A00435%21"],
    ["unicode", "1HGCM82633A00435%C3%A9"],
  ])("%s → valid=false with reasons", async (_n, vin) => {
    const res = await get(`/v1/vins/${vin}`, { token: staff });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.reasons.length).toBeGreaterThan(0);
  });

  it("an absurdly long path segment is 400", async () => {
    expectError(await get(`/v1/vins/${"A".repeat(200)}`, { token: staff }), 400, "validation_failed");
  });

  it("any authenticated caller: platform_admin, dealer staff, or a publishable key", async () => {
    const { key } = await createApiKey(d.id);
    expect((await get("/v1/vins/1HGCM82633A004352", { token: await platformAdmin() })).status).toBe(200);
    expect((await get("/v1/vins/1HGCM82633A004352", { apiKey: key })).status).toBe(200);
  });

  it("anonymous → 401", async () => {
    expectError(await get("/v1/vins/1HGCM82633A004352"), 401, "unauthorized");
    expectError(
      await get("/v1/vins/1HGCM82633A004352", { apiKey: `fc_pk_${"z".repeat(40)}` }),
      401,
      "unauthorized",
    );
  });
});
