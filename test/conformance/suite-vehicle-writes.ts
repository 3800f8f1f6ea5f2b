import { expect } from "vitest";
import { DuplicateVinError, type Repositories, type VehicleWrite } from "../../packages/db/src/index";
import type { VehicleFields } from "../../packages/domain/src/index";
import { at, newDealership, uid, vehicleFields } from "./fixtures";
import type { SuiteContext } from "./repository-suite";

const write = (fields: VehicleFields): VehicleWrite => ({ newId: uid("veh"), fields });
const opts = (minutes: number, source = "api") => ({ now: at(minutes), source });

async function dealership(repos: Repositories) {
  return (await repos.dealerships.create(newDealership())).id;
}

export function vehicleWriteCases({ repos, fresh, test }: SuiteContext) {
  test("upsert creates, then reports unchanged, then updated", async () => {
    const d = await dealership(repos());
    const w = write(vehicleFields(1));
    const [created] = await repos().vehicles.upsertMany(d, [w], opts(1));
    expect(created).toEqual({ vin: w.fields.vin, id: w.newId, outcome: "created", priceChanged: false });

    const [unchanged] = await repos().vehicles.upsertMany(d, [write(vehicleFields(1))], opts(2));
    expect(unchanged).toEqual({ vin: w.fields.vin, id: w.newId, outcome: "unchanged", priceChanged: false });

    const [updated] = await repos().vehicles.upsertMany(
      d,
      [write(vehicleFields(1, { mileage: 13_000 }))],
      opts(3),
    );
    expect(updated).toEqual({ vin: w.fields.vin, id: w.newId, outcome: "updated", priceChanged: false });
  });

  test("round-trips every field exactly (money, JSON photos, unicode, ISO times)", async () => {
    const d = await dealership(repos());
    const fields = vehicleFields(2, {
      make: "Citroën",
      model: "C5 Aircross",
      trim: null,
      bodyStyle: null,
      price: { amount: 3_456_789, currency: "EUR" },
      mileage: 0,
      photos: ["https://img.example/ü/1.jpg", "https://img.example/a b/2.jpg?x=1&y=2"],
      description: "Ünïcødé — “quotes”, 'apostrophes', emoji 🚗 and a\nnewline",
      drivetrain: null,
      fuelType: "plug_in_hybrid",
    });
    const w = write(fields);
    await repos().vehicles.upsertMany(d, [w], { now: "2026-03-01T01:00:00+01:00", source: "seed" });
    const stored = await repos().vehicles.get(d, w.newId);
    expect(stored).toEqual({
      ...fields,
      id: w.newId,
      dealershipId: d,
      firstSeenAt: at(0),
      lastSeenAt: at(0),
      createdAt: at(0),
      updatedAt: at(0),
      removedAt: null,
    });
    const noPrice = write(vehicleFields(3, { price: null, mileage: null, photos: [] }));
    await repos().vehicles.upsertMany(d, [noPrice], opts(1));
    const bare = await repos().vehicles.get(d, noPrice.newId);
    expect(bare).toMatchObject({ price: null, mileage: null, photos: [] });
  });

  test("updates keep id, createdAt and firstSeenAt; unchanged moves only lastSeenAt", async () => {
    const d = await dealership(repos());
    const w = write(vehicleFields(4));
    await repos().vehicles.upsertMany(d, [w], opts(1));
    await repos().vehicles.upsertMany(d, [write(vehicleFields(4))], opts(2));
    const afterUnchanged = await repos().vehicles.get(d, w.newId);
    expect(afterUnchanged).toMatchObject({
      createdAt: at(1),
      firstSeenAt: at(1),
      updatedAt: at(1),
      lastSeenAt: at(2),
    });
    await repos().vehicles.upsertMany(d, [write(vehicleFields(4, { trim: "XLE" }))], opts(3));
    const afterUpdate = await repos().vehicles.get(d, w.newId);
    expect(afterUpdate).toMatchObject({
      id: w.newId,
      trim: "XLE",
      createdAt: at(1),
      firstSeenAt: at(1),
      updatedAt: at(3),
      lastSeenAt: at(3),
    });
  });

  test("unique per (dealership, VIN): re-ingesting updates; the same VIN in two dealerships is two vehicles", async () => {
    const a = await dealership(repos());
    const b = await dealership(repos());
    const first = write(vehicleFields(5));
    await repos().vehicles.upsertMany(a, [first], opts(1));
    const again = write(vehicleFields(5, { price: { amount: 1_900_000, currency: "USD" } }));
    const [r] = await repos().vehicles.upsertMany(a, [again], opts(2));
    expect(r).toMatchObject({ id: first.newId, outcome: "updated", priceChanged: true });
    expect(await repos().vehicles.getByVins(a, [first.fields.vin])).toHaveLength(1);

    const inB = write(vehicleFields(5));
    const [rb] = await repos().vehicles.upsertMany(b, [inB], opts(3));
    expect(rb).toMatchObject({ id: inB.newId, outcome: "created" });
    expect((await repos().vehicles.getByVins(a, [first.fields.vin]))[0]?.id).toBe(first.newId);
    expect((await repos().vehicles.getByVins(b, [first.fields.vin]))[0]?.id).toBe(inB.newId);
  });

  test("price history: first price on creation, one entry per change, none otherwise", async () => {
    const d = await dealership(repos());
    const w = write(vehicleFields(6, { price: { amount: 2_000_000, currency: "USD" } }));
    await repos().vehicles.upsertMany(d, [w], opts(1, "scrape"));
    await repos().vehicles.upsertMany(d, [write(vehicleFields(6, { mileage: 1 }))], opts(2, "scrape"));
    const [drop] = await repos().vehicles.upsertMany(
      d,
      [write(vehicleFields(6, { mileage: 1, price: { amount: 1_850_000, currency: "USD" } }))],
      opts(3, "scrape"),
    );
    expect(drop).toMatchObject({ outcome: "updated", priceChanged: true });
    await repos().vehicles.upsertMany(
      d,
      [write(vehicleFields(6, { mileage: 1, price: null }))],
      opts(4, "bulk"),
    );
    const patched = await repos().vehicles.update(
      d,
      w.newId,
      { price: { amount: 1_700_000, currency: "USD" } },
      opts(5),
    );
    expect(patched?.changed).toBe(true);
    expect(patched?.vehicle.price).toEqual({ amount: 1_700_000, currency: "USD" });
    await repos().vehicles.update(d, w.newId, { mileage: 2 }, opts(6));
    expect(await repos().vehicles.priceHistory(d, w.newId)).toEqual([
      {
        vehicleId: w.newId,
        price: { amount: 2_000_000, currency: "USD" },
        observedAt: at(1),
        source: "scrape",
      },
      {
        vehicleId: w.newId,
        price: { amount: 1_850_000, currency: "USD" },
        observedAt: at(3),
        source: "scrape",
      },
      { vehicleId: w.newId, price: null, observedAt: at(4), source: "bulk" },
      { vehicleId: w.newId, price: { amount: 1_700_000, currency: "USD" }, observedAt: at(5), source: "api" },
    ]);
  });

  test("a batch with a row the database rejects writes nothing (atomic across statements)", async () => {
    const d = await dealership(repos());
    const a = write(vehicleFields(7));
    const b = write(vehicleFields(8));
    await repos().vehicles.upsertMany(d, [a, b], opts(1));
    const fresh = Array.from({ length: 397 }, (_, i) => write(vehicleFields(10_000 + i)));
    // The last row breaks CHECK (mileage >= 0) in the last of several insert statements on every driver
    // (3 rows per statement on D1, 133 on Postgres), after earlier statements of the batch succeeded.
    const bad = write(vehicleFields(20_000, { mileage: -1 }));
    const batch = [
      write(vehicleFields(7, { price: { amount: 1, currency: "USD" } })),
      write(vehicleFields(8)),
      ...fresh,
      bad,
    ];
    await expect(repos().vehicles.upsertMany(d, batch, opts(2))).rejects.toThrow();
    const stored = await repos().vehicles.getByVins(
      d,
      batch.map((w) => w.fields.vin),
    );
    expect(stored.map((v) => v.id).sort()).toEqual([a.newId, b.newId].sort());
    expect(stored.find((v) => v.id === a.newId)?.price?.amount).toBe(2_000_000);
    expect(stored.find((v) => v.id === b.newId)?.lastSeenAt).toBe(at(1));
    expect(await repos().vehicles.priceHistory(d, a.newId)).toHaveLength(1);
  }, 60_000);

  test("a VIN twice in one batch is rejected and nothing is written", async () => {
    const d = await dealership(repos());
    const batch = [
      write(vehicleFields(30)),
      write(vehicleFields(31)),
      write(vehicleFields(30, { year: 2019 })),
    ];
    await expect(repos().vehicles.upsertMany(d, batch, opts(1))).rejects.toBeInstanceOf(DuplicateVinError);
    expect(await repos().vehicles.getByVins(d, [batch[0]!.fields.vin, batch[1]!.fields.vin])).toEqual([]);
  });

  test("a 1,000-row batch creates, then re-upserts with mixed outcomes", async () => {
    const d = await dealership(repos());
    const writes = Array.from({ length: 1000 }, (_, i) =>
      write(vehicleFields(50_000 + i, { description: `Unit ${i} ${"long text ".repeat(20)}` })),
    );
    const created = await repos().vehicles.upsertMany(d, writes, opts(1, "bulk"));
    expect(created).toHaveLength(1000);
    expect(created.every((r, i) => r.outcome === "created" && r.id === writes[i]!.newId)).toBe(true);

    const again = writes.map((w, i) =>
      write(
        i % 3 === 0
          ? { ...w.fields, price: { amount: 1_000_000 + i, currency: "USD" } }
          : i % 3 === 1
            ? w.fields
            : { ...w.fields, mileage: 99 },
      ),
    );
    const results = await repos().vehicles.upsertMany(d, again, opts(2, "bulk"));
    const count = (o: string) => results.filter((r) => r.outcome === o).length;
    expect([count("created"), count("updated"), count("unchanged")]).toEqual([0, 667, 333]);
    expect(results.filter((r) => r.priceChanged)).toHaveLength(334);
    expect(results.map((r) => r.id)).toEqual(writes.map((w) => w.newId));
    expect(await repos().vehicles.priceHistory(d, writes[3]!.newId)).toHaveLength(2);
    expect(await repos().vehicles.priceHistory(d, writes[4]!.newId)).toHaveLength(1);
    const page = await repos().vehicles.search(d, { status: ["active"], sort: "newest", limit: 500 });
    expect(page.items).toHaveLength(500);
    expect(page.nextCursor).not.toBeNull();
    const all = await repos().vehicles.getByVins(
      d,
      writes.map((w) => w.fields.vin),
    );
    expect(all).toHaveLength(1000);
    expect(all.filter((v) => v.lastSeenAt === at(2))).toHaveLength(1000);
  }, 120_000);

  test("get, getByVins, update, delete and priceHistory are scoped by dealership", async () => {
    const a = await dealership(repos());
    const b = await dealership(repos());
    const w = write(vehicleFields(40));
    await repos().vehicles.upsertMany(a, [w], opts(1));
    expect(await repos().vehicles.get(b, w.newId)).toBeNull();
    expect(await repos().vehicles.getByVins(b, [w.fields.vin])).toEqual([]);
    expect(await repos().vehicles.update(b, w.newId, { mileage: 1 }, opts(2))).toBeNull();
    expect(await repos().vehicles.delete(b, w.newId)).toBe(false);
    expect(await repos().vehicles.priceHistory(b, w.newId)).toEqual([]);
    const stillThere = await repos().vehicles.get(a, w.newId);
    expect(stillThere).toMatchObject({ mileage: 12_000, updatedAt: at(1) });
    expect(await repos().vehicles.priceHistory(a, w.newId)).toHaveLength(1);
    expect(await repos().vehicles.get(a, uid("missing"))).toBeNull();
    expect(await repos().vehicles.getByVins(a, [])).toEqual([]);
  });

  test("update applies a partial patch; a patch that changes nothing writes nothing", async () => {
    const d = await dealership(repos());
    const w = write(vehicleFields(41));
    await repos().vehicles.upsertMany(d, [w], opts(1));
    const before = await repos().vehicles.get(d, w.newId);
    const updated = await repos().vehicles.update(
      d,
      w.newId,
      { mileage: 15_000, trim: null, photos: [] },
      opts(2),
    );
    expect(updated).toEqual({
      vehicle: { ...before, mileage: 15_000, trim: null, photos: [], updatedAt: at(2) },
      changed: true,
    });
    expect(await repos().vehicles.get(d, w.newId)).toEqual(updated?.vehicle);
    // Same value, and a price equal to the stored one: nothing written, reported as unchanged.
    const same = await repos().vehicles.update(
      d,
      w.newId,
      { mileage: 15_000, price: before?.price },
      opts(3),
    );
    expect(same).toEqual({ vehicle: updated?.vehicle, changed: false });
    expect(await repos().vehicles.get(d, w.newId)).toEqual(updated?.vehicle);
    expect(await repos().vehicles.priceHistory(d, w.newId)).toHaveLength(1);
  });

  test("removedAt is set when a vehicle leaves active, kept while inactive, cleared when active again", async () => {
    const d = await dealership(repos());
    const w = write(vehicleFields(42));
    await repos().vehicles.upsertMany(d, [w], opts(1));
    expect((await repos().vehicles.update(d, w.newId, { status: "sold" }, opts(2)))?.vehicle.removedAt).toBe(
      at(2),
    );
    expect(
      (await repos().vehicles.update(d, w.newId, { status: "removed" }, opts(3)))?.vehicle.removedAt,
    ).toBe(at(2));
    const [r] = await repos().vehicles.upsertMany(d, [write(vehicleFields(42))], opts(4));
    expect(r?.outcome).toBe("updated");
    expect(await repos().vehicles.get(d, w.newId)).toMatchObject({ status: "active", removedAt: null });
    const gone = write(vehicleFields(43, { status: "removed" }));
    await repos().vehicles.upsertMany(d, [gone], opts(5));
    expect((await repos().vehicles.get(d, gone.newId))?.removedAt).toBe(at(5));
  });

  test("delete removes the vehicle and its price history", async () => {
    const d = await dealership(repos());
    const w = write(vehicleFields(44));
    await repos().vehicles.upsertMany(d, [w], opts(1));
    await repos().vehicles.update(d, w.newId, { price: { amount: 5, currency: "USD" } }, opts(2));
    expect(await repos().vehicles.delete(d, w.newId)).toBe(true);
    expect(await repos().vehicles.get(d, w.newId)).toBeNull();
    expect(await repos().vehicles.priceHistory(d, w.newId)).toEqual([]);
    expect(await repos().vehicles.delete(d, w.newId)).toBe(false);
    const [r] = await repos().vehicles.upsertMany(d, [write(vehicleFields(44))], opts(3));
    expect(r?.outcome).toBe("created");
  });

  test("getByVins returns only the asked VINs, whatever the list length", async () => {
    const d = await dealership(repos());
    const writes = Array.from({ length: 150 }, (_, i) => write(vehicleFields(60_000 + i)));
    await repos().vehicles.upsertMany(d, writes, opts(1));
    const asked = writes.filter((_, i) => i % 2 === 0).map((w) => w.fields.vin);
    const found = await repos().vehicles.getByVins(d, [...asked, "NOSUCHVIN00000000"]);
    expect(found.map((v) => v.vin).sort()).toEqual([...asked].sort());
  }, 60_000);

  test("concurrent upserts of the same new VIN from two connections leave one vehicle and a consistent history", async () => {
    const d = await dealership(repos());
    const [one, two] = [await fresh(), await fresh()];
    try {
      const a = write(vehicleFields(80, { price: { amount: 100, currency: "USD" } }));
      const b = write(vehicleFields(80, { price: { amount: 200, currency: "USD" } }));
      const [[ra], [rb]] = await Promise.all([
        one.vehicles.upsertMany(d, [a], opts(1)),
        two.vehicles.upsertMany(d, [b], opts(1)),
      ]);
      const stored = await repos().vehicles.getByVins(d, [a.fields.vin]);
      expect(stored).toHaveLength(1);
      const winner = stored[0]!;
      // Whatever the interleaving, both callers are told the id that is actually stored.
      expect([ra?.id, rb?.id]).toEqual([winner.id, winner.id]);
      const history = await repos().vehicles.priceHistory(d, winner.id);
      expect(history.length).toBeGreaterThanOrEqual(1);
      expect(history.at(-1)?.price).toEqual(winner.price);
    } finally {
      await one.close();
      await two.close();
    }
  });
}
