import { describe, expect, it } from "vitest";
import { buildVin, createRandom, generateInventory } from "../../packages/demo-inventory/src/index.ts";
import type { VehicleFields } from "../../packages/domain/src/index.ts";
import {
  analyzeDescription,
  type Comparable,
  FLAG_CATALOG,
  type FlagCode,
  findDuplicateHints,
  makesAgree,
  needsRescore,
  PART_ORDER,
  PART_WEIGHTS,
  type PartName,
  type QualityReport,
  QualityRulesVersionError,
  RULES_VERSION,
  type ScorableVehicle,
  scoreVehicle,
  summarizeDealership,
} from "../../packages/quality/src/index.ts";
import { computeCheckDigit } from "../../packages/vin/src/index.ts";

const NOW = new Date("2026-05-01T12:00:00Z");

const GOOD_DESCRIPTION =
  "One-owner 2022 Honda Accord EX-L, bought new here and serviced here every 5,000 miles; the records are in the " +
  "glovebox. Platinum White Pearl over black leather with no tears or stains. Heated front seats, power moonroof, " +
  "Apple CarPlay, Android Auto, adaptive cruise control, lane-keeping assist and blind-spot monitoring. New " +
  "Michelin tyres in March and front brake pads at 40,000 miles. Clean history report with no accidents. The 1.5-litre " +
  "turbo returns about 33 mpg on the highway. Two keys, owner's manual and floor mats included.";

function vin(wmi: string, year: number, make: string, serial = 1): string {
  return buildVin(createRandom(serial * 31 + year), wmi, year, serial, make);
}

function perfect(overrides: Partial<ScorableVehicle> = {}): ScorableVehicle {
  return {
    id: "v-1",
    vin: vin("1HG", 2022, "Honda"),
    year: 2022,
    make: "Honda",
    model: "Accord",
    trim: "EX-L",
    bodyStyle: "sedan",
    condition: "used",
    price: { amount: 2_649_500, currency: "USD" },
    mileage: 41_250,
    exteriorColor: "Platinum White Pearl",
    exteriorColorFamily: "white",
    interiorColor: "Black Leather",
    drivetrain: "fwd",
    transmission: "cvt",
    fuelType: "gasoline",
    engine: "1.5L I4 Turbo",
    photos: Array.from({ length: 24 }, (_, i) => `https://cdn.example.com/lot/accord/${i + 1}.jpg`),
    description: GOOD_DESCRIPTION,
    stockNumber: "U12345",
    sourceUrl: "https://dealer.example.com/used/2022-honda-accord",
    status: "active",
    ...overrides,
  };
}

/** A small market in which `perfect()` is fairly priced. */
function market(n = 20, centre = 2_650_000): Comparable[] {
  return Array.from({ length: n }, (_, i) => ({
    price: Math.round(centre * (1 + ((i % 5) - 2) * 0.01)),
    mileage: 41_250 + ((i % 7) - 3) * 1_000,
    year: 2022,
    dealershipId: `d${i % 4}`,
    vehicleId: `c${i}`,
  }));
}

function part(r: QualityReport, name: PartName) {
  const p = r.parts.find((x) => x.name === name);
  if (!p) throw new Error(`no part ${name}`);
  return p;
}

function codes(r: QualityReport): FlagCode[] {
  return r.flags.map((f) => f.code);
}

function score(v: ScorableVehicle, ctx: Partial<Parameters<typeof scoreVehicle>[1]> = {}): QualityReport {
  return scoreVehicle(v, { now: NOW, ...ctx });
}

/** Every number in the value is finite. */
function expectAllFinite(value: unknown, path = "$"): void {
  if (typeof value === "number") {
    expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
  } else if (Array.isArray(value)) {
    for (const [i, x] of value.entries()) expectAllFinite(x, `${path}[${i}]`);
  } else if (typeof value === "object" && value !== null) {
    for (const [k, x] of Object.entries(value)) expectAllFinite(x, `${path}.${k}`);
  }
}

/** A defect lowers exactly the named part and raises the flag; other parts keep their score. */
function expectDefect(
  overrides: Partial<ScorableVehicle>,
  lowered: PartName,
  flag: FlagCode,
  ctx: Partial<Parameters<typeof scoreVehicle>[1]> = {},
  baseCtx: Partial<Parameters<typeof scoreVehicle>[1]> = ctx,
): QualityReport {
  const base = score(perfect(), baseCtx);
  const r = score(perfect(overrides), ctx);
  expect(part(r, lowered).score, `${lowered} lowered`).toBeLessThan(part(base, lowered).score);
  expect(codes(r)).toContain(flag);
  expect(r.score).toBeLessThan(base.score);
  expect(r.flags.find((f) => f.code === flag)!.part).toBe(FLAG_CATALOG[flag].part);
  return r;
}

describe("report shape", () => {
  it("weights sum to 100, parts in order, rules version stamped", () => {
    const r = score(perfect());
    expect(r.parts.map((p) => p.name)).toEqual(PART_ORDER);
    expect(r.parts.reduce((s, p) => s + p.weight, 0)).toBe(100);
    expect(Object.values(PART_WEIGHTS).reduce((s, w) => s + w, 0)).toBe(100);
    expect(r.rulesVersion).toBe(RULES_VERSION);
    expect(Number.isInteger(r.score)).toBe(true);
    expect(r.score).toBe(Math.round(r.parts.reduce((s, p) => s + p.weight * p.score, 0)));
  });

  it("a perfect listing scores >= 90 with no flags, with and without market data", () => {
    const plain = score(perfect());
    expect(plain.score).toBeGreaterThanOrEqual(90);
    expect(plain.flags).toEqual([]);
    expect(plain.market).toBeNull();
    const withMarket = score(perfect(), { market: { comparables: market() } });
    expect(withMarket.score).toBeGreaterThanOrEqual(90);
    expect(withMarket.market?.rating).toBe("fair");
    expect(withMarket.flags).toEqual([]);
    expect(withMarket.score).toBe(100);
  });

  it("flags are sorted error → warning → info and every code is in the catalog", () => {
    const r = score(
      perfect({ vin: "123", photos: [], description: "Great car! Call today.", trim: null, price: null }),
      { market: { comparables: [] } },
    );
    const ranks = r.flags.map((f) => ({ error: 0, warning: 1, info: 2 })[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const f of r.flags) {
      expect(FLAG_CATALOG[f.code]).toBeDefined();
      expect(f.message.length).toBeGreaterThan(10);
    }
  });

  it("a bad context throws; a stale rules version is refused", () => {
    expect(() => scoreVehicle(perfect(), { now: new Date("nope") })).toThrow(TypeError);
    expect(() => scoreVehicle(perfect(), {} as never)).toThrow(TypeError);
    expect(() => scoreVehicle(perfect(), { now: NOW, rulesVersion: "quality-0" })).toThrow(
      QualityRulesVersionError,
    );
    expect(scoreVehicle(perfect(), { now: NOW, rulesVersion: RULES_VERSION }).score).toBeGreaterThan(90);
    expect(needsRescore(RULES_VERSION)).toBe(false);
    expect(needsRescore("quality-0")).toBe(true);
    expect(needsRescore(null)).toBe(true);
  });

  it("is deterministic: same input, same report, byte for byte", () => {
    const v = perfect({ description: "Must see!", photos: ["a.jpg"] });
    const ctx = {
      market: { comparables: market() },
      duplicates: [{ kind: "same_photos" as const, vehicleIds: ["x"] }],
    };
    const a = JSON.stringify(score(v, ctx));
    for (let i = 0; i < 5; i++)
      expect(JSON.stringify(score(structuredClone(v), structuredClone(ctx)))).toBe(a);
  });

  it("does not mutate its inputs", () => {
    const v = perfect();
    const comps = market();
    const before = JSON.stringify([v, comps]);
    score(v, { market: { comparables: comps } });
    expect(JSON.stringify([v, comps])).toBe(before);
  });
});

describe("completeness", () => {
  it("each missing key field lowers completeness", () => {
    const fields: (keyof VehicleFields)[] = [
      "trim",
      "bodyStyle",
      "drivetrain",
      "fuelType",
      "exteriorColor",
      "interiorColor",
      "engine",
      "transmission",
      "stockNumber",
    ];
    for (const f of fields) {
      const r = expectDefect({ [f]: null } as Partial<ScorableVehicle>, "completeness", "missing_fields");
      expect(r.flags.find((x) => x.code === "missing_fields")!.severity).toBe("info");
    }
  });

  it("placeholders count as missing; core fields make it a warning", () => {
    for (const t of ["N/A", "unknown", " - ", "TBD", "?", ""]) {
      expectDefect({ engine: t }, "completeness", "missing_fields");
    }
    const r = expectDefect({ model: "  " }, "completeness", "missing_fields");
    expect(r.flags.find((f) => f.code === "missing_fields")!.severity).toBe("warning");
    expect(r.flags.find((f) => f.code === "missing_fields")!.message).toContain("model");
  });

  it("missing mileage on a used vehicle is flagged; on a new one it is fine", () => {
    expectDefect({ mileage: null }, "completeness", "missing_mileage");
    const fresh = score(
      perfect({ condition: "new", mileage: null, year: 2026, vin: vin("1HG", 2026, "Honda"), price: null }),
    );
    expect(codes(fresh)).not.toContain("missing_mileage");
    // Only the price is missing: completeness loses exactly its 2 of 21 points.
    expect(part(fresh, "completeness").score).toBeCloseTo(19 / 21, 3);
  });

  it("missing price lowers completeness and price", () => {
    const r = expectDefect({ price: null }, "price", "missing_price");
    expect(part(r, "completeness").score).toBeLessThan(1);
    expect(part(r, "price").score).toBe(0);
    expect(codes(r)).not.toContain("missing_fields");
  });
});

describe("photos", () => {
  it("0 photos → 0 and an error; 1–2 low; more is better up to 15", () => {
    const r0 = expectDefect({ photos: [] }, "photos", "no_photos");
    expect(part(r0, "photos").score).toBe(0);
    expect(r0.flags.find((f) => f.code === "no_photos")!.severity).toBe("error");
    const scores = [0, 1, 2, 3, 5, 8, 12, 15, 16, 40].map(
      (n) =>
        part(score(perfect({ photos: Array.from({ length: n }, (_, i) => `p${i}.jpg`) })), "photos").score,
    );
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeGreaterThanOrEqual(scores[i - 1]!);
    expect(scores[1]!).toBeLessThanOrEqual(0.2);
    expect(scores[2]!).toBeLessThanOrEqual(0.3);
    expect(scores[7]).toBe(1);
    expect(scores[9]).toBe(1);
  });

  it("few photos raises few_photos; placeholders and repeats are not counted", () => {
    expectDefect({ photos: ["a.jpg", "b.jpg"] }, "photos", "few_photos");
    const ph = expectDefect(
      {
        photos: [
          ...Array.from({ length: 6 }, (_, i) => `https://cdn.example.com/${i}.jpg`),
          "https://cdn.example.com/images/no-image-available.png",
          "https://cdn.example.com/photo_coming_soon.jpg",
        ],
      },
      "photos",
      "placeholder_photos",
    );
    expect(codes(ph)).toContain("few_photos");
    const rep = score(perfect({ photos: Array.from({ length: 20 }, () => "same.jpg") }));
    expect(codes(rep)).toEqual(expect.arrayContaining(["repeated_photos", "few_photos"]));
    expect(part(rep, "photos").score).toBeLessThanOrEqual(0.15);
  });

  it("hostile photo lists do not crash", () => {
    for (const photos of [null, undefined, "a.jpg", [null, 3, {}, "", "  "], Array(100_000).fill("x.jpg")]) {
      const r = score(perfect({ photos: photos as never }));
      expect(part(r, "photos").score).toBeLessThanOrEqual(0.15);
    }
  });
});

describe("description", () => {
  it("missing and non-string descriptions", () => {
    for (const d of [null, "", "   ", 42, {}, "<p></p>"]) {
      const r = expectDefect({ description: d as never }, "description", "missing_description");
      expect(part(r, "description").score).toBe(0);
    }
  });

  it("thin, boilerplate dealer one-liners", () => {
    for (const d of [
      "Great car! Call today.",
      "Must see!",
      "Won't last long, call now!",
      "Runs great. Priced to sell.",
    ]) {
      const r = expectDefect({ description: d }, "description", "boilerplate_description");
      expect(codes(r)).toContain("thin_description");
      expect(part(r, "description").score).toBeLessThan(0.1);
    }
  });

  it("a long description made of stock phrases is boilerplate even when not thin", () => {
    const d =
      "WON'T LAST!!! This one is a MUST SEE and it is PRICED TO SELL. We finance, all credit welcome, bad credit no " +
      "credit everyone approved. Call today or stop by for a test drive today. Prices do not include tax, title and " +
      "license and dealer fees. Not responsible for typographical errors. Subject to prior sale.";
    const r = expectDefect({ description: d }, "description", "boilerplate_description");
    expect(codes(r)).not.toContain("thin_description");
    expect(part(r, "description").score).toBeLessThan(0.5);
    const a = analyzeDescription(d);
    expect(a.boilerplatePhrases).toEqual(
      expect.arrayContaining(["wont last", "must see", "priced to sell", "call today"]),
    );
  });

  it("a good description with one stock phrase is not boilerplate", () => {
    const r = score(perfect({ description: `${GOOD_DESCRIPTION} Call today to book a test drive.` }));
    expect(codes(r)).not.toContain("boilerplate_description");
    expect(part(r, "description").score).toBeGreaterThan(0.85);
  });

  it("all-caps shouting", () => {
    expectDefect({ description: GOOD_DESCRIPTION.toUpperCase() }, "description", "shouting_description");
    expectDefect(
      { description: `${GOOD_DESCRIPTION} Amazing!!!!! Wow!!` },
      "description",
      "shouting_description",
    );
  });

  it("repeated sentences and keyword stuffing", () => {
    const sentence = "Heated seats, remote start and a clean history report on this local trade.";
    expectDefect(
      { description: `${GOOD_DESCRIPTION} ${sentence} ${sentence} ${sentence}` },
      "description",
      "repeated_sentences",
    );
    const stuffing = Array.from({ length: 15 }, () => "cheap used cars cheap trucks best").join(" ");
    expectDefect({ description: stuffing }, "description", "repetitive_description");
  });

  it("HTML and entities are stripped before analysis", () => {
    const html = `<div class="desc"><p>${GOOD_DESCRIPTION.replace(/,/g, "&#44;")}</p><br/><ul><li>Heated&nbsp;seats</li></ul></div>`;
    const r = score(perfect({ description: html }));
    expect(r.flags).toEqual([]);
    expect(analyzeDescription(html).text).not.toContain("<");
    expect(analyzeDescription("Won&rsquo;t last &amp; must see").boilerplatePhrases).toEqual([
      "wont last",
      "must see",
    ]);
  });

  it("a 10 MB description is analysed in bounded time", () => {
    const huge = "Clean one-owner truck with new tyres. ".repeat(280_000);
    const t0 = performance.now();
    const r = score(perfect({ description: huge }));
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(codes(r)).toContain("repeated_sentences");
    expectAllFinite(r);
  });

  it("demo inventory: the deliberately thin ones are caught, the generated ones are not", () => {
    const inv = generateInventory({ seed: 1, count: 300 });
    let thin = 0;
    let missing = 0;
    let clean = 0;
    for (const v of inv) {
      const r = score(v);
      const c = codes(r).filter((x) => FLAG_CATALOG[x].part === "description");
      if (v.description === null) {
        missing++;
        expect(c).toEqual(["missing_description"]);
      } else if (v.description === "Great car! Call today." || v.description === "Must see!") {
        thin++;
        expect(c).toEqual(expect.arrayContaining(["thin_description", "boilerplate_description"]));
        expect(part(r, "description").score).toBeLessThan(0.05);
      } else {
        clean++;
        expect(c, v.description).toEqual([]);
        expect(part(r, "description").score).toBeGreaterThanOrEqual(0.4);
      }
    }
    expect(thin).toBeGreaterThan(3);
    expect(missing).toBeGreaterThan(3);
    expect(clean).toBeGreaterThan(250);
  });
});

describe("VIN", () => {
  it("invalid VINs: wrong length, forbidden letters, empty, North-American check digit", () => {
    const good = perfect().vin;
    const wrongCheck = good.slice(0, 8) + (good[8] === "0" ? "1" : "0") + good.slice(9);
    for (const bad of [
      "1HGCV1F3XNA00012",
      "",
      "1HGCV1F3ONA000123",
      "1HGCV1F3-NA000123",
      wrongCheck,
      "not a vin at all",
    ]) {
      const r = expectDefect({ vin: bad }, "vin", "invalid_vin");
      expect(part(r, "vin").score).toBe(0);
      expect(r.flags.find((f) => f.code === "invalid_vin")!.severity).toBe("error");
    }
    const r = score(perfect({ vin: wrongCheck }));
    expect(r.flags.find((f) => f.code === "invalid_vin")!.message).toMatch(/check digit/i);
  });

  it("year mismatch against the VIN (error for a North-American VIN)", () => {
    const r = expectDefect({ vin: vin("1HG", 2019, "Honda") }, "vin", "vin_year_mismatch");
    const f = r.flags.find((x) => x.code === "vin_year_mismatch")!;
    expect(f.severity).toBe("error");
    expect(f.message).toContain("2019");
    expect(f.message).toContain("2022");
  });

  it("make mismatch against the VIN; sister brands and aliases are not mismatches", () => {
    const r = expectDefect({ make: "Toyota" }, "vin", "vin_make_mismatch");
    expect(r.flags.find((f) => f.code === "vin_make_mismatch")!.message).toContain("Honda");
    const both = score(perfect({ make: "Toyota", vin: vin("1HG", 2019, "Honda") }));
    expect(part(both, "vin").score).toBe(0);
    expect(makesAgree("Chevy", "Chevrolet", "General Motors")).toBe(true);
    expect(makesAgree("Mercedes", "Mercedes-Benz", "Mercedes-Benz")).toBe(true);
    expect(makesAgree("Jeep", "Chrysler", "Stellantis")).toBe(true);
    expect(makesAgree("MINI", "Mini", "BMW")).toBe(true);
    expect(makesAgree("BMW", "Mini", "BMW")).toBe(true);
    expect(makesAgree("Honda", null, null)).toBe(true);
    expect(makesAgree("Ford", "Toyota", "Toyota")).toBe(false);
  });

  it("a wrong check digit on a European VIN is only a warning", () => {
    const eu = vin("WBA", 2022, "BMW");
    const expected = computeCheckDigit(eu)!;
    const wrong = eu.slice(0, 8) + (expected === "0" ? "1" : "0") + eu.slice(9);
    const base = score(perfect({ vin: eu, make: "BMW", model: "3 Series" }));
    const r = score(perfect({ vin: wrong, make: "BMW", model: "3 Series" }));
    expect(codes(base)).not.toContain("vin_check_digit_mismatch");
    expect(codes(r)).toContain("vin_check_digit_mismatch");
    expect(codes(r)).not.toContain("invalid_vin");
    expect(part(r, "vin").score).toBeLessThan(1);
    expect(part(r, "vin").score).toBeGreaterThan(0.5);
  });

  it("every demo vehicle's VIN matches its year and make", () => {
    for (const v of generateInventory({ seed: 3, count: 200 })) {
      const r = score(v);
      expect(part(r, "vin").score, `${v.vin} ${v.year} ${v.make}`).toBe(1);
    }
  });
});

describe("plausibility", () => {
  it("mileage far above 40,000 a year", () => {
    const r = expectDefect(
      { year: 2025, vin: vin("1HG", 2025, "Honda"), mileage: 150_000 },
      "plausibility",
      "mileage_implausible",
    );
    expect(r.flags.find((f) => f.code === "mileage_implausible")!.severity).toBe("warning");
    // 2022 model, ~4.8 years old: 180,000 is fine for a taxi-ish car, 230,000 is not.
    expect(codes(score(perfect({ mileage: 180_000 })))).not.toContain("mileage_implausible");
    expectDefect({ mileage: 230_000 }, "plausibility", "mileage_implausible");
  });

  it("used vehicle with almost no miles for its age", () => {
    const older = { year: 2015, vin: vin("1HG", 2015, "Honda") };
    expectDefect({ ...older, mileage: 0 }, "plausibility", "mileage_implausible");
    expectDefect({ ...older, mileage: 450 }, "plausibility", "mileage_implausible");
    expect(codes(score(perfect({ ...older, mileage: 45_000 })))).not.toContain("mileage_implausible");
    // A two-year-old demonstrator with 50 miles is plausible.
    const demo = score(perfect({ year: 2025, vin: vin("1HG", 2025, "Honda"), mileage: 50 }));
    expect(codes(demo)).not.toContain("mileage_implausible");
  });

  it("negative or absurd mileage is an error and zeroes the part", () => {
    for (const m of [-5, 99_999_999]) {
      const r = expectDefect({ mileage: m }, "plausibility", "mileage_implausible");
      expect(r.flags.find((f) => f.code === "mileage_implausible")!.severity).toBe("error");
      expect(part(r, "plausibility").score).toBe(0);
    }
  });

  it("new with high mileage; new but old", () => {
    expectDefect({ condition: "new", mileage: 25_000 }, "plausibility", "condition_mileage_mismatch");
    const r = expectDefect({ condition: "new", mileage: 12 }, "plausibility", "condition_year_mismatch");
    expect(r.flags.find((f) => f.code === "condition_year_mismatch")!.severity).toBe("info");
  });

  it("year after next model year, or absurd", () => {
    const next = score(perfect({ year: 2027, vin: vin("1HG", 2027, "Honda"), condition: "new", mileage: 5 }));
    expect(codes(next)).not.toContain("year_implausible");
    for (const y of [2028, 1850, 0, -1, 2022.5, Number.NaN, 1e12]) {
      const r = score(perfect({ year: y }));
      expect(codes(r), String(y)).toContain("year_implausible");
      expect(part(r, "plausibility").score).toBe(0);
      expectAllFinite(r);
    }
  });
});

describe("price", () => {
  it("implausible prices: zero, $1, absurd, NaN", () => {
    for (const amount of [0, 100, 9_999, -500_000, Number.NaN, 1e13]) {
      const r = expectDefect({ price: { amount, currency: "USD" } }, "price", "price_implausible");
      expect(part(r, "price").score).toBe(0);
      expectAllFinite(r);
    }
  });

  it("overpriced and suspiciously cheap listings against the market", () => {
    const ctx = { market: { comparables: market() } };
    const high = expectDefect(
      { price: { amount: 3_400_000, currency: "USD" } },
      "price",
      "price_outlier_high",
      ctx,
    );
    expect(high.market?.rating).toBe("overpriced");
    const above = expectDefect(
      { price: { amount: 2_850_000, currency: "USD" } },
      "price",
      "price_above_market",
      ctx,
    );
    expect(above.market?.rating).toBe("high");
    const low = expectDefect(
      { price: { amount: 1_200_000, currency: "USD" } },
      "price",
      "price_outlier_low",
      ctx,
    );
    expect(low.market?.rating).toBe("great");
    const great = score(perfect({ price: { amount: 2_350_000, currency: "USD" } }), ctx);
    expect(great.market?.rating).toBe("great");
    expect(part(great, "price").score).toBe(1);
  });

  it("not enough market data is an info flag, never a guess and never a penalty", () => {
    const r = score(perfect(), { market: { comparables: market(4) } });
    expect(r.market).toMatchObject({ rating: null, reason: "not enough data", comparables: 4 });
    expect(codes(r)).toEqual(["insufficient_market_data"]);
    expect(r.flags[0]!.severity).toBe("info");
    expect(part(r, "price").score).toBe(1);
  });

  it("accepts a precomputed assessment and reports the range when the price is missing", () => {
    const assessed = score(perfect(), { market: { comparables: market() } }).market!;
    const r = score(perfect({ price: { amount: 3_400_000, currency: "USD" } }), {
      market: { assessment: { ...assessed, rating: "overpriced", outlier: "high" } },
    });
    expect(codes(r)).toContain("price_outlier_high");
    const none = score(perfect({ price: null }), { market: { comparables: market() } });
    expect(none.market).toMatchObject({ rating: null, reason: "no price" });
    expect(none.market?.expected?.median).toBeGreaterThan(2_500_000);
    expect(none.flags.find((f) => f.code === "missing_price")!.message).toMatch(/\$2[56],\d{3}/);
  });
});

describe("duplicates", () => {
  it("each kind of hint lowers the duplicates part", () => {
    const vinDup = expectDefect(
      {},
      "duplicates",
      "possible_duplicate",
      {
        duplicates: [{ kind: "same_vin", vehicleIds: ["v-2"] }],
      },
      {},
    );
    expect(part(vinDup, "duplicates").score).toBe(0);
    expect(vinDup.flags[0]!.severity).toBe("warning");
    const photos = expectDefect(
      {},
      "duplicates",
      "possible_duplicate",
      {
        duplicates: [{ kind: "same_photos", vehicleIds: ["v-3", "v-4"] }],
      },
      {},
    );
    expect(photos.flags[0]!.message).toContain("v-3, v-4");
    const desc = expectDefect(
      {},
      "duplicates",
      "possible_duplicate",
      {
        duplicates: [{ kind: "same_description", vehicleIds: ["v-5"] }],
      },
      {},
    );
    expect(desc.flags[0]!.severity).toBe("info");
    const elsewhere = score(perfect(), {
      duplicates: [{ kind: "same_vin", vehicleIds: ["w-1"], scope: "other_dealership" }],
    });
    expect(elsewhere.flags[0]!.severity).toBe("info");
    expect(part(elsewhere, "duplicates").score).toBeGreaterThan(0.5);
  });

  it("empty or malformed hints are ignored", () => {
    const r = score(perfect(), {
      duplicates: [
        { kind: "same_vin", vehicleIds: [] },
        { kind: "bogus" as never, vehicleIds: ["x"] },
        null as never,
        { kind: "same_photos", vehicleIds: null as never },
      ],
    });
    expect(part(r, "duplicates").score).toBe(1);
    expect(r.flags).toEqual([]);
  });

  it("findDuplicateHints finds re-listed VINs, copied photos and copied descriptions", () => {
    const inv = generateInventory({ seed: 5, count: 60 }).map((v, i) => ({ ...v, id: `v${i}` }));
    const listings: { id: string; vin: string; photos: string[]; description: string | null }[] = inv.map(
      (v) => ({
        id: v.id,
        vin: v.vin,
        photos: v.photos,
        description: v.description,
      }),
    );
    listings.push({ id: "relist", vin: ` ${inv[0]!.vin.toLowerCase()} `, photos: [], description: null });
    const gallery = inv.slice(1).find((v) => v.photos.length >= 8)!;
    listings.push({
      id: "copycat",
      vin: inv[2]!.vin.replace(/.$/, "X"),
      photos: gallery.photos.slice(0, 5),
      description: null,
    });
    const longDesc = inv
      .slice(1)
      .find((v) => v !== gallery && v.description !== null && v.description.split(" ").length >= 15)!;
    listings.push({ id: "samedesc", vin: "", photos: [], description: longDesc.description!.toUpperCase() });
    // A dealer banner on every listing is not evidence.
    for (const l of listings) l.photos = [...l.photos, "https://dealer.example.com/banner.jpg"];
    const hints = findDuplicateHints(listings);
    expect(hints.get("relist")).toEqual([{ kind: "same_vin", vehicleIds: ["v0"], scope: "dealership" }]);
    expect(hints.get("v0")).toEqual([{ kind: "same_vin", vehicleIds: ["relist"], scope: "dealership" }]);
    expect(hints.get("copycat")).toEqual([
      { kind: "same_photos", vehicleIds: [gallery.id], scope: "dealership" },
    ]);
    expect(hints.get("samedesc")).toEqual([
      { kind: "same_description", vehicleIds: [longDesc.id], scope: "dealership" },
    ]);
    // Nothing else is a duplicate (the thin "Must see!" ones are not compared).
    expect([...hints.keys()].sort()).toEqual(
      ["copycat", "relist", "samedesc", "v0", gallery.id, longDesc.id].sort(),
    );
    const r = score(inv[0]!, { duplicates: hints.get("v0") });
    expect(codes(r)).toContain("possible_duplicate");
  });
});

describe("hostile vehicles", () => {
  const hostile: Partial<Record<keyof VehicleFields, unknown>>[] = [
    {},
    {
      vin: null,
      year: null,
      make: null,
      model: null,
      price: null,
      mileage: null,
      photos: null,
      description: null,
    },
    {
      year: Number.POSITIVE_INFINITY,
      mileage: Number.NEGATIVE_INFINITY,
      price: { amount: Number.POSITIVE_INFINITY },
    },
    { year: -2020, mileage: -1, price: { amount: -1, currency: "" } },
    {
      year: Number.MAX_SAFE_INTEGER,
      mileage: Number.MAX_VALUE,
      price: { amount: Number.MAX_VALUE, currency: "USD" },
    },
    { year: 0, mileage: 0, price: { amount: 0, currency: "USD" }, photos: [], description: "" },
    {
      vin: "\u0000".repeat(10_000),
      make: "🚗",
      model: "<script>alert(1)</script>",
      description: "\u202e!!!!!!",
    },
    { price: "23,995" as never, mileage: "12k" as never, year: "2020" as never, condition: "mint" as never },
    { photos: [Number.NaN, null, {}], description: ["a", "b"] as never, make: 7 as never },
  ];
  it("never throws, never NaN/Infinity, score is an integer 0..100", () => {
    for (const h of hostile) {
      for (const base of [perfect(), {} as ScorableVehicle]) {
        const v = { ...base, ...h } as ScorableVehicle;
        for (const comps of [undefined, market(), [{ price: Number.NaN } as never, null as never]]) {
          const r = score(v, { market: comps === undefined ? null : { comparables: comps } });
          expectAllFinite(r);
          expect(Number.isInteger(r.score)).toBe(true);
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(100);
          expect(JSON.parse(JSON.stringify(r))).toEqual(r);
        }
      }
    }
    expectAllFinite(score(null as never));
  });

  it("the empty vehicle scores near zero", () => {
    const r = score({} as ScorableVehicle);
    expect(r.score).toBeLessThanOrEqual(20);
    expect(codes(r)).toEqual(
      expect.arrayContaining([
        "invalid_vin",
        "no_photos",
        "missing_description",
        "missing_price",
        "year_implausible",
      ]),
    );
  });
});

describe("summarizeDealership", () => {
  it("buckets, median, average, worst and flag counts", () => {
    const s = summarizeDealership([
      { vehicleId: "a", score: 100, flags: [] },
      { vehicleId: "b", score: 90, flags: [{ code: "few_photos", severity: "warning" }] },
      {
        vehicleId: "c",
        score: 89,
        flags: [{ code: "few_photos", severity: "warning" }, { code: "few_photos" }],
      },
      {
        vehicleId: "d",
        score: 9,
        flags: [{ code: "invalid_vin", severity: "error" }, { code: "few_photos" }],
      },
      { vehicleId: "e", score: 9, flags: [] },
      { vehicleId: "f", score: 0, flags: [{ code: "missing_price", severity: "warning" }] },
    ]);
    expect(s.count).toBe(6);
    expect(s.averageScore).toBe(49.5);
    expect(s.median).toBe(49);
    expect(s.distribution.map((b) => b.count)).toEqual([3, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
    expect(s.distribution[9]).toMatchObject({ label: "90–100", from: 90, to: 100 });
    expect(s.distribution[0]).toMatchObject({ label: "0–9", from: 0, to: 9 });
    expect(s.worst.map((w) => w.vehicleId)).toEqual(["f", "d", "e", "c", "b", "a"]);
    expect(s.flagCounts).toEqual([
      { code: "few_photos", count: 3 },
      { code: "invalid_vin", count: 1 },
      { code: "missing_price", count: 1 },
    ]);
    expect(s.severityCounts).toEqual({ error: 1, warning: 3, info: 0 });
  });

  it("empty and hostile input", () => {
    const empty = summarizeDealership([]);
    expect(empty).toMatchObject({ count: 0, averageScore: null, median: null, worst: [], flagCounts: [] });
    expect(empty.distribution).toHaveLength(10);
    const s = summarizeDealership(
      [
        { vehicleId: "x", score: Number.NaN, flags: [] },
        { vehicleId: "y", score: 250, flags: null as never },
        { vehicleId: "z", score: -4, flags: [null as never, { code: 5 } as never] },
        null as never,
      ],
      { worst: 1 },
    );
    expect(s).toMatchObject({ count: 2, skipped: 2, averageScore: 50, median: 50 });
    expect(s.worst).toEqual([{ vehicleId: "z", score: 0, flags: [] }]);
    expectAllFinite(s);
  });

  it("summarises a scored demo lot", () => {
    const inv = generateInventory({ seed: 1, count: 300 });
    const reports = inv.map((v, i) => ({ vehicleId: `v${i}`, ...score(v) }));
    const s = summarizeDealership(reports, { worst: 5 });
    expect(s.count).toBe(300);
    expect(s.distribution.reduce((n, b) => n + b.count, 0)).toBe(300);
    expect(s.worst).toHaveLength(5);
    const worstIds = new Set(s.worst.map((w) => w.vehicleId));
    const lowest = [...reports].sort((a, b) => a.score - b.score)[0]!;
    expect(worstIds.has(lowest.vehicleId)).toBe(true);
    expect(s.averageScore!).toBeGreaterThan(80);
    expect(s.flagCounts.map((f) => f.code)).toEqual(
      expect.arrayContaining([
        "missing_description",
        "boilerplate_description",
        "no_photos",
        "missing_price",
      ]),
    );
  });
});
