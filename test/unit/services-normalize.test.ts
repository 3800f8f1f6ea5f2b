import {
  buildQuery,
  checkVin,
  isValidCron,
  newId,
  normalizeVehicleFields,
  randomBase62,
  ServiceError,
  sha256Hex,
} from "@forecourt/services";
import { decodeVin } from "@forecourt/vin";
import { describe, expect, it } from "vitest";

// make/model/colour canonicalisation is tested with its package: test/unit/normalize.test.ts

describe("vehicle field rules", () => {
  const base = { vin: "1hgcm82633a004352 ", year: 2003, make: "honda", model: "accord" };
  it("trims, upper-cases the VIN and fills defaults", () => {
    const { fields, issues } = normalizeVehicleFields(
      { ...base, exteriorColor: "  Navy  Blue ", trim: "  " },
      2026,
    );
    expect(issues).toEqual([]);
    expect(fields).toMatchObject({
      vin: "1HGCM82633A004352",
      make: "Honda",
      model: "Accord",
      trim: null,
      condition: "used",
      status: "active",
      exteriorColor: "Navy Blue",
      exteriorColorFamily: "blue",
      photos: [],
    });
  });
  it.each([
    [{ year: 1899 }, "year"],
    [{ year: 2028 }, "year"],
    [{ year: 2020.5 }, "year"],
    [{ price: { amount: -1, currency: "USD" } }, "price"],
    [{ price: { amount: 10.5, currency: "USD" } }, "price"],
    [{ price: { amount: 100, currency: "dollars" } }, "price"],
    [{ mileage: -5 }, "mileage"],
    [{ mileage: 2_000_001 }, "mileage"],
    [{ photos: ["javascript:alert(1)"] }, "photos"],
    [{ sourceUrl: "ftp://x" }, "sourceUrl"],
    [{ make: "   " }, "make"],
    [{ bodyStyle: "spaceship" }, "bodyStyle"],
  ])("rejects %j", (over, path) => {
    const { issues } = normalizeVehicleFields({ ...base, ...(over as object) } as never, 2026);
    expect(issues.map((i) => i.path[0])).toContain(path);
  });
  it("allows next year's models but not the year after", () => {
    expect(normalizeVehicleFields({ ...base, year: 2027 }, 2026).issues).toEqual([]);
    expect(normalizeVehicleFields({ ...base, year: 2028 }, 2026).issues).toHaveLength(1);
  });
});

describe("VIN cross-check", () => {
  const now = new Date("2026-05-01T00:00:00Z");
  it("accepts a matching year and make (aliases included)", () => {
    expect(checkVin({ vin: "1HGCM82633A004352", year: 2003, make: "Honda" }, decodeVin, now)).toEqual({
      invalid: [],
      mismatches: [],
    });
  });
  it("reports year and make mismatches", () => {
    const r = checkVin({ vin: "1HGCM82633A004352", year: 2005, make: "Ford" }, decodeVin, now);
    expect(r.mismatches.map((m) => m.code)).toEqual(["vin_year_mismatch", "vin_make_mismatch"]);
    expect(r.mismatches[0]!.message).toMatch(/model year 2003/);
  });
  it("reports an invalid VIN with the decoder's reasons", () => {
    const r = checkVin({ vin: "1HGCM82633A004353", year: 2003, make: "Honda" }, decodeVin, now);
    expect(r.invalid[0]).toMatchObject({ path: ["vin"], code: "check_digit_mismatch" });
  });
});

describe("search query", () => {
  it("applies defaults and normalises filters", () => {
    const q = buildQuery({
      make: ["chevy", "Chevrolet"],
      model: ["silverado 1500"],
      color: ["grey", "Navy"],
    });
    expect(q).toMatchObject({
      status: ["active"],
      sort: "newest",
      limit: 24,
      make: ["Chevrolet"],
      model: ["Silverado 1500"],
      exteriorColorFamily: ["gray", "blue"],
    });
  });
  it("rejects inverted ranges and unknown colours", () => {
    expect(() => buildQuery({ yearMin: 2020, yearMax: 2010 })).toThrow(ServiceError);
    expect(() => buildQuery({ priceMin: 5, priceMax: 1 })).toThrow(/invalid parameters/);
    expect(() => buildQuery({ color: ["plaid"] })).toThrow(ServiceError);
    expect(() => buildQuery({ limit: 101 })).toThrow(ServiceError);
  });
});

describe("ids, keys, cron", () => {
  it("ids are prefixed, 30 chars, and sort by time", () => {
    const a = newId("veh", 1_700_000_000_000);
    const b = newId("veh", 1_700_000_000_001);
    expect(a).toMatch(/^veh_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newId("key"))).size).toBe(1000);
  });
  it("random base62 is uniform-looking and the right length", () => {
    const s = randomBase62(40_000);
    expect(s).toMatch(/^[0-9A-Za-z]{40000}$/);
    const counts = new Map<string, number>();
    for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(n).toBeGreaterThan(450); // expected ~645 each
  });
  it("sha256 hex", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
  it.each([
    ["0 3 * * *", true],
    ["*/15 * * * *", true],
    ["0 0 1,15 * 1-5", true],
    ["60 * * * *", false],
    ["0 3 * *", false],
    ["@daily", false],
    ["0 24 * * *", false],
  ])("cron %s -> %s", (expr, ok) => expect(isValidCron(expr)).toBe(ok));
});
