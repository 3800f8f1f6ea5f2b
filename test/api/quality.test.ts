import { createRepositories } from "@forecourt/db";
import { createServices } from "@forecourt/services";
import { describe, expect, it } from "vitest";
import { RULES_VERSION } from "../../packages/quality/src/index";
import { dealerAdmin, dealerStaff, platformAdmin } from "./helpers/auth";
import {
  createApiKey,
  createDealership,
  createVehicle,
  DB,
  expectError,
  uniq,
  vehicleInput,
} from "./helpers/fixtures";
import { get, patch } from "./helpers/http";

/** A model name no other test file uses, so the cross-dealership market is exactly what we seed. */
const model = (label: string) => `${label} ${uniq("q").replace(/[^a-z0-9]/gi, "")}`;

const RICH_DESCRIPTION =
  "This Silverado was serviced at our shop last month with new front brake pads, a fresh oil change and two new " +
  "Michelin tires. It has the trailering package with an integrated brake controller, heated front seats, a " +
  "spray-in bedliner and the eight inch touchscreen with wireless phone projection. The interior shows light wear " +
  "on the driver bolster only, and both keys plus the original window sticker come with the truck. Carfax shows " +
  "one previous owner in Ohio and no reported accidents.";

function richInput(overrides: Record<string, unknown> = {}) {
  return vehicleInput({
    interiorColor: "Jet Black",
    engine: "5.3L V8",
    photos: Array.from({ length: 16 }, (_, i) => `https://img.example/rich/${uniq("p")}-${i}.jpg`),
    description: RICH_DESCRIPTION,
    ...overrides,
  });
}

describe("listing quality", async () => {
  const a = await createDealership();
  const b = await createDealership();
  const staffA = await dealerStaff(a.id);
  const base = `/v1/dealerships/${a.id}`;
  const thinModel = model("Silverado");

  const rich = await createVehicle(a.id, richInput({ model: thinModel }));
  const thin = await createVehicle(a.id, {
    model: thinModel,
    trim: null,
    photos: ["https://img.example/one.jpg"],
    description: "Great car! Call today.",
  });

  it("scores every write: a thin listing scores lower, with the flags that say what to fix", async () => {
    expect(rich.quality).toMatchObject({ score: expect.any(Number), parts: expect.any(Array) });
    expect(thin.quality.score).toBeLessThan(rich.quality.score);
    expect(rich.quality.score).toBeGreaterThanOrEqual(90);
    const codes = thin.quality.flags.map((f: any) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["few_photos", "thin_description", "missing_fields"]));
    expect(rich.quality.flags.map((f: any) => f.code)).not.toContain("few_photos");
    expect(thin.quality.parts.map((p: any) => p.name)).toEqual([
      "completeness",
      "photos",
      "description",
      "vin",
      "plausibility",
      "price",
      "duplicates",
    ]);
    // Stored: GET and search show the same report.
    const again = await get(`${base}/vehicles/${thin.id}`, { token: staffA });
    expect(again.body.quality).toEqual(thin.quality);
    const page = await get(`${base}/vehicles?make=Chevrolet`, { token: staffA });
    expect(page.body.items.find((v: any) => v.id === thin.id).quality.score).toBe(thin.quality.score);
  });

  it("a PATCH rescores the vehicle", async () => {
    const fixed = await patch(
      `${base}/vehicles/${thin.id}`,
      { description: RICH_DESCRIPTION, photos: rich.photos.map((p: string) => `${p}?v=2`) },
      { token: staffA },
    );
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(fixed.body.quality.score).toBeGreaterThan(thin.quality.score);
    expect(fixed.body.quality.flags.map((f: any) => f.code)).not.toContain("thin_description");
    // Put it back for the summary below.
    const back = await patch(
      `${base}/vehicles/${thin.id}`,
      { description: thin.description, photos: thin.photos },
      { token: staffA },
    );
    expect(back.body.quality.score).toBe(thin.quality.score);
  });

  it("a PATCH that changes nothing writes nothing and is not rescored", async () => {
    const stored = () =>
      DB.prepare("SELECT updated_at, quality_scored_at, quality_score FROM vehicles WHERE id = ?")
        .bind(thin.id)
        .first();
    const before = await stored();
    expect(before?.quality_scored_at).toBeTruthy();
    const same = await patch(
      `${base}/vehicles/${thin.id}`,
      { description: thin.description, photos: thin.photos, price: thin.price },
      { token: staffA },
    );
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body.quality.score).toBe(thin.quality.score);
    // Neither the row nor its score was rewritten (a rescore stamps quality_scored_at).
    expect(await stored()).toEqual(before);
  });

  it("price vs market: not enough data with few comparables; overpriced against ≥ 5 in another dealership", async () => {
    const marketModel = model("Tahoe");
    const lonely = await createVehicle(a.id, richInput({ model: marketModel }));
    expect(lonely.quality.market).toMatchObject({ rating: null, reason: "not enough data" });
    expect(lonely.quality.flags.map((f: any) => f.code)).toContain("insufficient_market_data");

    const seeded: any[] = [];
    for (let i = 0; i < 8; i++) {
      seeded.push(
        await createVehicle(b.id, {
          model: marketModel,
          mileage: 20_000 + i * 2_500,
          price: { amount: 3_000_000 + (i % 3) * 40_000, currency: "USD" },
        }),
      );
    }
    const res = await createVehicle(
      a.id,
      richInput({ model: marketModel, mileage: 28_000, price: { amount: 6_000_000, currency: "USD" } }),
    );
    expect(res.quality.market).toMatchObject({ rating: "overpriced", outlier: "high" });
    expect(res.quality.market.comparables).toBeGreaterThanOrEqual(5);
    expect(res.quality.flags.map((f: any) => f.code)).toContain("price_outlier_high");
    // Only counts and ranges cross tenants: nothing of B's appears in A's replies.
    const text = JSON.stringify(res) + (await get(`${base}/quality`, { token: staffA })).text;
    expect(text).not.toContain(b.id);
    for (const v of seeded) {
      expect(text).not.toContain(v.id);
      expect(text).not.toContain(v.vin);
    }
  });

  it("GET /quality summarises the active inventory; the numbers match the vehicles' scores", async () => {
    const res = await get(`${base}/quality`, { token: staffA });
    expect(res.status, res.text).toBe(200);
    const all = await get(`${base}/vehicles?limit=100`, { token: staffA });
    const scores: number[] = all.body.items
      .map((v: any) => v.quality.score)
      .sort((x: number, y: number) => x - y);
    expect(res.body.count).toBe(scores.length);
    const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
    expect(res.body.averageScore).toBeCloseTo(Math.round(mean * 10) / 10, 5);
    expect(res.body.distribution.reduce((s: number, bkt: any) => s + bkt.count, 0)).toBe(scores.length);
    expect(res.body.worst[0]).toEqual({
      vehicleId: thin.id,
      vin: thin.vin,
      year: thin.year,
      make: thin.make,
      model: thin.model,
      score: thin.quality.score,
      flags: expect.any(Array),
    });
    expect([...res.body.worst[0].flags].sort()).toEqual(thin.quality.flags.map((f: any) => f.code).sort());
    expect(res.body.worst.map((w: any) => w.score)).toEqual(scores.slice(0, res.body.worst.length));
    expect(res.body.flagCounts).toEqual(expect.arrayContaining([{ code: "thin_description", count: 1 }]));
    const admin = await get(`${base}/quality`, { token: await platformAdmin() });
    expect(admin.status).toBe(200);
    expect(admin.body).toEqual(res.body);
  });

  it("is tenant-scoped: B's token gets 404, a publishable key is refused, an empty dealership is zero", async () => {
    expectError(await get(`${base}/quality`, { token: await dealerAdmin(b.id) }), 404, "not_found");
    const key = await createApiKey(a.id);
    const byKey = await get(`${base}/quality`, { apiKey: key.key });
    expect([401, 403]).toContain(byKey.status);
    const empty = await createDealership();
    const none = await get(`/v1/dealerships/${empty.id}/quality`, { token: await dealerAdmin(empty.id) });
    expect(none.body).toMatchObject({
      count: 0,
      averageScore: null,
      median: null,
      worst: [],
      flagCounts: [],
    });
  });

  it("rescore (background job) rescores vehicles never scored or scored under older rules, and only those", async () => {
    await DB.prepare("UPDATE vehicles SET quality_rules_version = 'quality-old' WHERE id = ?")
      .bind(rich.id)
      .run();
    await DB.prepare("UPDATE vehicles SET quality_score = NULL, quality = NULL WHERE id = ?")
      .bind(thin.id)
      .run();
    // Also stale: other vehicles whose duplicate listings changed after they were scored (a later listing
    // with the same description): their stored duplicate key is brought up to date, so it changes.
    const keys = async () =>
      new Map(
        (
          await DB.prepare(
            "SELECT id, json_extract(quality, '$.duplicateKey') AS k FROM vehicles WHERE dealership_id = ? AND id NOT IN (?, ?)",
          )
            .bind(a.id, rich.id, thin.id)
            .all<{ id: string; k: string | null }>()
        ).results.map((r) => [r.id, r.k]),
      );
    const before = await keys();
    const repos = createRepositories({ driver: "d1", d1: DB });
    const result = await createServices({ repos }).quality.rescore(a.id);
    const total = (await get(`${base}/vehicles?limit=100`, { token: staffA })).body.items.length;
    const after = await keys();
    const duplicatesMoved = [...before].filter(([id, k]) => after.get(id) !== k).length;
    expect(result).toEqual({ scored: 2 + duplicatesMoved, total });
    const rows = await DB.prepare(
      "SELECT id, quality_score, quality_rules_version FROM vehicles WHERE id IN (?, ?)",
    )
      .bind(rich.id, thin.id)
      .all<{ id: string; quality_score: number; quality_rules_version: string }>();
    for (const r of rows.results) expect(r.quality_rules_version).toBe(RULES_VERSION);
    expect(rows.results.find((r) => r.id === thin.id)?.quality_score).toBe(thin.quality.score);
    expect(await createServices({ repos }).quality.rescore(a.id)).toEqual({ scored: 0, total });
  });
});
