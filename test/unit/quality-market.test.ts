import { describe, expect, it } from "vitest";
import { createRandom } from "../../packages/demo-inventory/src/index.ts";
import {
  assessPrice,
  type Comparable,
  type DealRating,
  MARKET,
  type PriceAssessment,
  type PriceSubject,
} from "../../packages/quality/src/index.ts";

const NOW = new Date("2026-05-01T12:00:00Z");

/** Known market: value = 30,000 × e^(−0.06 per 10k mi) × e^(+0.11 per newer year), plus log-normal noise. */
const BASE = 3_000_000;
const MILEAGE_LOG_PER_10K = -0.06;
const YEAR_LOG = 0.11;
function trueValue(year: number, mileage: number): number {
  return BASE * Math.exp((MILEAGE_LOG_PER_10K * mileage) / 10_000 + YEAR_LOG * (year - 2021));
}

function syntheticMarket(seed: number, n: number, noise = 0.03): Comparable[] {
  const rand = createRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const year = 2019 + (i % 5);
    const age = 2026.3 - year;
    const mileage = Math.max(1_000, Math.round(age * 12_000 * (1 + rand.gauss() * 0.4)));
    // gauss() has sd ≈ 1/√2; scale to the requested log sd.
    const price = Math.round(trueValue(year, mileage) * Math.exp(rand.gauss() * Math.SQRT2 * noise));
    return { price, mileage, year, dealershipId: `d${i % 17}`, vehicleId: `c${seed}-${i}` };
  });
}

function subject(
  price: number | null,
  mileage: number | null = 45_000,
  year = 2021,
): PriceSubject & { id: string } {
  return {
    id: "subject",
    year,
    mileage,
    condition: "used",
    price: price === null ? null : { amount: Math.round(price), currency: "USD" },
  };
}

function withOutliers(comps: Comparable[], share: number, seed = 99): Comparable[] {
  const rand = createRandom(seed);
  const k = Math.round((comps.length * share) / (1 - share));
  const bad: Comparable[] = Array.from({ length: k }, (_, i) => ({
    price: rand.chance(0.5) ? 100 : 1_000_000_000, // $1 or $10M
    mileage: rand.int(0, 150_000),
    year: 2019 + (i % 5),
    dealershipId: "junk",
    vehicleId: `junk-${i}`,
  }));
  return [...comps, ...bad];
}

function expectAllFinite(value: unknown, path = "$"): void {
  if (typeof value === "number") expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
  else if (Array.isArray(value)) {
    for (const [i, x] of value.entries()) expectAllFinite(x, `${path}[${i}]`);
  } else if (typeof value === "object" && value !== null)
    for (const [k, x] of Object.entries(value)) expectAllFinite(x, `${path}.${k}`);
}

const RANK: Record<DealRating, number> = { great: 0, good: 1, fair: 2, high: 3, overpriced: 4 };

describe("assessPrice on a synthetic market with a known price–mileage–year relationship", () => {
  const comps = syntheticMarket(1, 120);
  const value = trueValue(2021, 45_000);

  it("recovers the slopes and the fair value", () => {
    const a = assessPrice(subject(value), comps, { now: NOW });
    expect(a.model?.method).toBe("fitted");
    expect(a.model!.mileagePctPer10k).toBeCloseTo((Math.exp(MILEAGE_LOG_PER_10K) - 1) * 100, 0);
    expect(Math.abs(a.model!.yearPct - (Math.exp(YEAR_LOG) - 1) * 100)).toBeLessThan(2);
    expect(Math.abs(a.expected!.median / value - 1)).toBeLessThan(0.02);
    expect(a.expected!.low).toBeLessThan(a.expected!.median);
    expect(a.expected!.high).toBeGreaterThan(a.expected!.median);
    expect(a.rating).toBe("fair");
    expect(a.comparables).toBeGreaterThanOrEqual(110);
    expect(a.considered).toBe(120);
    expect(a.explanation).toMatch(/^Fair price: \$[\d,]+ is .* the median of \d+ comparable vehicles/);
  });

  it("rates under- and over-priced subjects", () => {
    const cases: [number, DealRating, "low" | "high" | null][] = [
      [0.5, "great", "low"],
      [0.85, "great", null],
      [0.93, "good", null],
      [1.0, "fair", null],
      [1.07, "high", null],
      [1.25, "overpriced", "high"],
      [3, "overpriced", "high"],
    ];
    for (const [factor, rating, outlier] of cases) {
      const a = assessPrice(subject(value * factor), comps, { now: NOW });
      expect(a.rating, `×${factor}`).toBe(rating);
      expect(a.outlier, `×${factor}`).toBe(outlier);
      if (factor !== 1) expect(Math.sign(a.difference!)).toBe(Math.sign(factor - 1));
    }
  });

  it("adjusts for the subject's mileage and year", () => {
    // A low-mileage 2023 is worth more than a high-mileage 2019: both fairly priced at their true value.
    for (const [year, mileage] of [
      [2023, 8_000],
      [2019, 110_000],
      [2021, 0],
    ] as const) {
      const v = trueValue(year, mileage);
      const a = assessPrice(subject(v, mileage, year), comps, { now: NOW });
      expect(a.rating, `${year} ${mileage}`).toBe("fair");
      expect(Math.abs(a.expected!.median / v - 1)).toBeLessThan(0.04);
    }
  });

  it("is robust to 10% absurd comparables ($1 and $10M)", () => {
    const clean = assessPrice(subject(value), comps, { now: NOW });
    const dirty = withOutliers(comps, 0.1);
    expect(dirty.length).toBeGreaterThan(130);
    for (const factor of [0.5, 0.85, 0.93, 1, 1.07, 1.25]) {
      const a = assessPrice(subject(value * factor), dirty, { now: NOW });
      const b = assessPrice(subject(value * factor), comps, { now: NOW });
      expect(a.rating, `×${factor}`).toBe(b.rating);
    }
    const a = assessPrice(subject(value), dirty, { now: NOW });
    expect(Math.abs(a.expected!.median / clean.expected!.median - 1)).toBeLessThan(0.02);
    expect(a.trimmed).toBeGreaterThanOrEqual(dirty.length - comps.length);
    expect(a.model?.method).toBe("fitted");
  });

  it("is robust to 10% plausible-looking mispriced comparables (×0.4 and ×2.5)", () => {
    const rand = createRandom(7);
    const skewed = comps.map((c, i) =>
      i % 10 === 0 ? { ...c, price: Math.round(c.price * (rand.chance(0.5) ? 0.4 : 2.5)) } : c,
    );
    const a = assessPrice(subject(value), skewed, { now: NOW });
    expect(a.rating).toBe("fair");
    expect(Math.abs(a.expected!.median / value - 1)).toBeLessThan(0.03);
  });

  it("a wide market gives a wider range (half-width from the IQR, clamped)", () => {
    const noisy = syntheticMarket(2, 120, 0.2);
    const tight = assessPrice(subject(value), comps, { now: NOW });
    const wide = assessPrice(subject(value), noisy, { now: NOW });
    const width = (a: PriceAssessment) => Math.log(a.expected!.high / a.expected!.low) / 2;
    expect(width(tight)).toBeCloseTo(MARKET.halfWidthRange[0], 2);
    expect(width(wide)).toBeGreaterThan(width(tight));
    expect(width(wide)).toBeLessThanOrEqual(MARKET.halfWidthRange[1] + 1e-6);
    // 10% over is "high" in a tight market but "fair" in a wide one.
    expect(assessPrice(subject(value * 1.08), comps, { now: NOW }).rating).toBe("high");
    expect(assessPrice(subject(value * 1.08), noisy, { now: NOW }).rating).toBe("fair");
  });

  it("does not depend on the order of the comparables", () => {
    const rand = createRandom(3);
    const shuffled = [...comps].sort(() => rand.next() - 0.5);
    const reversed = [...comps].reverse();
    const a = assessPrice(subject(value * 1.1), comps, { now: NOW });
    expect(assessPrice(subject(value * 1.1), shuffled, { now: NOW })).toEqual(a);
    expect(assessPrice(subject(value * 1.1), reversed, { now: NOW })).toEqual(a);
    expect(JSON.stringify(assessPrice(subject(value * 1.1), comps, { now: NOW }))).toBe(JSON.stringify(a));
  });

  it("the fingerprint changes when the market moves, not when the input is reordered", () => {
    const a = assessPrice(subject(value), comps, { now: NOW });
    const moved = comps.map((c, i) => (i === 5 ? { ...c, price: c.price + 10_000 } : c));
    expect(assessPrice(subject(value), [...comps].reverse(), { now: NOW }).fingerprint).toBe(a.fingerprint);
    expect(assessPrice(subject(value), moved, { now: NOW }).fingerprint).not.toBe(a.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{8}$/);
  });

  it("a higher price never gets a better rating", () => {
    let last = -1;
    for (let f = 0.3; f <= 3; f += 0.02) {
      const r = RANK[assessPrice(subject(value * f), comps, { now: NOW }).rating!];
      expect(r).toBeGreaterThanOrEqual(last);
      last = r;
    }
  });
});

describe("rating thresholds on a flat market", () => {
  // Ten identical comparables: median = 20,000.00 and the half-width is the minimum (0.05 in log units).
  const flat: Comparable[] = Array.from({ length: 10 }, (_, i) => ({
    price: 2_000_000,
    mileage: 30_000,
    year: 2022,
    dealershipId: "d",
    vehicleId: `f${i}`,
  }));
  const at = (z: number) =>
    assessPrice(subject(2_000_000 * Math.exp(z * MARKET.halfWidthRange[0]), 30_000, 2022), flat, {
      now: NOW,
    });

  it("great ≤ −2 < good ≤ −1 < fair < 1 ≤ high < 2 ≤ overpriced (in half-widths)", () => {
    expect(at(-2.5).rating).toBe("great");
    expect(at(-1.5).rating).toBe("good");
    expect(at(-0.5).rating).toBe("fair");
    expect(at(0).rating).toBe("fair");
    expect(at(0.5).rating).toBe("fair");
    expect(at(1.5).rating).toBe("high");
    expect(at(2.5).rating).toBe("overpriced");
    expect(at(0).expected).toEqual({
      low: Math.round(2_000_000 * Math.exp(-0.05)),
      median: 2_000_000,
      high: Math.round(2_000_000 * Math.exp(0.05)),
    });
    expect(at(0).differencePct).toBe(0);
    expect(at(1.5).position).toBe(1.5);
  });

  it("a low outlier needs both z ≤ −3 and at most 75% of the median", () => {
    expect(at(-4).outlier).toBeNull(); // 18% below: a great deal, not an error
    expect(at(-6).outlier).toBe("low"); // 26% below
  });

  it("few comparables → default slopes, still rated", () => {
    const a = at(0);
    expect(a.model).toMatchObject({ method: "default", mileageFitted: false, yearFitted: false });
    expect(a.model!.mileagePctPer10k).toBeCloseTo((Math.exp(MARKET.defaultMileageLogPer10k) - 1) * 100, 1);
    // Default adjustment: a subject with 10k more miles is expected about 4.9% cheaper.
    const more = assessPrice(subject(2_000_000, 40_000, 2022), flat, { now: NOW });
    expect(more.expected!.median).toBe(Math.round(2_000_000 * Math.exp(MARKET.defaultMileageLogPer10k)));
  });
});

describe("not enough data: never guess", () => {
  const comps = syntheticMarket(4, 40);
  const value = trueValue(2021, 45_000);

  it("fewer than 5 comparables", () => {
    for (const n of [0, 1, 4]) {
      const a = assessPrice(subject(value), comps.slice(0, n), { now: NOW });
      expect(a).toMatchObject({ rating: null, reason: "not enough data", comparables: n, expected: null });
      expectAllFinite(a);
    }
    expect(assessPrice(subject(value), comps.slice(0, 5), { now: NOW }).rating).not.toBeNull();
    expect(assessPrice(subject(value), null, { now: NOW })).toMatchObject({
      reason: "not enough data",
      comparables: 0,
    });
  });

  it("invalid, out-of-band, foreign-currency, repeated and self comparables do not count", () => {
    const good = comps.filter((c) => c.year === 2021).slice(0, 4);
    const junk: Comparable[] = [
      { ...good[0]!, vehicleId: "nan", price: Number.NaN },
      { ...good[0]!, vehicleId: "neg", price: -5 },
      { ...good[0]!, vehicleId: "zero", price: 0 },
      { ...good[0]!, vehicleId: "negmiles", mileage: -1 },
      { ...good[0]!, vehicleId: "inf", mileage: Number.POSITIVE_INFINITY },
      { ...good[0]!, vehicleId: "old", year: 2015 },
      { ...good[0]!, vehicleId: "eur", currency: "EUR" },
      { ...good[0]!, vehicleId: "subject" },
      { ...good[1]! }, // repeated id
      null as never,
      "x" as never,
    ];
    const a = assessPrice(subject(value), [...good, ...junk], { now: NOW });
    expect(a).toMatchObject({
      rating: null,
      reason: "not enough data",
      comparables: 4,
      considered: 15,
      excluded: 11,
    });
    const withFifth = assessPrice(
      subject(value),
      [...good, ...junk, { ...good[0]!, vehicleId: "ok5", currency: "usd" }],
      {
        now: NOW,
      },
    );
    expect(withFifth.comparables).toBe(5);
    expect(withFifth.rating).not.toBeNull();
  });

  it("outlier trimming can take the count below the minimum", () => {
    const five = comps.filter((c) => c.year === 2021).slice(0, 4);
    five.push({ ...five[0]!, vehicleId: "absurd", price: 1_000_000_000 });
    const a = assessPrice(subject(value), five, { now: NOW });
    expect(a).toMatchObject({ rating: null, reason: "not enough data", comparables: 4, trimmed: 1 });
  });

  it("no price: expected range without a rating; no year: nothing", () => {
    const a = assessPrice(subject(null), comps, { now: NOW });
    expect(a).toMatchObject({ rating: null, reason: "no price", price: null });
    expect(a.expected!.median).toBeGreaterThan(0);
    for (const year of [Number.NaN, 0, 2021.5, null]) {
      const b = assessPrice({ ...subject(value), year: year as never }, comps, { now: NOW });
      expect(b).toMatchObject({ rating: null, reason: "no valid year", expected: null });
    }
  });

  it("subject without mileage is compared at the comparables' median mileage (new: at zero)", () => {
    const a = assessPrice(subject(value, null), comps, { now: NOW });
    expect(a.model!.mileageAssumed).toBe(true);
    expect(a.model!.subjectMileage).toBeGreaterThan(20_000);
    const fresh = assessPrice({ ...subject(value, null), condition: "new" }, comps, { now: NOW });
    expect(fresh.model!.subjectMileage).toBe(0);
  });
});

describe("trim matching and hostile input", () => {
  it("uses only the subject's trim when at least 10 comparables share it", () => {
    const rand = createRandom(11);
    const comps: Comparable[] = Array.from({ length: 40 }, (_, i) => {
      const top = i % 2 === 0;
      return {
        price: Math.round(trueValue(2021, 40_000) * (top ? 1.4 : 1) * (1 + (rand.next() - 0.5) * 0.04)),
        mileage: 40_000,
        year: 2021,
        dealershipId: "d",
        vehicleId: `t${i}`,
        trim: top ? "Platinum" : "XL",
      };
    });
    const platinum = assessPrice(
      { ...subject(trueValue(2021, 40_000) * 1.4, 40_000), trim: "platinum" },
      comps,
      {
        now: NOW,
      },
    );
    expect(platinum.model!.trimMatched).toBe(true);
    expect(platinum.rating).toBe("fair");
    expect(platinum.comparables).toBe(20);
    const noTrim = assessPrice(subject(trueValue(2021, 40_000) * 1.4, 40_000), comps, { now: NOW });
    expect(noTrim.model!.trimMatched).toBe(false);
    expect(noTrim.comparables).toBe(40);
  });

  it("caps the work at 200 comparables, nearest first", () => {
    const many = syntheticMarket(12, 5_000);
    const t0 = performance.now();
    const a = assessPrice(subject(trueValue(2021, 45_000)), many, { now: NOW });
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(a.comparables).toBeLessThanOrEqual(MARKET.maxComparables);
    expect(a.excluded).toBeGreaterThanOrEqual(5_000 - MARKET.maxComparables);
    expect(a.rating).toBe("fair");
  });

  it("huge, tiny and degenerate numbers never produce NaN or Infinity", () => {
    const nasty: Comparable[] = [
      { price: Number.MAX_VALUE, mileage: 0, year: 2021, dealershipId: "", vehicleId: "a" },
      { price: Number.MIN_VALUE, mileage: 0, year: 2021, dealershipId: "", vehicleId: "b" },
      { price: 1, mileage: 2_000_000, year: 2023, dealershipId: "", vehicleId: "c" },
      ...Array.from({ length: 8 }, (_, i) => ({
        price: 1e15,
        mileage: 0,
        year: 2021,
        dealershipId: "",
        vehicleId: `big${i}`,
      })),
    ];
    for (const price of [1, 1e15, Number.MAX_VALUE, -1, 0, Number.NaN]) {
      for (const mileage of [0, -1, Number.NaN, 1e12, null]) {
        const a = assessPrice(subject(price, mileage as never), nasty, { now: NOW });
        expectAllFinite(a);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }
    }
  });
});
