import type { FacetName, Facets, Vehicle, VehicleQuery, VehicleSort } from "../../packages/domain/src/index";

/**
 * An independent in-memory model of `search` semantics, to compare the databases against.
 * Strings compare by code unit (the repositories' order for ids and ISO timestamps on every driver).
 */
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

const SORT_KEYS: Record<VehicleSort, { key: (v: Vehicle) => string | number | null; desc: boolean }> = {
  newest: { key: (v) => v.firstSeenAt, desc: true },
  updated_desc: { key: (v) => v.updatedAt, desc: true },
  price_asc: { key: (v) => v.price?.amount ?? null, desc: false },
  price_desc: { key: (v) => v.price?.amount ?? null, desc: true },
  year_desc: { key: (v) => v.year, desc: true },
  year_asc: { key: (v) => v.year, desc: false },
  mileage_asc: { key: (v) => v.mileage, desc: false },
};

export function referenceSort(vehicles: Vehicle[], sort: VehicleSort): Vehicle[] {
  const { key, desc } = SORT_KEYS[sort];
  return [...vehicles].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null && kb !== null) return 1; // NULLs last, whatever the direction
    if (kb === null && ka !== null) return -1;
    const c = (ka === null || kb === null ? 0 : cmp(ka, kb)) || cmp(a.id, b.id);
    return desc ? -c : c;
  });
}

const fold = (s: string) => s.normalize("NFC").toLowerCase().replace(/\s+/g, " ");

export function referenceFilter(vehicles: Vehicle[], q: Partial<VehicleQuery>): Vehicle[] {
  const inList = <T>(list: readonly T[] | undefined, value: T) =>
    !list || list.length === 0 || list.includes(value);
  const needle = q.text === undefined ? "" : fold(q.text).trim();
  return vehicles.filter((v) => {
    const haystack = fold(
      [
        v.make,
        v.model,
        v.trim,
        v.vin,
        v.stockNumber,
        v.exteriorColor,
        v.exteriorColorFamily,
        v.interiorColor,
        v.description,
      ]
        .filter((s): s is string => !!s)
        .join(" "),
    );
    return (
      inList(q.status, v.status) &&
      inList(q.make, v.make) &&
      inList(q.model, v.model) &&
      inList(q.bodyStyle, v.bodyStyle as never) &&
      inList(q.condition, v.condition) &&
      inList(q.fuelType, v.fuelType as never) &&
      inList(q.drivetrain, v.drivetrain as never) &&
      inList(q.exteriorColorFamily, v.exteriorColorFamily as never) &&
      (q.yearMin === undefined || v.year >= q.yearMin) &&
      (q.yearMax === undefined || v.year <= q.yearMax) &&
      (q.priceMin === undefined || (v.price !== null && v.price.amount >= q.priceMin)) &&
      (q.priceMax === undefined || (v.price !== null && v.price.amount <= q.priceMax)) &&
      (q.mileageMax === undefined || (v.mileage !== null && v.mileage <= q.mileageMax)) &&
      (needle === "" || haystack.includes(needle))
    );
  });
}

const FACET_VALUE: Record<FacetName, (v: Vehicle) => string | number | null> = {
  make: (v) => v.make,
  model: (v) => v.model,
  year: (v) => v.year,
  bodyStyle: (v) => v.bodyStyle,
  condition: (v) => v.condition,
  fuelType: (v) => v.fuelType,
  drivetrain: (v) => v.drivetrain,
  exteriorColorFamily: (v) => v.exteriorColorFamily,
  status: (v) => v.status,
};

export function referenceFacets(vehicles: Vehicle[], names: readonly FacetName[], cap = 50): Facets {
  const out: Facets = {};
  for (const name of names) {
    const counts = new Map<string, number>();
    for (const v of vehicles) {
      const value = FACET_VALUE[name](v);
      if (value !== null) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
    }
    out[name] = [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || cmp(a.value, b.value))
      .slice(0, cap);
  }
  return out;
}
