/**
 * Vector migration ENGINE: copies namespaces from one VectorStore to another, one bounded step at a
 * time, with a JSON-serialisable checkpoint (`MigrationState`) so a queue consumer can run one step per
 * message and resume after a crash from the last saved state. Pure: it only calls the two stores.
 *
 * - Ids come from `source.list` when the source can enumerate (local, Pinecone, Qdrant), else from the
 *   caller's `idSource` (the inventory: vehicle ids of the dealership), required for Vectorize.
 * - A copy step reads one page of ids, `get`s them from the source and `upsert`s them into the target.
 *   Upserts replace, so replaying a step (after a crash before its checkpoint was saved) is harmless and
 *   a whole re-run is idempotent. The source is only read: never written, never deleted from.
 * - Verification (one step per namespace, after copying): counts where both stores can count one
 *   namespace, else copied-vs-found; plus a random sample of ids (reservoir-sampled while copying, so
 *   bounded in the checkpoint) compared value by value within `epsilon` after normalising (cosine stores
 *   such as Qdrant keep unit vectors) and metadata by deep equality.
 */
import { type VectorRecord, type VectorStore, VectorStoreError } from "./types";

export type IdSource = (
  namespace: string,
  cursor: string | null,
  limit: number,
) => Promise<{ ids: string[]; nextCursor: string | null }>;

export interface MigrationContext {
  source: VectorStore;
  target: VectorStore;
  /** Required when the source has no `list` (Vectorize). */
  idSource?: IdSource;
}

export interface MigrationOptions {
  /** Ids per copy step. Default 100, capped by both stores' batch limits. */
  batchSize?: number;
  /** Ids compared value by value per namespace at the end. Default 20. */
  sampleSize?: number;
  /** Largest allowed difference per (normalised) component. Default 1e-5. */
  epsilon?: number;
  /** Seed of the sample (reproducible verification). Default random. */
  seed?: number;
}

export interface NamespaceVerification {
  namespace: string;
  sourceCount: number | null;
  targetCount: number | null;
  /** null when a store cannot count one namespace (Vectorize). */
  countsMatch: boolean | null;
  /** Ids enumerated, found in the source and copied. */
  copied: number;
  sampled: number;
  missingInTarget: string[];
  mismatched: { id: string; reason: string }[];
  ok: boolean;
}

export interface MigrationState {
  version: 1;
  from: string;
  to: string;
  namespaces: string[];
  options: Required<MigrationOptions>;
  phase: "copy" | "verify" | "done";
  /** Namespace being copied or verified (index into `namespaces`). */
  index: number;
  cursor: string | null;
  steps: number;
  perNamespace: Record<
    string,
    {
      enumerated: number;
      copied: number;
      missingInSource: number;
      expected: number | null;
      sample: string[];
      seen: number;
    }
  >;
  verification: NamespaceVerification[];
  startedAt: string;
  updatedAt: string;
}

export interface MigrationProgress {
  phase: MigrationState["phase"];
  namespace: string | null;
  namespacesDone: number;
  namespaces: number;
  copied: number;
  /** Sum of source counts where known (null if any namespace is uncountable). */
  expected: number | null;
  ok: boolean | null;
}

function fail(message: string): never {
  throw new VectorStoreError("migration", "invalid_input", message);
}

/** Initial checkpoint of a migration of `namespaces` from `ctx.source` to `ctx.target`. */
export function startMigration(
  ctx: MigrationContext,
  namespaces: string[],
  options: MigrationOptions = {},
): MigrationState {
  if (ctx.source.limits.dimensions !== ctx.target.limits.dimensions) {
    fail(`dimensions differ: source ${ctx.source.limits.dimensions}, target ${ctx.target.limits.dimensions}`);
  }
  if (!ctx.source.list && !ctx.idSource)
    fail(`${ctx.source.kind} cannot enumerate ids: pass an idSource (the inventory)`);
  if (namespaces.length === 0 || new Set(namespaces).size !== namespaces.length)
    fail("namespaces must be distinct and non-empty");
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1) fail("batchSize must be a positive integer");
  const now = new Date().toISOString();
  return {
    version: 1,
    from: ctx.source.kind,
    to: ctx.target.kind,
    namespaces: [...namespaces],
    options: {
      batchSize: Math.min(batchSize, ctx.source.limits.maxBatchUpsert, ctx.target.limits.maxBatchUpsert, 100),
      sampleSize: options.sampleSize ?? 20,
      epsilon: options.epsilon ?? 1e-5,
      seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
    },
    phase: "copy",
    index: 0,
    cursor: null,
    steps: 0,
    perNamespace: {},
    verification: [],
    startedAt: now,
    updatedAt: now,
  };
}

/** Deterministic PRNG (mulberry32) from the seed, the namespace and the position: replays pick the same sample. */
function random(seed: number, namespace: string, n: number): number {
  let h = seed ^ n;
  for (let i = 0; i < namespace.length; i++) h = Math.imul(h ^ namespace.charCodeAt(i), 2654435761);
  h = (h + 0x6d2b79f5) | 0;
  let t = Math.imul(h ^ (h >>> 15), 1 | h);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Does one step and returns the next state (the input is not modified). Call until `phase === "done"`. */
export async function migrateStep(ctx: MigrationContext, input: MigrationState): Promise<MigrationState> {
  if (input.version !== 1) fail(`unknown checkpoint version ${input.version}`);
  if (input.from !== ctx.source.kind || input.to !== ctx.target.kind) {
    fail(`checkpoint is for ${input.from} -> ${input.to}, not ${ctx.source.kind} -> ${ctx.target.kind}`);
  }
  const state: MigrationState = structuredClone(input);
  if (state.phase === "done") return state;
  const namespace = state.namespaces[state.index]!;
  if (state.phase === "copy") await copyStep(ctx, state, namespace);
  else await verifyStep(ctx, state, namespace);
  state.steps++;
  state.updatedAt = new Date().toISOString();
  return state;
}

async function copyStep(ctx: MigrationContext, state: MigrationState, namespace: string) {
  let ns = state.perNamespace[namespace];
  if (!ns) {
    const stats = await ctx.source.stats(namespace);
    ns = {
      enumerated: 0,
      copied: 0,
      missingInSource: 0,
      expected: stats.exactForNamespace ? stats.vectorCount : null,
      sample: [],
      seen: 0,
    };
    state.perNamespace[namespace] = ns;
  }
  const limit = state.options.batchSize;
  const page = ctx.source.list
    ? await ctx.source.list(namespace, { cursor: state.cursor, limit })
    : await ctx.idSource!(namespace, state.cursor, limit);
  const records: VectorRecord[] = page.ids.length > 0 ? await ctx.source.get(namespace, page.ids) : [];
  if (records.length > 0) await ctx.target.upsert(namespace, records);
  ns.enumerated += page.ids.length;
  ns.copied += records.length;
  ns.missingInSource += page.ids.length - records.length;
  // Reservoir sample (algorithm R) over copied ids.
  for (const r of records) {
    ns.seen++;
    if (ns.sample.length < state.options.sampleSize) ns.sample.push(r.id);
    else {
      const j = Math.floor(random(state.options.seed, namespace, ns.seen) * ns.seen);
      if (j < state.options.sampleSize) ns.sample[j] = r.id;
    }
  }
  if (page.nextCursor) {
    state.cursor = page.nextCursor;
    return;
  }
  state.cursor = null;
  state.index++;
  if (state.index >= state.namespaces.length) {
    state.phase = "verify";
    state.index = 0;
  }
}

function unitOf(v: number[]): number[] {
  const n = Math.hypot(...v);
  return n === 0 ? v : v.map((x) => x / n);
}

function sameMetadata(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

async function verifyStep(ctx: MigrationContext, state: MigrationState, namespace: string) {
  const ns = state.perNamespace[namespace]!;
  const [s, t] = await Promise.all([ctx.source.stats(namespace), ctx.target.stats(namespace)]);
  const sourceCount = s.exactForNamespace ? s.vectorCount : null;
  const targetCount = t.exactForNamespace ? t.vectorCount : null;
  const countsMatch = sourceCount !== null && targetCount !== null ? sourceCount === targetCount : null;
  const [src, dst] = await Promise.all([
    ctx.source.get(namespace, ns.sample),
    ctx.target.get(namespace, ns.sample),
  ]);
  const dstById = new Map(dst.map((r) => [r.id, r]));
  const missingInTarget: string[] = [];
  const mismatched: { id: string; reason: string }[] = [];
  for (const a of src) {
    const b = dstById.get(a.id);
    if (!b) {
      missingInTarget.push(a.id);
      continue;
    }
    if (a.values.length !== b.values.length) {
      mismatched.push({ id: a.id, reason: `dimension ${a.values.length} vs ${b.values.length}` });
      continue;
    }
    const ua = unitOf(a.values);
    const ub = unitOf(b.values);
    const worst = ua.reduce((m, x, i) => Math.max(m, Math.abs(x - ub[i]!)), 0);
    if (!(worst <= state.options.epsilon)) mismatched.push({ id: a.id, reason: `values differ by ${worst}` });
    else if (!sameMetadata(a.metadata, b.metadata)) mismatched.push({ id: a.id, reason: "metadata differs" });
  }
  const found = ns.copied;
  state.verification = state.verification.filter((v) => v.namespace !== namespace);
  state.verification.push({
    namespace,
    sourceCount,
    targetCount,
    countsMatch,
    copied: found,
    sampled: src.length,
    missingInTarget,
    mismatched,
    ok:
      countsMatch !== false &&
      missingInTarget.length === 0 &&
      mismatched.length === 0 &&
      (sourceCount === null || sourceCount === found),
  });
  state.index++;
  if (state.index >= state.namespaces.length) state.phase = "done";
}

/** Runs the verification again (e.g. later, once an eventually consistent target has applied its writes). */
export function restartVerification(state: MigrationState): MigrationState {
  if (state.phase === "copy") fail("copy is not finished");
  return { ...structuredClone(state), phase: "verify", index: 0, verification: [] };
}

export function migrationProgress(state: MigrationState): MigrationProgress {
  const all = Object.values(state.perNamespace);
  const known = state.namespaces.map((n) => state.perNamespace[n]?.expected ?? null);
  return {
    phase: state.phase,
    namespace: state.phase === "done" ? null : (state.namespaces[state.index] ?? null),
    namespacesDone: state.phase === "copy" ? state.index : state.namespaces.length,
    namespaces: state.namespaces.length,
    copied: all.reduce((s, n) => s + n.copied, 0),
    expected: known.some((k) => k === null) ? null : known.reduce((sum: number, k) => sum + k!, 0),
    ok: state.phase === "done" ? state.verification.every((v) => v.ok) : null,
  };
}

/** Runs steps until done (or `maxSteps`), calling `onStep` with each new checkpoint (save it there). */
export async function runMigration(
  ctx: MigrationContext,
  state: MigrationState,
  options: {
    maxSteps?: number;
    onStep?: (state: MigrationState, progress: MigrationProgress) => void | Promise<void>;
  } = {},
): Promise<MigrationState> {
  let current = state;
  let n = 0;
  while (current.phase !== "done" && n < (options.maxSteps ?? Number.POSITIVE_INFINITY)) {
    current = await migrateStep(ctx, current);
    n++;
    await options.onStep?.(current, migrationProgress(current));
  }
  return current;
}
