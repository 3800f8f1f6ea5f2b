// Quality in the background (workerd, real local D1): the cron tick rescores vehicles whose market segment
// moved (same make/model, year ±2, any dealership) or whose rules version is old, in bounded batches; and
// duplicate listings get their flag on ingest (API) and on the rescore after a scrape.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createRepositories, type VehicleWrite } from "../../packages/db/src/index";
import type { VehicleFields } from "../../packages/domain/src/index";
import { RULES_VERSION } from "../../packages/quality/src/index";
import { createServices } from "../../packages/services/src/index";
import { computeCheckDigit } from "../../packages/vin/src/index";
import scraper from "../../workers/scraper/src/index";
import { dealerAdmin, platformAdmin } from "../api/helpers/auth";
import { get, post } from "../api/helpers/http";
import { newDealership, uid, vehicleFields } from "../conformance/fixtures";
import { DB } from "./support/helpers";

const repos = () => createRepositories({ driver: "d1", d1: DB });
const services = () => createServices({ repos: repos() });

async function tick() {
  const ctx = createExecutionContext();
  await scraper.scheduled(
    createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }),
    env as never,
    ctx,
  );
  await waitOnExecutionContext(ctx);
}

/** A dealership with no scrape schedule, so the cron ticks below only rescore. */
const dealership = async () =>
  (await repos().dealerships.create(newDealership({ scrapeSchedule: { enabled: false, cron: "0 3 * * *" } })))
    .id;

let n = 70_000;
async function addVehicles(dealershipId: string, fields: Partial<VehicleFields>[]): Promise<string[]> {
  const writes: VehicleWrite[] = fields.map((f) => ({ newId: uid("veh"), fields: vehicleFields(n++, f) }));
  await repos().vehicles.upsertMany(dealershipId, writes, { now: new Date().toISOString(), source: "api" });
  return writes.map((w) => w.newId);
}

async function stored(dealershipId: string, id: string) {
  const [row] = await repos().quality.list(dealershipId, { ids: [id] });
  return row!;
}

/** Ticks until `done` (the backlog may hold other tests' vehicles; each tick takes at most 500). */
async function tickUntil(done: () => Promise<boolean>, max = 20) {
  for (let i = 0; i < max; i++) {
    await tick();
    if (await done()) return;
  }
  throw new Error(`not done after ${max} cron ticks`);
}

describe("background rescore: the cron recomputes scores when comparables move or rules change", () => {
  it("a vehicle scored with no market gets a rating once comparables arrive at other dealerships", async () => {
    const model = uid("Rescore");
    const a = await dealership();
    const b = await dealership();
    const [subject] = await addVehicles(a, [
      { make: "Toyota", model, year: 2021, mileage: 30_000, price: { amount: 3_200_000, currency: "USD" } },
    ]);
    await services().quality.scoreVehicles(a, [subject!]);
    const before = await stored(a, subject!);
    expect(before.scoredAt).not.toBeNull();
    expect((before.quality as any).market).toMatchObject({ rating: null, comparables: 0 });

    // Nothing moved: not a candidate.
    const idle = await repos().quality.rescoreCandidates({
      rulesVersion: RULES_VERSION,
      yearBand: 2,
      limit: 10_000,
    });
    expect(idle.some((c) => c.vehicleId === subject)).toBe(false);

    // Eight comparables appear at another dealership (same make/model, within ±2 years), all cheaper.
    await new Promise((r) => setTimeout(r, 5));
    await addVehicles(
      b,
      Array.from({ length: 8 }, (_, i) => ({
        make: "TOYOTA",
        model: model.toLowerCase(),
        year: 2020 + (i % 3),
        mileage: 25_000 + i * 2_000,
        price: { amount: 2_300_000 + i * 20_000, currency: "USD" },
      })),
    );
    const moved = await repos().quality.rescoreCandidates({
      rulesVersion: RULES_VERSION,
      yearBand: 2,
      limit: 10_000,
    });
    expect(moved.some((c) => c.vehicleId === subject && c.dealershipId === a)).toBe(true);

    await tickUntil(async () => (await stored(a, subject!)).scoredAt !== before.scoredAt);
    const after = await stored(a, subject!);
    const market = (after.quality as any).market;
    expect(market.comparables).toBe(8);
    expect(["high", "overpriced"]).toContain(market.rating);
    expect(after.score).toBeLessThan(before.score!);
    // ...and it is no longer a candidate.
    const again = await repos().quality.rescoreCandidates({
      rulesVersion: RULES_VERSION,
      yearBand: 2,
      limit: 10_000,
    });
    expect(again.some((c) => c.vehicleId === subject)).toBe(false);
  });

  it("a vehicle scored under an older rules version is rescored; one outside the year band is not", async () => {
    const model = uid("Rules");
    const d = await dealership();
    const [old, far] = await addVehicles(d, [
      { make: "Honda", model, year: 2015 },
      { make: "Honda", model, year: 2024 },
    ]);
    await services().quality.scoreVehicles(d, [old!, far!]);
    await DB.prepare("UPDATE vehicles SET quality_rules_version = 'quality-1999.1' WHERE id = ?")
      .bind(old)
      .run();
    const farBefore = await stored(d, far!);
    await tickUntil(async () => (await stored(d, old!)).rulesVersion === RULES_VERSION);
    // A change far outside the other's year band (2015 vs 2024) moved nothing for it.
    expect((await stored(d, far!)).scoredAt).toBe(farBefore.scoredAt);
  });

  it("works in bounded batches: each call takes at most `limit`, and says when more remain", async () => {
    const model = uid("Batch");
    const d = await dealership();
    const ids = await addVehicles(
      d,
      Array.from({ length: 7 }, (_, i) => ({ make: "Mazda", model, year: 2019 + (i % 2) })),
    );
    // drain whatever other tests left, then make exactly these 7 stale
    for (let i = 0; i < 50 && (await services().quality.rescoreStale({ limit: 5_000 })).more; i++);
    await DB.prepare(
      `UPDATE vehicles SET quality_scored_at = NULL WHERE id IN (${ids.map(() => "?").join(",")})`,
    )
      .bind(...ids)
      .run();
    const first = await services().quality.rescoreStale({ limit: 3 });
    expect(first).toMatchObject({ scored: 3, dealerships: 1, more: true });
    const second = await services().quality.rescoreStale({ limit: 3 });
    expect(second).toMatchObject({ scored: 3, more: true });
    const third = await services().quality.rescoreStale({ limit: 3 });
    expect(third).toMatchObject({ scored: 1, more: false });
    for (const id of ids) expect((await stored(d, id)).scoredAt).not.toBeNull();
  });

  it("takes at most `maxDealerships` dealerships per call (the cron invocation's query budget); the rest next call", async () => {
    const model = uid("Spread");
    const dealers = [await dealership(), await dealership(), await dealership()];
    const ids: string[] = [];
    for (const d of dealers) ids.push(...(await addVehicles(d, [{ make: "Kia", model, year: 2020 }])));
    for (let i = 0; i < 50 && (await services().quality.rescoreStale({ limit: 5_000 })).more; i++);
    await DB.prepare(
      `UPDATE vehicles SET quality_scored_at = NULL WHERE id IN (${ids.map(() => "?").join(",")})`,
    )
      .bind(...ids)
      .run();
    const first = await services().quality.rescoreStale({ limit: 100, maxDealerships: 2 });
    expect(first).toMatchObject({ scored: 2, dealerships: 2, more: true });
    const second = await services().quality.rescoreStale({ limit: 100, maxDealerships: 2 });
    expect(second).toMatchObject({ scored: 1, dealerships: 1, more: false });
    for (const [i, d] of dealers.entries()) expect((await stored(d, ids[i]!)).scoredAt).not.toBeNull();
  });
});

describe("duplicate listings are flagged on ingest and on rescore", () => {
  const shared = ["1", "2", "3", "4"].map((p) => `https://img.example/dup/${p}.jpg`);
  const text =
    "Clean two owner hatchback with new tyres, full dealer service history, heated seats, rear camera and two keys included with the sale.";

  it("API ingest: the second listing with the same photos and description is flagged, naming the first", async () => {
    const dealer = (
      await post(
        "/v1/dealerships",
        {
          name: uid("Dup"),
          websiteUrl: "https://dup.example/",
          timezone: "UTC",
          scrapeSchedule: { enabled: false, cron: "0 3 * * *" },
        },
        { token: await platformAdmin() },
      )
    ).body;
    const token = await dealerAdmin(dealer.id);
    const body = (vin: string) => ({
      vin,
      year: 2019,
      make: "Volkswagen",
      model: "Golf",
      price: { amount: 1_650_000, currency: "USD" },
      mileage: 41_000,
      condition: "used",
      photos: shared,
      description: text,
    });
    const vin = (serial: string) => {
      const v = `3VWG57AU0KM${serial}`;
      return `${v.slice(0, 8)}${computeCheckDigit(v)}${v.slice(9)}`;
    };
    const first = await post(`/v1/dealerships/${dealer.id}/vehicles`, body(vin("000001")), { token });
    expect(first.status, first.text).toBe(201);
    const second = await post(`/v1/dealerships/${dealer.id}/vehicles`, body(vin("000002")), { token });
    expect(second.status, second.text).toBe(201);
    const got = await get(`/v1/dealerships/${dealer.id}/vehicles/${second.body.id}`, { token });
    const dup = got.body.quality.flags.filter((f: any) => f.code === "possible_duplicate");
    expect(dup.length).toBeGreaterThanOrEqual(1);
    expect(dup.map((f: any) => f.message).join(" ")).toContain(first.body.id);
    expect(got.body.quality.parts.find((p: any) => p.name === "duplicates").score).toBeLessThan(1);
  });

  it("scraper path: batches score without duplicates; the rescore after the scrape adds the flags, once", async () => {
    const d = await dealership();
    const ids = await addVehicles(d, [
      { photos: shared, description: text },
      { photos: shared, description: text },
      {
        photos: ["https://img.example/unique/1.jpg"],
        description: "A different car entirely, with its own story and a long service record.",
      },
    ]);
    const q = services().quality;
    await q.scoreVehicles(d, ids, { duplicates: false });
    const flags = async (id: string) => ((await stored(d, id)).quality as any).flags.map((f: any) => f.code);
    expect(await flags(ids[0]!)).not.toContain("possible_duplicate");
    const r = await q.rescore(d);
    expect(r.scored).toBe(3); // duplicates were not checked for any of them yet
    expect(await flags(ids[0]!)).toContain("possible_duplicate");
    expect(await flags(ids[1]!)).toContain("possible_duplicate");
    expect(await flags(ids[2]!)).not.toContain("possible_duplicate");
    expect((await q.rescore(d)).scored).toBe(0); // nothing changed
    // The duplicate is sold: the other one's flag goes away on the next rescore.
    await DB.prepare("UPDATE vehicles SET status = 'sold' WHERE id = ?").bind(ids[1]).run();
    expect((await q.rescore(d)).scored).toBe(1);
    expect(await flags(ids[0]!)).not.toContain("possible_duplicate");
  });
});
