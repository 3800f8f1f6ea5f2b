import { describe, expect, it } from "vitest";
import { dealerStaff } from "./helpers/auth";
import { createApiKey, createDealership, createVehicle, expectError } from "./helpers/fixtures";
import { get } from "./helpers/http";

const INTERNAL = [
  "dealershipId",
  "status",
  "firstSeenAt",
  "lastSeenAt",
  "createdAt",
  "updatedAt",
  "removedAt",
];

describe("public read-only API (dealer websites)", async () => {
  const a = await createDealership();
  const b = await createDealership();
  const keyA = await createApiKey(a.id);
  const keyB = await createApiKey(b.id);
  const activeA = await createVehicle(a.id, { model: "tahoe" });
  const soldA = await createVehicle(a.id, { status: "sold" });
  const activeB = await createVehicle(b.id);

  it("lists only the key's dealership's active vehicles, without internal fields", async () => {
    const res = await get("/v1/public/vehicles", { apiKey: keyA.key });
    expect(res.status).toBe(200);
    const ids = res.body.items.map((v: any) => v.id);
    expect(ids).toContain(activeA.id);
    expect(ids).not.toContain(soldA.id);
    expect(ids).not.toContain(activeB.id);
    for (const v of res.body.items) for (const f of INTERNAL) expect(v).not.toHaveProperty(f);
    expect(res.text).not.toContain(b.id);
  });

  it("filters, facets and pagination work; status is not a public filter or facet", async () => {
    const res = await get("/v1/public/vehicles?make=Chevrolet&facets=make,bodyStyle&limit=5", {
      apiKey: keyA.key,
    });
    expect(res.status).toBe(200);
    expect(res.body.facets.make).toEqual([{ value: "Chevrolet", count: 1 }]);
    expectError(await get("/v1/public/vehicles?status=sold", { apiKey: keyA.key }), 400, "validation_failed");
    expectError(
      await get("/v1/public/vehicles?facets=status", { apiKey: keyA.key }),
      400,
      "validation_failed",
    );
    expectError(await get("/v1/public/vehicles?cursor=nonsense", { apiKey: keyA.key }), 400, "bad_request");
  });

  it("detail: own active vehicle 200; sold, other dealership's or unknown → 404", async () => {
    const ok = await get(`/v1/public/vehicles/${activeA.id}`, { apiKey: keyA.key });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: activeA.id, vin: activeA.vin, price: activeA.price });
    for (const f of INTERNAL) expect(ok.body).not.toHaveProperty(f);
    expectError(await get(`/v1/public/vehicles/${soldA.id}`, { apiKey: keyA.key }), 404, "not_found");
    const foreign = expectError(
      await get(`/v1/public/vehicles/${activeB.id}`, { apiKey: keyA.key }),
      404,
      "not_found",
    );
    const missing = expectError(
      await get("/v1/public/vehicles/veh_00000000000000000000000000", { apiKey: keyA.key }),
      404,
      "not_found",
    );
    expect(foreign.message.replace(activeB.id, "ID")).toBe(
      missing.message.replace("veh_00000000000000000000000000", "ID"),
    );
    expect((await get(`/v1/public/vehicles/${activeB.id}`, { apiKey: keyB.key })).status).toBe(200);
  });

  it("a staff JWT is not accepted on public routes", async () => {
    expectError(await get("/v1/public/vehicles", { token: await dealerStaff(a.id) }), 401, "unauthorized");
    expectError(
      await get(`/v1/public/vehicles/${activeA.id}`, { token: await dealerStaff(a.id) }),
      401,
      "unauthorized",
    );
  });

  it("public routes are read-only", async () => {
    const { call } = await import("./helpers/http");
    expectError(
      await call("/v1/public/vehicles", { method: "POST", apiKey: keyA.key, json: {} }),
      404,
      "not_found",
    );
    expectError(
      await call(`/v1/public/vehicles/${activeA.id}`, { method: "DELETE", apiKey: keyA.key }),
      404,
      "not_found",
    );
  });
});
