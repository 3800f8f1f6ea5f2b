import { expect } from "vitest";
import type { Repositories, VehicleWrite } from "../../packages/db/src/index";
import type { VehicleFields } from "../../packages/domain/src/index";
import { at, newDealership, uid, vehicleFields } from "./fixtures";
import type { SuiteContext } from "./repository-suite";

const write = (fields: VehicleFields): VehicleWrite => ({ newId: uid("veh"), fields });

async function dealership(repos: Repositories) {
  return (await repos.dealerships.create(newDealership())).id;
}

export function qualityCases({ repos, test }: SuiteContext) {
  test("quality: writeScores stores score, JSON report and rules version; list reads them back", async () => {
    const d = await dealership(repos());
    const other = await dealership(repos());
    const ws = [
      write(vehicleFields(401)),
      write(vehicleFields(402)),
      write(vehicleFields(403, { status: "sold" })),
    ];
    await repos().vehicles.upsertMany(d, ws, { now: at(1), source: "api" });
    const report = { score: 71, flags: [{ code: "few_photos", message: "Ünïcødé “quotes”" }], market: null };
    await repos().quality.writeScores(d, [
      { vehicleId: ws[0]!.newId, score: 71, rulesVersion: "quality-test", quality: report },
      { vehicleId: ws[2]!.newId, score: 40.4, rulesVersion: "quality-test", quality: { score: 40 } },
    ]);
    // Another dealership cannot write this dealership's vehicles.
    await repos().quality.writeScores(other, [
      { vehicleId: ws[1]!.newId, score: 1, rulesVersion: "x", quality: { score: 1 } },
    ]);
    const all = await repos().quality.list(d);
    expect(all.map((r) => r.vehicle.id)).toEqual(ws.map((w) => w.newId).sort());
    const byId = new Map(all.map((r) => [r.vehicle.id, r]));
    expect(byId.get(ws[0]!.newId)).toMatchObject({
      score: 71,
      rulesVersion: "quality-test",
      quality: report,
    });
    expect(byId.get(ws[1]!.newId)).toMatchObject({ score: null, rulesVersion: null, quality: null });
    expect(byId.get(ws[2]!.newId)?.score).toBe(40);
    expect(byId.get(ws[0]!.newId)?.vehicle).toEqual(await repos().vehicles.get(d, ws[0]!.newId));
    expect((await repos().quality.list(d, { status: "active" })).map((r) => r.vehicle.id).sort()).toEqual(
      [ws[0]!.newId, ws[1]!.newId].sort(),
    );
    expect((await repos().quality.list(d, { ids: [ws[1]!.newId, "veh_missing"] })).length).toBe(1);
    expect(await repos().quality.list(d, { ids: [] })).toEqual([]);
    expect(await repos().quality.list(other, { ids: [ws[0]!.newId] })).toEqual([]);
    // An upsert of changed fields leaves the stored score for the service to replace.
    await repos().vehicles.upsertMany(d, [write(vehicleFields(401, { mileage: 99_000 }))], {
      now: at(2),
      source: "api",
    });
    expect((await repos().quality.list(d, { ids: [ws[0]!.newId] }))[0]?.score).toBe(71);
  });

  test("quality: comparables span dealerships, match make/model case-insensitively, honour the rules", async () => {
    const d1 = await dealership(repos());
    const d2 = await dealership(repos());
    const model = uid("Model");
    const make = "Chevrolet";
    const f = (n: number, o: Partial<VehicleFields>) => vehicleFields(n, { make, model, year: 2021, ...o });
    const w1 = [
      write(f(501, { mileage: 10_000, price: { amount: 2_000_000, currency: "USD" } })),
      write(f(502, { year: 2019, mileage: 30_000 })),
      write(f(503, { year: 2018 })), // outside the band
      write(f(504, { status: "sold" })), // not active
      write(f(505, { price: null })), // no price
      write(f(506, { mileage: null, condition: "used" })), // no mileage
      write(f(507, { mileage: null, condition: "new" })), // new: mileage 0
    ];
    const w2 = [write(f(508, { model: model.toUpperCase(), price: { amount: 2_100_000, currency: "EUR" } }))];
    await repos().vehicles.upsertMany(d1, w1, { now: at(1), source: "api" });
    await repos().vehicles.upsertMany(d2, w2, { now: at(1), source: "api" });
    const rows = await repos().quality.comparables({
      make: "CHEVROLET",
      model: model.toLowerCase(),
      yearFrom: 2019,
      yearTo: 2023,
    });
    const ids = [w1[0]!.newId, w1[1]!.newId, w1[6]!.newId, w2[0]!.newId].sort();
    expect(rows.map((r) => r.vehicleId)).toEqual(ids);
    const byId = new Map(rows.map((r) => [r.vehicleId, r]));
    expect(byId.get(w1[0]!.newId)).toEqual({
      vehicleId: w1[0]!.newId,
      dealershipId: d1,
      price: 2_000_000,
      mileage: 10_000,
      year: 2021,
      trim: w1[0]!.fields.trim,
      currency: "USD",
    });
    expect(byId.get(w1[6]!.newId)?.mileage).toBe(0);
    expect(byId.get(w2[0]!.newId)).toMatchObject({ dealershipId: d2, currency: "EUR", price: 2_100_000 });
    expect(
      await repos().quality.comparables({ make, model, yearFrom: 2019, yearTo: 2023, limit: 2 }),
    ).toHaveLength(2);
  });

  test("quality: rescoreCandidates — never scored, other rules version, or the segment moved after the score", async () => {
    const d1 = await dealership(repos());
    const d2 = await dealership(repos());
    const model = uid("Seg");
    const f = (n: number, o: Partial<VehicleFields>) => vehicleFields(n, { make: "Subaru", model, ...o });
    const ws = [
      write(f(601, { year: 2020 })), // scored at 10, segment moves at 20 (d2's 2021 arrives): candidate
      write(f(602, { year: 2010 })), // scored at 10, nothing near its year moves: not
      write(f(603, { year: 2020 })), // scored under another version: candidate
      write(f(604, { year: 2020, status: "sold" })), // not active: never
      write(f(605, { year: 2020 })), // never scored: candidate
      write(f(606, { year: 2020 })), // scored at 30, after the move: not
      write(f(608, { year: 2019 })), // scored at 10; 2021 is at the edge of its ±2 band: candidate
      write(f(609, { year: 2018 })), // scored at 10; 2021 is just outside its band: not
    ];
    await repos().vehicles.upsertMany(d1, ws, { now: at(5), source: "api" });
    const score = (id: string, version: string, when: string) => ({
      vehicleId: id,
      score: 50,
      rulesVersion: version,
      quality: { score: 50 },
      scoredAt: when,
    });
    await repos().quality.writeScores(d1, [
      score(ws[0]!.newId, "v-now", at(10)),
      score(ws[1]!.newId, "v-now", at(10)),
      score(ws[2]!.newId, "v-old", at(10)),
      score(ws[3]!.newId, "v-now", at(10)),
      score(ws[5]!.newId, "v-now", at(30)),
      score(ws[6]!.newId, "v-now", at(10)),
      score(ws[7]!.newId, "v-now", at(10)),
    ]);
    expect((await repos().quality.list(d1, { ids: [ws[0]!.newId] }))[0]?.scoredAt).toBe(at(10));
    await repos().vehicles.upsertMany(d2, [write(f(607, { model: model.toUpperCase(), year: 2021 }))], {
      now: at(20),
      source: "api",
    });
    const mine = (rows: { vehicleId: string; dealershipId: string }[]) =>
      rows.filter((r) => ws.some((w) => w.newId === r.vehicleId));
    const got = mine(
      await repos().quality.rescoreCandidates({ rulesVersion: "v-now", yearBand: 2, limit: 10_000 }),
    );
    expect(got.map((r) => r.vehicleId).sort()).toEqual(
      [ws[0]!.newId, ws[2]!.newId, ws[4]!.newId, ws[6]!.newId].sort(),
    );
    expect(got.every((r) => r.dealershipId === d1)).toBe(true);
    // a narrower band: 2021 is outside ±0 of 2020
    const narrow = mine(
      await repos().quality.rescoreCandidates({ rulesVersion: "v-now", yearBand: 0, limit: 10_000 }),
    );
    expect(narrow.map((r) => r.vehicleId).sort()).toEqual([ws[2]!.newId, ws[4]!.newId].sort());
    expect(
      await repos().quality.rescoreCandidates({ rulesVersion: "v-now", yearBand: 2, limit: 1 }),
    ).toHaveLength(1);
  });
}
