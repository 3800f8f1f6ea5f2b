import { createRandom, generateInventory, type Random } from "@forecourt/demo-inventory";
import type { BodyStyle, Condition, Money, VehicleFields } from "@forecourt/domain";
import { fnv1a } from "./format";
import { VEHICLE_STYLES, type VehicleStyle } from "./types";

/** The highest generation the site evolves to (each generation keeps one array of references). */
export const MAX_GENERATION = 500;

/** One vehicle on the lot, with what the pages need precomputed. */
export interface LotVehicle {
  readonly v: VehicleFields;
  /** Path of the detail page: "/inventory/2021-toyota-rav4-<vin lowercase>". */
  readonly path: string;
  /** fnv1a(vin): drives the per-vehicle variations (markup in a mixed site, mileage format, spec layout...). */
  readonly hash: number;
  /** The style this vehicle uses on a `mixed` site. */
  readonly mixedStyle: VehicleStyle;
  /** "2021 Toyota RAV4 XLE". */
  readonly title: string;
  /** The price before the latest reprice (shown as "Was $X" after a drop). */
  readonly previousPrice: Money | null;
  readonly arrivedGeneration: number;
  /** Generation of the last change (arrival or reprice): the sitemap's lastmod. */
  readonly changedGeneration: number;
}

export interface RepriceChange {
  vin: string;
  from: Money | null;
  to: Money | null;
}

/** What changed from the previous generation. */
export interface LotChanges {
  sold: string[];
  repriced: RepriceChange[];
  arrived: string[];
}

export interface ListingFilter {
  make?: string;
  bodyStyle?: string;
  condition?: string;
  /** Whole dollars; vehicles without a price never match. */
  maxPrice?: number;
  sort?: string;
}

export interface Facets {
  make: [string, number][];
  bodyStyle: [BodyStyle, number][];
  condition: [Condition, number][];
}

/** The lot at one generation: display order is newest arrivals first. Immutable once built. */
export class Lot {
  readonly byVin = new Map<string, LotVehicle>();
  readonly indexOf = new Map<string, number>();
  private readonly listings = new Map<string, readonly LotVehicle[]>();
  private readonly facetCache = new Map<string, Facets>();

  constructor(
    readonly generation: number,
    readonly vehicles: readonly LotVehicle[],
    readonly changes: LotChanges,
    /** Index into the generator's output where the next arrivals come from. */
    readonly nextPoolIndex: number,
  ) {
    vehicles.forEach((lv, i) => {
      this.byVin.set(lv.v.vin, lv);
      this.indexOf.set(lv.v.vin, i);
    });
  }

  /** Vehicles matching a filter, sorted; cached per filter. */
  list(filter: ListingFilter): readonly LotVehicle[] {
    const key = filterKey(filter);
    let hit = this.listings.get(key);
    if (!hit) {
      const matched = this.vehicles.filter((lv) => matches(lv.v, filter));
      hit = sortVehicles(matched, filter.sort);
      if (this.listings.size > 500) this.listings.clear();
      this.listings.set(key, hit);
    }
    return hit;
  }

  /** Facet counts: each facet counts the vehicles matching every *other* active filter. */
  facets(filter: ListingFilter): Facets {
    const key = filterKey({ ...filter, sort: undefined });
    let hit = this.facetCache.get(key);
    if (!hit) {
      hit = {
        make: count(this.list({ ...filter, make: undefined, sort: undefined }), (v) => v.make),
        bodyStyle: count(this.list({ ...filter, bodyStyle: undefined, sort: undefined }), (v) => v.bodyStyle),
        condition: count(this.list({ ...filter, condition: undefined, sort: undefined }), (v) => v.condition),
      };
      if (this.facetCache.size > 500) this.facetCache.clear();
      this.facetCache.set(key, hit);
    }
    return hit;
  }
}

function filterKey(f: ListingFilter): string {
  return `${f.make?.toLowerCase() ?? ""}|${f.bodyStyle ?? ""}|${f.condition ?? ""}|${f.maxPrice ?? ""}|${f.sort ?? ""}`;
}

function matches(v: VehicleFields, f: ListingFilter): boolean {
  if (f.make && v.make.toLowerCase() !== f.make.toLowerCase()) return false;
  if (f.bodyStyle && v.bodyStyle !== f.bodyStyle) return false;
  if (f.condition && v.condition !== f.condition) return false;
  if (f.maxPrice !== undefined && (!v.price || v.price.amount > f.maxPrice * 100)) return false;
  return true;
}

export const SORTS = ["newest", "price_asc", "price_desc", "year_desc", "mileage_asc"] as const;

function sortVehicles(list: LotVehicle[], sort: string | undefined): readonly LotVehicle[] {
  const priceOf = (lv: LotVehicle, missing: number) => lv.v.price?.amount ?? missing;
  switch (sort) {
    case "price_asc":
      return list.sort((a, b) => priceOf(a, Number.MAX_SAFE_INTEGER) - priceOf(b, Number.MAX_SAFE_INTEGER));
    case "price_desc":
      return list.sort((a, b) => priceOf(b, -1) - priceOf(a, -1));
    case "year_desc":
      return list.sort((a, b) => b.v.year - a.v.year);
    case "mileage_asc":
      return list.sort((a, b) => (a.v.mileage ?? 0) - (b.v.mileage ?? 0));
    default:
      return list; // lot order: newest arrivals first (Array.prototype.sort is stable; filter made a copy)
  }
}

function count<K extends string>(
  list: readonly LotVehicle[],
  key: (v: VehicleFields) => K | null,
): [K, number][] {
  const m = new Map<K, number>();
  for (const lv of list) {
    const k = key(lv.v);
    if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function pathOf(v: VehicleFields): string {
  if (v.sourceUrl) {
    const i = v.sourceUrl.indexOf("/inventory/");
    if (i >= 0) return v.sourceUrl.slice(i);
  }
  const slug = `${v.year}-${v.make}-${v.model}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return `/inventory/${slug}-${v.vin.toLowerCase()}`;
}

function lotVehicle(v: VehicleFields, generation: number): LotVehicle {
  const hash = fnv1a(v.vin);
  return {
    v,
    path: pathOf(v),
    hash,
    mixedStyle: VEHICLE_STYLES[hash % VEHICLE_STYLES.length]!,
    title: [v.year, v.make, v.model, v.trim].filter(Boolean).join(" "),
    previousPrice: null,
    arrivedGeneration: generation,
    changedGeneration: generation,
  };
}

/** k distinct indices out of [0, n), in random order (partial Fisher–Yates). */
function pickDistinct(rand: Random, n: number, k: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const take = Math.min(k, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rand.next() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, take);
}

function dealerRound(dollars: number): number {
  return Math.max(2_995, Math.round(dollars / 100) * 100 - 5);
}

export interface InventoryConfig {
  seed: number;
  count: number;
  siteUrl: string;
  dealershipIndex: number;
}

/**
 * The demo dealer's lot through time, from the seed. Generation 0 is exactly
 * `generateInventory({ seed, count, dealershipIndex, siteUrl })` (what `npm start` seeds into the API).
 * Generation N+1 = generation N with ~3–7% sold, ~6–12% of the priced vehicles repriced (85% drops) and
 * ~3–7% of `count` new arrivals drawn from the generator's output past the initial lot. Lots are
 * computed once and cached, so every page of a generation is rendered from precomputed data.
 */
export class Inventory {
  private pool: VehicleFields[] = [];
  private readonly poolIndex = new Map<string, number>();
  private readonly lots: Lot[] = [];

  constructor(readonly config: InventoryConfig) {
    this.ensurePool(config.count);
    const initial = this.pool.slice(0, config.count).map((v) => lotVehicle(v, 0));
    this.lots.push(new Lot(0, initial, { sold: [], repriced: [], arrived: [] }, config.count));
  }

  lot(generation: number): Lot {
    const g = Math.max(0, Math.min(MAX_GENERATION, Math.trunc(generation)));
    while (this.lots.length <= g) this.lots.push(this.evolve(this.lots[this.lots.length - 1]!));
    return this.lots[g]!;
  }

  /** Any vehicle this site has ever listed or will list soon (for photos and "sold" pages). */
  everListed(vin: string): VehicleFields | undefined {
    const i = this.poolIndex.get(vin);
    return i === undefined ? undefined : this.pool[i];
  }

  private ensurePool(n: number) {
    if (this.pool.length >= n) return;
    const size = Math.max(n, Math.ceil(this.pool.length * 1.5), this.config.count + 64);
    // The generator is prefix-stable (the first k vehicles of a larger run are the k of a smaller one),
    // so growing the pool never changes vehicles already listed; duplicates are skipped anyway.
    this.pool = generateInventory({
      seed: this.config.seed,
      count: size,
      dealershipIndex: this.config.dealershipIndex,
      siteUrl: this.config.siteUrl,
    });
    for (let i = 0; i < this.pool.length; i++) {
      const vin = this.pool[i]!.vin;
      if (!this.poolIndex.has(vin)) this.poolIndex.set(vin, i);
    }
  }

  private evolve(prev: Lot): Lot {
    const g = prev.generation + 1;
    const { seed, count } = this.config;
    const rand = createRandom(
      (Math.imul(seed, 2_654_435_761) ^ Math.imul(g, 40_503) ^ (count * 97) ^ 0x5eed) >>> 0,
    );
    const n = prev.vehicles.length;

    const soldTarget = n === 0 ? 0 : Math.max(1, Math.round(n * (0.03 + rand.next() * 0.04)));
    const soldIdx = new Set(pickDistinct(rand, n, soldTarget));
    const sold: string[] = [];
    const remaining: LotVehicle[] = [];
    prev.vehicles.forEach((lv, i) => {
      if (soldIdx.has(i)) sold.push(lv.v.vin);
      else remaining.push(lv);
    });

    const priced = remaining.map((lv, i) => (lv.v.price ? i : -1)).filter((i) => i >= 0);
    const repriceTarget = Math.min(
      priced.length,
      Math.max(1, Math.round(remaining.length * (0.06 + rand.next() * 0.06))),
    );
    const repriced: RepriceChange[] = [];
    for (const pick of pickDistinct(rand, priced.length, repriceTarget)) {
      const i = priced[pick]!;
      const lv = remaining[i]!;
      const old = lv.v.price!;
      const oldDollars = old.amount / 100;
      const drop = rand.chance(0.85);
      const pct = drop ? -(0.02 + rand.next() * 0.08) : 0.01 + rand.next() * 0.03;
      let dollars = dealerRound(oldDollars * (1 + pct));
      if (dollars === oldDollars) dollars = drop ? Math.max(2_995, oldDollars - 500) : oldDollars + 500;
      if (dollars === oldDollars) continue;
      const price: Money = { amount: dollars * 100, currency: old.currency };
      remaining[i] = { ...lv, v: { ...lv.v, price }, previousPrice: old, changedGeneration: g };
      repriced.push({ vin: lv.v.vin, from: old, to: price });
    }

    const arriveTarget = Math.max(1, Math.round(count * (0.03 + rand.next() * 0.04)));
    const arrivals: LotVehicle[] = [];
    let next = prev.nextPoolIndex;
    const present = new Set(remaining.map((lv) => lv.v.vin));
    while (arrivals.length < arriveTarget) {
      this.ensurePool(next + arriveTarget + 16);
      const v = this.pool[next++]!;
      if (present.has(v.vin) || this.poolIndex.get(v.vin) !== next - 1) continue;
      arrivals.push(lotVehicle(v, g));
    }
    arrivals.reverse(); // the newest arrival first
    return new Lot(
      g,
      [...arrivals, ...remaining],
      { sold, repriced, arrived: arrivals.map((lv) => lv.v.vin) },
      next,
    );
  }
}
