// The benchmark dataset: N vehicles across D dealerships with a skewed (log-normal) size distribution,
// generated deterministically by @forecourt/demo-inventory. Nothing is stored on disk: any slice can be
// regenerated on demand, identically, from (seed, dealership index).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createRandom, generateInventory } from "@forecourt/demo-inventory";
import { DEFAULT_RATE_LIMITS, type VehicleFields, type VehicleStatus } from "@forecourt/domain";
import { ROOT } from "../lib/paths";

export const SEED = 20_260_401;
/** Bump when the way rows are derived from the generator changes (invalidates cached datasets). */
export const DATASET_VERSION = 1;
/** Vehicles first seen over the 120 days before this instant; fixed so reruns produce identical rows. */
const BASE_TIME = Date.parse("2026-04-01T12:00:00.000Z");
const DAY = 86_400_000;
/** Vehicles per upsertMany call: one "scrape" worth of listings seen at the same instant. */
export const CHUNK = 250;
/** The generator encodes the index inside the dealership into 4 VIN serial digits. */
const MAX_PER_DEALERSHIP = 9_999;

export interface DealerPlan {
  index: number;
  id: string;
  name: string;
  count: number;
}

export interface DatasetPlan {
  vehicles: number;
  dealerships: DealerPlan[];
  /** Identifies the exact content: sizes, seed, version, and the migrations that define the schema. */
  fingerprint: string;
}

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
/** A well-formed, deterministic id in the services' layout: prefix_ + 10 chars of time + 16 of randomness. */
export function benchId(prefix: "dlr" | "veh", timeMs: number, rand: () => number): string {
  let time = "";
  let t = Math.floor(timeMs);
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let tail = "";
  for (let i = 0; i < 16; i++) tail += ALPHABET[Math.floor(rand() * 32)];
  return `${prefix}_${time}${tail}`;
}

/** Migration file name → content hash. */
export type MigrationSet = Record<string, string>;

export function migrationSet(dialect: "d1" | "pg"): MigrationSet {
  const dir = path.join(ROOT, "migrations", dialect);
  const set: MigrationSet = {};
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(".sql"))
    .sort()) {
    set[name] = createHash("sha256")
      .update(readFileSync(path.join(dir, name)))
      .digest("hex")
      .slice(0, 16);
  }
  return set;
}

/** What a cached dataset records about itself. */
export interface Manifest {
  fingerprint: string;
  migrations: MigrationSet;
  complete: true;
}

export function newManifest(plan: DatasetPlan, dialect: "d1" | "pg"): Manifest {
  return { fingerprint: plan.fingerprint, migrations: migrationSet(dialect), complete: true };
}

/**
 * A cached dataset is still good when it holds this plan and every migration it was loaded under is
 * unchanged. Migrations are append-only, so newer files are simply applied on top of the loaded data
 * (as a deploy would); a changed or removed file means the schema is not what the data was loaded into.
 */
export function manifestValid(
  stored: string | null | undefined,
  plan: DatasetPlan,
  dialect: "d1" | "pg",
): boolean {
  if (!stored) return false;
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(stored);
  } catch {
    return false;
  }
  if (
    m.fingerprint !== plan.fingerprint ||
    m.complete !== true ||
    typeof m.migrations !== "object" ||
    !m.migrations
  )
    return false;
  const current = migrationSet(dialect);
  return Object.entries(m.migrations).every(([name, hash]) => current[name] === hash);
}

export function planDataset(opts: { vehicles: number; dealerships: number }): DatasetPlan {
  if (opts.vehicles > opts.dealerships * MAX_PER_DEALERSHIP)
    throw new Error("too many vehicles per dealership");
  const rand = createRandom(SEED);
  const weights = Array.from({ length: opts.dealerships }, () => Math.exp(rand.gauss() * 0.6));
  const total = weights.reduce((s, w) => s + w, 0);
  const counts = weights.map((w) =>
    Math.min(MAX_PER_DEALERSHIP, Math.max(1, Math.floor((opts.vehicles * w) / total))),
  );
  // Hand out the rounding remainder (or take back the excess) one vehicle at a time, round-robin.
  let diff = opts.vehicles - counts.reduce((s, c) => s + c, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % counts.length) {
    const step = diff > 0 ? 1 : -1;
    const next = counts[i]! + step;
    if (next >= 1 && next <= MAX_PER_DEALERSHIP) {
      counts[i] = next;
      diff -= step;
    }
  }
  const idRand = createRandom(SEED + 1);
  const dealerships = counts.map((count, index) => ({
    index,
    id: benchId("dlr", BASE_TIME - 400 * DAY + index * 1000, idRand.next),
    name: `Bench Motors ${String(index + 1).padStart(4, "0")}`,
    count,
  }));
  const fingerprint = createHash("sha256")
    .update(JSON.stringify({ v: DATASET_VERSION, seed: SEED, counts }))
    .digest("hex")
    .slice(0, 16);
  return { vehicles: opts.vehicles, dealerships, fingerprint };
}

export function newDealership(d: DealerPlan) {
  const now = new Date(BASE_TIME - 400 * DAY).toISOString();
  return {
    id: d.id,
    name: d.name,
    websiteUrl: `https://dealer-${d.index + 1}.bench.invalid`,
    timezone: "America/Chicago",
    scrapeSchedule: { enabled: false, cron: "0 3 * * *" },
    rateLimits: DEFAULT_RATE_LIMITS,
    status: "active" as const,
    now,
  };
}

export interface WriteGroup {
  dealershipId: string;
  /** The instant these listings were (first) seen. */
  now: string;
  writes: { newId: string; fields: VehicleFields }[];
}

/**
 * One dealership's inventory as upsertMany calls of up to CHUNK vehicles, each group "seen" on a different
 * day, with about 10% sold and 5% removed (searches default to active, so the status index matters).
 */
export function dealerWriteGroups(d: DealerPlan): WriteGroup[] {
  const vehicles = generateInventory({
    seed: SEED,
    count: d.count,
    dealershipIndex: d.index,
    siteUrl: `https://dealer-${d.index + 1}.bench.invalid`,
  });
  const rand = createRandom(SEED * 31 + d.index);
  const groups: WriteGroup[] = [];
  const chunks = Math.ceil(vehicles.length / CHUNK);
  for (let c = 0; c < chunks; c++) {
    const seenAt = BASE_TIME - Math.floor(((chunks - c) / chunks) * 120 * DAY) + d.index * 1000;
    const writes = vehicles.slice(c * CHUNK, (c + 1) * CHUNK).map((fields) => {
      const r = rand.next();
      const status: VehicleStatus = r < 0.1 ? "sold" : r < 0.15 ? "removed" : "active";
      return { newId: benchId("veh", seenAt, rand.next), fields: { ...fields, status } };
    });
    groups.push({ dealershipId: d.id, now: new Date(seenAt).toISOString(), writes });
  }
  return groups;
}
