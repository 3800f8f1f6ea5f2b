import { describe, expect, it } from "vitest";
import { dealerAdmin, dealerStaff, mintToken, platformAdmin } from "./helpers/auth";
import {
  counts,
  createApiKey,
  createDealership,
  createVehicle,
  expectError,
  vehicleInput,
} from "./helpers/fixtures";
import { del, get, patch, post } from "./helpers/http";

describe("vehicles: security", async () => {
  const a = await createDealership();
  const b = await createDealership();
  const vb = await createVehicle(b.id);

  it("no token → 401 on every vehicle route, nothing written", async () => {
    const before = await counts(b.id);
    const base = `/v1/dealerships/${b.id}/vehicles`;
    expectError(await post(base, vehicleInput()), 401, "unauthorized");
    expectError(await post(`${base}/bulk`, { items: [vehicleInput()] }), 401, "unauthorized");
    expectError(await get(base), 401, "unauthorized");
    expectError(await get(`${base}/${vb.id}`), 401, "unauthorized");
    expectError(await patch(`${base}/${vb.id}`, { mileage: 1 }), 401, "unauthorized");
    expectError(await del(`${base}/${vb.id}`), 401, "unauthorized");
    expectError(await get(`${base}/${vb.id}/price-history`), 401, "unauthorized");
    expect(await counts(b.id)).toEqual(before);
  });

  it("an expired token of B's own admin → 401", async () => {
    const expired = await mintToken("dealer_admin", { dealerships: [b.id], expiresIn: -60 });
    expectError(
      await get(`/v1/dealerships/${b.id}/vehicles/${vb.id}`, { token: expired }),
      401,
      "unauthorized",
    );
  });

  it("a token for A gets 404 for B's vehicles, even when it names B's vehicle under A's path", async () => {
    const staffA = await dealerStaff(a.id);
    expectError(await get(`/v1/dealerships/${a.id}/vehicles/${vb.id}`, { token: staffA }), 404, "not_found");
    expectError(
      await patch(`/v1/dealerships/${a.id}/vehicles/${vb.id}`, { mileage: 1 }, { token: staffA }),
      404,
      "not_found",
    );
    expectError(await del(`/v1/dealerships/${a.id}/vehicles/${vb.id}`, { token: staffA }), 404, "not_found");
    expectError(
      await get(`/v1/dealerships/${a.id}/vehicles/${vb.id}/price-history`, { token: staffA }),
      404,
      "not_found",
    );
    expect(
      (await get(`/v1/dealerships/${b.id}/vehicles/${vb.id}`, { token: await platformAdmin() })).body,
    ).toEqual(vb);
  });

  it("re-posting B's VIN as A creates A's own vehicle; B's is untouched", async () => {
    const res = await post(
      `/v1/dealerships/${a.id}/vehicles`,
      { ...vehicleInput(), vin: vb.vin, price: { amount: 1, currency: "USD" } },
      { token: await dealerAdmin(a.id) },
    );
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(vb.id);
    expect(res.body.dealershipId).toBe(a.id);
    expect(
      (await get(`/v1/dealerships/${b.id}/vehicles/${vb.id}`, { token: await platformAdmin() })).body.price,
    ).toEqual(vb.price);
  });

  it("an API key of A cannot read staff vehicle routes of A or B", async () => {
    const { key } = await createApiKey(a.id);
    expectError(await get(`/v1/dealerships/${a.id}/vehicles`, { apiKey: key }), 401, "unauthorized");
    expectError(await get(`/v1/dealerships/${b.id}/vehicles/${vb.id}`, { apiKey: key }), 401, "unauthorized");
  });

  it("a multi-dealership token reaches each of its dealerships and no other", async () => {
    const c = await createDealership();
    const token = await mintToken("dealer_staff", { dealerships: [a.id, c.id] });
    expect((await get(`/v1/dealerships/${a.id}/vehicles`, { token })).status).toBe(200);
    expect((await get(`/v1/dealerships/${c.id}/vehicles`, { token })).status).toBe(200);
    expectError(await get(`/v1/dealerships/${b.id}/vehicles`, { token }), 404, "not_found");
  });
});
