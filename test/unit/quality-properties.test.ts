import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateInventory } from "../../packages/demo-inventory/src/index.ts";
import {
  assessPrice,
  type Comparable,
  type DealRating,
  FLAG_CATALOG,
  PART_ORDER,
  type ScorableVehicle,
  scoreVehicle,
  summarizeDealership,
} from "../../packages/quality/src/index.ts";

const NOW = new Date("2026-05-01T12:00:00Z");
const RUNS = 300;

function allFinite(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (typeof value === "object" && value !== null) return Object.values(value).every(allFinite);
  return true;
}

const anyNumber = fc.oneof(
  fc.double(),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.constantFrom(0, -0, 1, -1, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER),
);
const anyValue = fc.oneof(
  anyNumber,
  fc.string(),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
);
const year = fc.oneof(fc.integer({ min: 1890, max: 2030 }), anyNumber);
const mileage = fc.oneof(fc.integer({ min: 0, max: 400_000 }), anyNumber, fc.constant(null));
const price = fc.oneof(
  fc.constant(null),
  fc.record({
    amount: fc.oneof(fc.integer({ min: 0, max: 20_000_000 }), anyNumber),
    currency: fc.constantFrom("USD", "", "EUR"),
  }),
  anyValue,
);
const text = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 40 }),
  fc.constantFrom("N/A", "Great car! Call today.", "MUST SEE!!!", "<b>Clean</b> &amp; tidy", "Ford", "Honda"),
  fc.lorem({ maxCount: 80 }),
);

const vehicleArb: fc.Arbitrary<ScorableVehicle> = fc.record(
  {
    id: fc.string({ maxLength: 8 }),
    vin: fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom("1HGCV1F34NA000123", "5YJ3E1EA7KF317000", ""),
    ),
    year,
    make: text,
    model: text,
    trim: text,
    bodyStyle: fc.oneof(fc.constantFrom("sedan", "suv", "truck", "other"), anyValue),
    condition: fc.oneof(fc.constantFrom("new", "used", "certified"), anyValue),
    price,
    mileage,
    exteriorColor: text,
    exteriorColorFamily: fc.constantFrom("black", "white", null),
    interiorColor: text,
    drivetrain: fc.oneof(fc.constantFrom("fwd", "awd", null), anyValue),
    transmission: fc.oneof(fc.constantFrom("automatic", "manual", null), anyValue),
    fuelType: fc.oneof(fc.constantFrom("gasoline", "electric", null), anyValue),
    engine: text,
    photos: fc.oneof(fc.array(fc.oneof(fc.webUrl(), fc.string(), anyValue), { maxLength: 30 }), anyValue),
    description: fc.oneof(text, anyValue),
    stockNumber: text,
    sourceUrl: fc.constant(null),
    status: fc.constantFrom("active", "sold", "removed"),
  },
  { requiredKeys: [] },
) as unknown as fc.Arbitrary<ScorableVehicle>;

const comparableArb: fc.Arbitrary<Comparable> = fc.record({
  price: fc.oneof(fc.integer({ min: 100_000, max: 10_000_000 }), anyNumber),
  mileage: fc.oneof(fc.integer({ min: 0, max: 300_000 }), anyNumber),
  year: fc.oneof(fc.integer({ min: 2015, max: 2026 }), anyNumber),
  dealershipId: fc.string({ maxLength: 4 }),
  vehicleId: fc.string({ maxLength: 6 }),
}) as fc.Arbitrary<Comparable>;

const duplicatesArb = fc.array(
  fc.record({
    kind: fc.constantFrom("same_vin", "same_photos", "same_description"),
    vehicleIds: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
    scope: fc.constantFrom("dealership", "other_dealership", undefined),
  }),
  { maxLength: 3 },
);

describe("scoreVehicle properties", () => {
  it("score is an integer in 0..100, weights sum to 100, parts in [0,1], everything finite", () => {
    fc.assert(
      fc.property(vehicleArb, fc.array(comparableArb, { maxLength: 25 }), duplicatesArb, (v, comps, dups) => {
        const r = scoreVehicle(v, { now: NOW, market: { comparables: comps }, duplicates: dups as never });
        expect(Number.isInteger(r.score)).toBe(true);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        expect(r.parts.map((p) => p.name)).toEqual(PART_ORDER);
        expect(r.parts.reduce((s, p) => s + p.weight, 0)).toBe(100);
        for (const p of r.parts) {
          expect(p.score).toBeGreaterThanOrEqual(0);
          expect(p.score).toBeLessThanOrEqual(1);
          expect(typeof p.detail).toBe("string");
        }
        expect(r.score).toBe(Math.round(r.parts.reduce((s, p) => s + p.weight * p.score, 0)));
        for (const f of r.flags) {
          expect(FLAG_CATALOG[f.code].part).toBe(f.part);
          expect(["info", "warning", "error"]).toContain(f.severity);
        }
        expect(allFinite(r)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("deterministic: the same input gives the same JSON", () => {
    fc.assert(
      fc.property(vehicleArb, fc.array(comparableArb, { maxLength: 15 }), (v, comps) => {
        const a = JSON.stringify(scoreVehicle(v, { now: NOW, market: { comparables: comps } }));
        const b = JSON.stringify(
          scoreVehicle(v, { now: NOW, market: { comparables: [...comps].reverse() } }),
        );
        expect(b).toBe(a);
      }),
      { numRuns: 150 },
    );
  });

  it("adding photos to a demo vehicle never lowers its photo score", () => {
    const base = generateInventory({ seed: 9, count: 20 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 19 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 10 }),
        (i, n, extra) => {
          const v = { ...base[i]!, photos: Array.from({ length: n }, (_, k) => `p${k}.jpg`) };
          const more = {
            ...v,
            photos: [...v.photos, ...Array.from({ length: extra }, (_, k) => `q${k}.jpg`)],
          };
          const a = scoreVehicle(v, { now: NOW }).parts.find((p) => p.name === "photos")!.score;
          const b = scoreVehicle(more, { now: NOW }).parts.find((p) => p.name === "photos")!.score;
          expect(b).toBeGreaterThanOrEqual(a);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("assessPrice properties", () => {
  const RANK: Record<DealRating, number> = { great: 0, good: 1, fair: 2, high: 3, overpriced: 4 };
  const realistic = fc.array(
    fc.record({
      price: fc.integer({ min: 500_000, max: 6_000_000 }),
      mileage: fc.integer({ min: 0, max: 200_000 }),
      year: fc.integer({ min: 2019, max: 2023 }),
      dealershipId: fc.constant("d"),
      vehicleId: fc.uuid(),
    }),
    { maxLength: 60 },
  );

  it("finite everywhere; a rating only with at least 5 comparables; range ordered", () => {
    fc.assert(
      fc.property(
        fc.array(comparableArb, { maxLength: 40 }),
        fc.oneof(fc.integer({ min: 1, max: 1e9 }), anyNumber),
        mileage,
        year,
        (comps, p, m, y) => {
          const a = assessPrice(
            {
              id: "s",
              year: y as number,
              mileage: m as number,
              condition: "used",
              price: { amount: p, currency: "USD" },
            },
            comps,
            { now: NOW },
          );
          expect(allFinite(a)).toBe(true);
          if (a.rating !== null) {
            expect(a.comparables).toBeGreaterThanOrEqual(5);
            expect(a.expected!.low).toBeLessThanOrEqual(a.expected!.median);
            expect(a.expected!.median).toBeLessThanOrEqual(a.expected!.high);
          } else {
            expect(a.reason).not.toBeNull();
          }
          expect(a.comparables + a.excluded + a.trimmed).toBe(a.considered);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("order of comparables does not matter", () => {
    fc.assert(
      fc.property(realistic, fc.integer({ min: 500_000, max: 6_000_000 }), (comps, p) => {
        const s = {
          id: "s",
          year: 2021,
          mileage: 40_000,
          condition: "used" as const,
          price: { amount: p, currency: "USD" },
        };
        expect(assessPrice(s, [...comps].reverse(), { now: NOW })).toEqual(
          assessPrice(s, comps, { now: NOW }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it("a higher asking price never gets a better rating", () => {
    fc.assert(
      fc.property(
        realistic,
        fc.integer({ min: 100_000, max: 9_000_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        (comps, p, d) => {
          const s = (amount: number) => ({
            id: "s",
            year: 2021,
            mileage: 40_000,
            condition: "used" as const,
            price: { amount, currency: "USD" },
          });
          const a = assessPrice(s(p), comps, { now: NOW });
          const b = assessPrice(s(p + d), comps, { now: NOW });
          if (a.rating !== null && b.rating !== null)
            expect(RANK[b.rating]).toBeGreaterThanOrEqual(RANK[a.rating]);
          expect(a.rating === null).toBe(b.rating === null);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("summarizeDealership properties", () => {
  it("buckets add up, average and median in range, worst sorted", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            vehicleId: fc.string({ maxLength: 5 }),
            score: fc.oneof(fc.integer({ min: 0, max: 100 }), anyNumber),
            flags: fc.array(
              fc.record({
                code: fc.constantFrom("a", "b", "c"),
                severity: fc.constantFrom("info", "warning", "error"),
              }),
              {
                maxLength: 4,
              },
            ),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: 0, max: 20 }),
        (reports, worst) => {
          const s = summarizeDealership(reports, { worst });
          expect(s.count + s.skipped).toBe(reports.length);
          expect(s.distribution.reduce((n, b) => n + b.count, 0)).toBe(s.count);
          expect(s.worst.length).toBe(Math.min(worst, s.count));
          for (let i = 1; i < s.worst.length; i++)
            expect(s.worst[i]!.score).toBeGreaterThanOrEqual(s.worst[i - 1]!.score);
          if (s.count > 0) {
            expect(s.averageScore!).toBeGreaterThanOrEqual(0);
            expect(s.averageScore!).toBeLessThanOrEqual(100);
            expect(s.median!).toBeGreaterThanOrEqual(0);
            expect(s.median!).toBeLessThanOrEqual(100);
          }
          for (const f of s.flagCounts) expect(f.count).toBeLessThanOrEqual(s.count);
          expect(allFinite(s)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
