import { describe, expect, it } from "vitest";
import { dealerAdmin, dealerStaff } from "./helpers/auth";
import { counts, createDealership, createVehicle, vehicleInput } from "./helpers/fixtures";
import { del, get, patch, post } from "./helpers/http";
import { makeVin, WMI } from "./helpers/vins";

describe("vehicles: create/update by VIN", async () => {
  const d = await createDealership();
  const token = await dealerStaff(d.id);
  const base = `/v1/dealerships/${d.id}/vehicles`;

  it("POST creates (201 + Location), normalising make, model, colour and strings", async () => {
    const input = vehicleInput({
      make: " chevy ",
      model: "SILVERADO 1500",
      exteriorColor: "  Summit   White ",
      trim: "  LT  ",
    });
    const res = await post(base, input, { token });
    expect(res.status).toBe(201);
    expect(res.headers.get("Location")).toBe(`${base}/${res.body.id}`);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^veh_[0-9a-z]{26}$/),
      dealershipId: d.id,
      vin: input.vin,
      year: 2021,
      make: "Chevrolet",
      model: "Silverado 1500",
      trim: "LT",
      exteriorColor: "Summit White",
      exteriorColorFamily: "white",
      price: { amount: 3_499_500, currency: "USD" },
      status: "active",
      removedAt: null,
    });
  });

  it("re-POSTing the same VIN updates (200), keeps the id, records the price change", async () => {
    const first = await createVehicle(d.id);
    const again = await post(
      base,
      { ...vehicleInput(), vin: first.vin, price: { amount: 3_299_500, currency: "usd" }, mileage: 29_000 },
      { token },
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      id: first.id,
      price: { amount: 3_299_500, currency: "USD" },
      mileage: 29_000,
      firstSeenAt: first.firstSeenAt,
    });
    const history = await get(`${base}/${first.id}/price-history`, { token });
    expect(history.status).toBe(200);
    expect(history.body.items.map((h: any) => h.price.amount)).toEqual([3_499_500, 3_299_500]);
    expect(history.body.items.every((h: any) => h.source === "api" && h.vehicleId === first.id)).toBe(true);
    expect(history.body.nextCursor).toBeNull();
  });

  it("a lower-case VIN is the same vehicle", async () => {
    const first = await createVehicle(d.id);
    const again = await post(base, { ...vehicleInput(), vin: first.vin.toLowerCase() }, { token });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.id);
  });

  it("GET one, PATCH some fields, DELETE", async () => {
    const v = await createVehicle(d.id);
    const got = await get(`${base}/${v.id}`, { token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(v);

    const patched = await patch(
      `${base}/${v.id}`,
      { price: { amount: 3_199_500, currency: "USD" }, exteriorColor: "Deep Ocean Blue", make: "chevy" },
      { token },
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      id: v.id,
      price: { amount: 3_199_500 },
      exteriorColor: "Deep Ocean Blue",
      exteriorColorFamily: "blue",
      make: "Chevrolet",
      model: v.model,
      mileage: v.mileage,
    });
    const history = await get(`${base}/${v.id}/price-history`, { token });
    expect(history.body.items).toHaveLength(2);

    const sold = await patch(`${base}/${v.id}`, { status: "sold" }, { token });
    expect(sold.body).toMatchObject({ status: "sold", removedAt: expect.any(String) });

    const removed = await del(`${base}/${v.id}`, { token: await dealerAdmin(d.id) });
    expect(removed.status).toBe(204);
    expect(removed.text).toBe("");
    expect((await get(`${base}/${v.id}`, { token })).status).toBe(404);
    expect((await del(`${base}/${v.id}`, { token })).status).toBe(404);
  });

  it("clearing optional fields with null", async () => {
    const v = await createVehicle(d.id);
    const res = await patch(`${base}/${v.id}`, { price: null, mileage: null, trim: null }, { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ price: null, mileage: null, trim: null });
  });

  it("VINs outside North America with their own makes", async () => {
    const res = await post(
      base,
      vehicleInput({ vin: makeVin(2022, WMI.volkswagen), year: 2022, make: "vw", model: "golf gti" }),
      { token },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ make: "Volkswagen", model: "Golf GTI" });
  });
});

describe("vehicles: bulk", async () => {
  const d = await createDealership();
  const token = await dealerStaff(d.id);
  const url = `/v1/dealerships/${d.id}/vehicles/bulk`;

  it("creates, updates and reports per item, in order", async () => {
    const existing = await createVehicle(d.id);
    const items = [
      vehicleInput(),
      { ...vehicleInput(), vin: existing.vin, price: { amount: 1_000_000, currency: "USD" } },
      vehicleInput({ year: 2019, vin: makeVin(2021) }), // year contradicts the VIN
      vehicleInput(),
    ];
    items.push({ ...items[0]!, stockNumber: "DUP" }); // same VIN twice in one call
    const res = await post(url, { items }, { token });
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ created: 2, updated: 1, unchanged: 0, failed: 2 });
    expect(res.body.results.map((r: any) => [r.index, r.outcome])).toEqual([
      [0, "created"],
      [1, "updated"],
      [2, "failed"],
      [3, "created"],
      [4, "failed"],
    ]);
    expect(res.body.results[1]).toMatchObject({ id: existing.id, priceChanged: true });
    expect(res.body.results[2].error).toMatchObject({
      code: "unprocessable",
      issues: [{ path: ["year"], code: "vin_year_mismatch" }],
    });
    expect(res.body.results[4].error.issues[0].code).toBe("duplicate_in_batch");
  });

  it("re-sending the same batch is idempotent (unchanged)", async () => {
    const items = [vehicleInput(), vehicleInput()];
    expect((await post(url, { items }, { token })).body.summary.created).toBe(2);
    const again = await post(url, { items }, { token });
    expect(again.body.summary).toEqual({ created: 0, updated: 0, unchanged: 2, failed: 0 });
  });

  it("atomic: one bad item rejects the call with 422 and writes nothing", async () => {
    const before = await counts(d.id);
    const items = [vehicleInput(), vehicleInput({ vin: "1G1ZD5ST0MU000000" }), vehicleInput()];
    const res = await post(url, { items, atomic: true }, { token });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("unprocessable");
    expect(res.body.error.message).toMatch(/nothing was written/);
    expect(res.body.error.details.items).toHaveLength(1);
    expect(res.body.error.details.items[0]).toMatchObject({ index: 1, outcome: "failed" });
    expect(await counts(d.id)).toEqual(before);
  });

  it("1,000 items in one call", async () => {
    const items = Array.from({ length: 1000 }, () => vehicleInput());
    const started = Date.now();
    const res = await post(url, { items, atomic: true }, { token });
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    expect(res.body.summary.created).toBe(1000);
    console.log(
      `[bulk] 1,000-item atomic upsert: ${Date.now() - started} ms, body ${JSON.stringify({ items }).length} bytes`,
    );
    const page = await get(`/v1/dealerships/${d.id}/vehicles?limit=1&facets=make`, { token });
    expect(page.body.facets.make[0].count).toBeGreaterThanOrEqual(1000);
  });
});
