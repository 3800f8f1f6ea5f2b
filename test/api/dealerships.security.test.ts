import { describe, expect, it } from "vitest";
import { dealerAdmin, dealerStaff, platformAdmin } from "./helpers/auth";
import { counts, createApiKey, createDealership, expectError } from "./helpers/fixtures";
import { get, patch, post } from "./helpers/http";

describe("dealerships: security", () => {
  it("only platform_admin creates", async () => {
    const d = await createDealership();
    const before = await counts();
    for (const token of [await dealerAdmin(d.id), await dealerStaff(d.id)]) {
      expectError(
        await post("/v1/dealerships", { name: "Sneaky", websiteUrl: "https://s.example" }, { token }),
        403,
        "forbidden",
      );
    }
    expectError(
      await post("/v1/dealerships", { name: "Sneaky", websiteUrl: "https://s.example" }),
      401,
      "unauthorized",
    );
    expect(await counts()).toEqual(before);
  });

  it("dealer_admin cannot change status or rate limits (403), dealer_staff cannot patch (403)", async () => {
    const d = await createDealership();
    const admin = await dealerAdmin(d.id);
    expect(
      expectError(
        await patch(`/v1/dealerships/${d.id}`, { status: "disabled" }, { token: admin }),
        403,
        "forbidden",
      ).message,
    ).toMatch(/status/);
    expectError(
      await patch(
        `/v1/dealerships/${d.id}`,
        { rateLimits: { public: { limit: 99999, windowSeconds: 1 } } },
        { token: admin },
      ),
      403,
      "forbidden",
    );
    expectError(
      await patch(`/v1/dealerships/${d.id}`, { name: "Staff Rename" }, { token: await dealerStaff(d.id) }),
      403,
      "forbidden",
    );
    expect((await get(`/v1/dealerships/${d.id}`, { token: await platformAdmin() })).body).toEqual(d);
  });

  it("dealer roles get 404 for another dealership — same as a missing id", async () => {
    const a = await createDealership();
    const b = await createDealership();
    for (const token of [await dealerAdmin(a.id), await dealerStaff(a.id)]) {
      const foreign = expectError(await get(`/v1/dealerships/${b.id}`, { token }), 404, "not_found");
      const missing = expectError(
        await get("/v1/dealerships/dlr_0000000000000000000000zzzz", { token }),
        404,
        "not_found",
      );
      expect(foreign.message.replace(b.id, "ID")).toBe(
        missing.message.replace("dlr_0000000000000000000000zzzz", "ID"),
      );
      expectError(await patch(`/v1/dealerships/${b.id}`, { name: "Hijacked" }, { token }), 404, "not_found");
    }
    expect((await get(`/v1/dealerships/${b.id}`, { token: await platformAdmin() })).body.name).toBe(b.name);
  });

  it("API keys are not accepted on staff routes", async () => {
    const d = await createDealership();
    const { key } = await createApiKey(d.id);
    const res = await get(`/v1/dealerships/${d.id}`, { apiKey: key });
    expect(expectError(res, 401, "unauthorized").message).toMatch(/X-Api-Key only works on \/v1\/public/);
    expectError(await get("/v1/dealerships", { apiKey: key }), 401, "unauthorized");
  });
});
