import { beforeAll, expect } from "vitest";
import { InvalidCursorError, type Repositories } from "../../packages/db/src/index";
import {
  FACET_NAMES,
  VEHICLE_SORTS,
  VEHICLE_STATUSES,
  type Vehicle,
  type VehicleQuery,
  type VehicleSort,
} from "../../packages/domain/src/index";
import { at, newDealership, searchDataset, uid, vehicleFields } from "./fixtures";
import { referenceFacets, referenceFilter, referenceSort } from "./reference";
import type { SuiteContext } from "./repository-suite";

const ALL_STATUSES = [...VEHICLE_STATUSES];
const DATASET_SIZE = 60;

/** Walks every page and returns the ids in order, checking page sizes and the final null cursor. */
async function walk(
  repos: Repositories,
  dealershipId: string,
  q: Omit<VehicleQuery, "limit">,
  limit: number,
) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages > 200) throw new Error("pagination does not terminate");
    const page = await repos.vehicles.search(dealershipId, { ...q, limit, cursor });
    ids.push(...page.items.map((v) => v.id));
    if (!page.nextCursor) break;
    expect(page.items).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  return ids;
}

export function searchCases({ repos, test }: SuiteContext) {
  let dealer = "";
  let other = "";
  let vehicles: Vehicle[] = [];

  beforeAll(async () => {
    const r = repos();
    dealer = (await r.dealerships.create(newDealership())).id;
    other = (await r.dealerships.create(newDealership())).id;
    const data = searchDataset(DATASET_SIZE);
    const idPrefix = uid("veh");
    // Six batches with their own `now` (ties in first_seen_at within each); ids not in insert order.
    for (let batch = 0; batch < 6; batch++) {
      const writes = data
        .map((fields, i) => ({ fields, i }))
        .filter(({ i }) => i % 6 === batch)
        .map(({ fields, i }) => ({
          newId: `${idPrefix}-${String((i * 37) % DATASET_SIZE).padStart(3, "0")}`,
          fields,
        }));
      await r.vehicles.upsertMany(dealer, writes, { now: at(batch * 10), source: "seed" });
    }
    // Some later edits, so updated_at has ties too.
    const stored = await r.vehicles.getByVins(
      dealer,
      data.map((f) => f.vin),
    );
    for (const [n, v] of stored.entries()) {
      if (n % 5 === 0)
        await r.vehicles.update(
          dealer,
          v.id,
          { engine: "3.0L V6" },
          { now: at(100 + (n % 3)), source: "api" },
        );
    }
    // Another dealership with the same kinds of vehicles: must never appear.
    await r.vehicles.upsertMany(
      other,
      data.slice(0, 10).map((fields) => ({ newId: uid("veh"), fields })),
      { now: at(0), source: "seed" },
    );
    vehicles = await r.vehicles.getByVins(
      dealer,
      data.map((f) => f.vin),
    );
    expect(vehicles).toHaveLength(DATASET_SIZE);
  }, 60_000);

  const expectIds = (q: Partial<VehicleQuery>, sort: VehicleSort) =>
    referenceSort(referenceFilter(vehicles, q), sort).map((v) => v.id);

  for (const sort of VEHICLE_SORTS) {
    test(`sort ${sort}: every page size walks the same order as an in-memory sort (ties, NULLs last)`, async () => {
      const q = { status: ALL_STATUSES, sort };
      const expected = expectIds(q, sort);
      expect(expected).toHaveLength(DATASET_SIZE);
      for (const limit of [1, 7, DATASET_SIZE, 500]) {
        expect(await walk(repos(), dealer, q, limit)).toEqual(expected);
      }
    }, 60_000);
  }

  const FILTERS: [string, Partial<VehicleQuery>][] = [
    ["status active", { status: ["active"] }],
    ["status sold+removed", { status: ["sold", "removed"] }],
    ["status [] is no filter", { status: [] }],
    ["make", { make: ["Toyota"] }],
    ["make (several, non-ASCII)", { make: ["Škoda", "BMW"] }],
    ["make is exact (case-sensitive)", { make: ["toyota"] }],
    ["model", { model: ["Camry", "X5"] }],
    ["year range", { yearMin: 2016, yearMax: 2018 }],
    ["year min only", { yearMin: 2019 }],
    ["price range (excludes no-price)", { priceMin: 1_250_000, priceMax: 1_750_000 }],
    ["price max only", { priceMax: 1_000_000 }],
    ["mileage max (excludes unknown)", { mileageMax: 10_000 }],
    ["mileage max 0", { mileageMax: 0 }],
    ["body style", { bodyStyle: ["suv", "truck"] }],
    ["condition", { condition: ["certified"] }],
    ["fuel type", { fuelType: ["hybrid", "electric"] }],
    ["drivetrain", { drivetrain: ["awd"] }],
    ["exterior colour family", { exteriorColorFamily: ["red", "white"] }],
    ["text: make, case-insensitive", { text: "TOYOTA" }],
    ["text: VIN fragment", { text: vehicleFields(1003).vin.slice(-6).toLowerCase() }],
    ["text: stock number", { text: "stk-0042" }],
    ["text: colour", { text: "rosso" }],
    ["text: % is literal", { text: "100%" }],
    ["text: lone %", { text: "%" }],
    ["text: _ is literal", { text: "g_a" }],
    ["text: lone _", { text: "_" }],
    ["text: %_ together", { text: "50%_" }],
    ["text: backslash is literal", { text: "k\\s" }],
    ["text: unicode case folding", { text: "ÜBER" }],
    ["text: unicode make", { text: "škoda oct" }],
    ["text: emoji and accents", { text: "café racer vibes 🚗 naïve" }],
    ["text: runs of spaces match single spaces", { text: "plain description with" }],
    [
      "text: longer than 50 bytes (D1's LIKE pattern cap)",
      { text: "deep blue blue ash 100% dealer serviced, financing_available" },
    ],
    ["text: blank is no filter", { text: "   " }],
    ["text: no match", { text: "zzzz-no-such-thing" }],
    [
      "every filter at once",
      {
        status: ["active", "sold"],
        make: ["Toyota", "Ford", "Honda"],
        yearMin: 2015,
        yearMax: 2019,
        priceMax: 2_000_000,
        mileageMax: 20_000,
        condition: ["new", "used"],
        text: "unit",
      },
    ],
  ];

  for (const [name, filter] of FILTERS) {
    test(`filter ${name}`, async () => {
      const q = { status: ["active" as const], ...filter, sort: "price_asc" as const };
      const expected = expectIds(q, q.sort);
      expect(await walk(repos(), dealer, q, 4)).toEqual(expected);
    });
  }

  test("filters are not vacuous: the dataset exercises each one", () => {
    const count = (q: Partial<VehicleQuery>) => referenceFilter(vehicles, q).length;
    expect(count({ text: "100%" })).toBe(1);
    expect(count({ text: "%" })).toBe(2);
    expect(count({ text: "50%_" })).toBe(1);
    expect(count({ text: "ÜBER" })).toBe(1);
    expect(count({ priceMax: 1_000_000 })).toBeGreaterThan(0);
    for (const [name, filter] of FILTERS) {
      if (!name.includes("no match") && !name.includes("exact"))
        expect(count({ status: [], ...filter }), name).toBeGreaterThan(0);
    }
  });

  test("facets honour every filter, are ordered by count then value, and leave NULLs out", async () => {
    const q = { status: ["active" as const], yearMin: 2016, text: "unit", sort: "newest" as const, limit: 5 };
    const page = await repos().vehicles.search(dealer, { ...q, facets: [...FACET_NAMES] });
    expect(page.facets).toEqual(referenceFacets(referenceFilter(vehicles, q), FACET_NAMES));
    const narrowed = await repos().vehicles.search(dealer, {
      ...q,
      make: ["Ford"],
      facets: ["make", "model", "year"],
    });
    expect(narrowed.facets).toEqual(
      referenceFacets(referenceFilter(vehicles, { ...q, make: ["Ford"] }), ["make", "model", "year"]),
    );
    expect(narrowed.facets?.make).toHaveLength(1);
    const page2 = await repos().vehicles.search(dealer, {
      ...q,
      cursor: page.nextCursor ?? undefined,
      facets: ["status"],
    });
    expect(page2.facets).toEqual({
      status: [{ value: "active", count: referenceFilter(vehicles, q).length }],
    });
    const none = await repos().vehicles.search(dealer, {
      ...q,
      text: "zzzz-no-such-thing",
      facets: ["make"],
    });
    expect(none).toEqual({ items: [], nextCursor: null, facets: { make: [] } });
    expect((await repos().vehicles.search(dealer, q)).facets).toBeUndefined();
  });

  test("facets are capped at 50 values per facet", async () => {
    const d = (await repos().dealerships.create(newDealership())).id;
    const writes = Array.from({ length: 60 }, (_, i) => ({
      newId: uid("veh"),
      fields: vehicleFields(70_000 + i, { model: `Model ${String(i % 55).padStart(2, "0")}` }),
    }));
    await repos().vehicles.upsertMany(d, writes, { now: at(1), source: "seed" });
    const page = await repos().vehicles.search(d, {
      status: ["active"],
      sort: "newest",
      limit: 1,
      facets: ["model"],
    });
    const models = page.facets?.model ?? [];
    expect(models).toHaveLength(50);
    expect(models.slice(0, 5)).toEqual(
      ["00", "01", "02", "03", "04"].map((n) => ({ value: `Model ${n}`, count: 2 })),
    );
    expect(models[5]).toEqual({ value: "Model 05", count: 1 });
    expect(models[49]).toEqual({ value: "Model 49", count: 1 });
  });

  test("a cursor from another sort, other filters, or tampered with is rejected with InvalidCursorError", async () => {
    const q = { status: ["active" as const], sort: "price_asc" as const, limit: 3 };
    const page = await repos().vehicles.search(dealer, q);
    const cursor = page.nextCursor as string;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const flip = (s: string, i: number) => `${s.slice(0, i)}${s[i] === "A" ? "B" : "A"}${s.slice(i + 1)}`;
    const bad: [string, VehicleQuery][] = [
      ["other sort", { ...q, sort: "price_desc", cursor }],
      ["other filters", { ...q, make: ["Toyota"], cursor }],
      ["other status", { ...q, status: ["sold"], cursor }],
      ["tampered start", { ...q, cursor: flip(cursor, 2) }],
      ["tampered middle", { ...q, cursor: flip(cursor, Math.floor(cursor.length / 2)) }],
      ["tampered end", { ...q, cursor: flip(cursor, cursor.length - 1) }],
      ["truncated", { ...q, cursor: cursor.slice(0, -4) }],
      ["garbage", { ...q, cursor: "%%%not-base64%%%" }],
      ["empty JSON", { ...q, cursor: "W10" }],
      [
        "dealership cursor",
        { ...q, cursor: (await repos().dealerships.list({ limit: 1 })).nextCursor ?? "x" },
      ],
    ];
    for (const [label, query] of bad) {
      await expect(repos().vehicles.search(dealer, query), label).rejects.toBeInstanceOf(InvalidCursorError);
    }
    // The same query (page size and facets may change) accepts it.
    const next = await repos().vehicles.search(dealer, { ...q, limit: 5, facets: ["make"], cursor });
    expect(next.items[0]?.id).toBe(expectIds(q, "price_asc")[3]);
  });

  test("search is scoped by dealership", async () => {
    const mine = await walk(repos(), dealer, { status: ALL_STATUSES, sort: "newest" }, 100);
    expect(mine).toHaveLength(DATASET_SIZE);
    const theirs = await walk(repos(), other, { status: ALL_STATUSES, sort: "newest" }, 100);
    expect(theirs).toHaveLength(10);
    expect(theirs.some((id) => mine.includes(id))).toBe(false);
    const empty = await repos().vehicles.search(uid("nobody"), {
      status: ["active"],
      sort: "newest",
      limit: 10,
      facets: ["make"],
    });
    expect(empty).toEqual({ items: [], nextCursor: null, facets: { make: [] } });
  });

  test("limit is clamped to 1..500 and the last page has a null cursor", async () => {
    const one = await repos().vehicles.search(dealer, { status: ["active"], sort: "newest", limit: 0 });
    expect(one.items).toHaveLength(1);
    const all = await repos().vehicles.search(dealer, {
      status: ALL_STATUSES,
      sort: "newest",
      limit: 10_000,
    });
    expect(all.items).toHaveLength(DATASET_SIZE);
    expect(all.nextCursor).toBeNull();
  });
}
