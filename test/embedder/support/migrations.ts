import { expect } from "vitest";
import { createRepositories } from "../../../packages/db/src/index";
import { newId, systemClock, VectorMigrationRunner } from "../../../packages/services/src/index";
import type { VectorRecord, VectorStore } from "../../../packages/vector/src/index";
import { vectorMigrationEngine } from "../../../workers/embedder/src/migration-engine";
import {
  allIds,
  call,
  crashingOn,
  createDealership,
  createVehicle,
  DIMENSIONS,
  platformAdmin,
  post,
  testEnv,
  until,
  untilIds,
} from "./helpers";

// The flows shared by the vector-migration suites (migration.test.ts: local -> local index,
// migration-qdrant.test.ts: between the local store and Qdrant): copy one tenant through the API, and crash
// a copy step then resume it through the API. Each suite adds its own checks around them.

/** Vectors per copy step (VECTOR_MIGRATION_BATCH_SIZE in test/embedder/wrangler.toml; the runners below). */
export const BATCH_SIZE = 6;

/** A migration as GET /v1/ops/vector-migrations/:id shows it to an operator. */
export async function migration(id: string) {
  const res = await call(`/v1/ops/vector-migrations/${id}`, { token: await platformAdmin() });
  expect(res.status, res.text).toBe(200);
  return res.body.migration;
}

/** Waits until the migration has succeeded or failed. */
export async function finished(id: string) {
  return until(
    `migration ${id}`,
    () => migration(id),
    (m) => m.status !== "running" && m.status !== "verifying" && m.status !== "queued",
  );
}

/** DIMENSIONS deterministic components in [-0.5, 0.5) from a linear congruential sequence started at `x`. */
function sequenceVector(x: number): number[] {
  return Array.from({ length: DIMENSIONS }, () => {
    x = (x * 9301 + 49297) % 233280;
    return x / 233280 - 0.5;
  });
}

/** A deterministic vector (not normalised). */
export function randomVector(seed: number): number[] {
  return sequenceVector(seed * 9301 + 49297);
}

/** A deterministic unit vector (cosine stores such as Qdrant return values normalised). */
export function unitVector(seed: number): number[] {
  const v = sequenceVector(seed * 7919 + 104729);
  const n = Math.hypot(...v);
  return v.map((c) => c / n);
}

/** Same ids, values within float32/normalisation error, identical metadata. */
export async function expectSameVectors(a: VectorStore, b: VectorStore, ns: string, ids: string[]) {
  const [x, y] = await Promise.all([a.get(ns, ids), b.get(ns, ids)]);
  expect(x.map((r) => r.id).sort()).toEqual([...ids].sort());
  expect(y.map((r) => r.id).sort()).toEqual([...ids].sort());
  const byId = new Map(y.map((r) => [r.id, r]));
  for (const r of x) {
    const other = byId.get(r.id)!;
    expect(other.values).toHaveLength(DIMENSIONS);
    const worst = r.values.reduce((m, v, i) => Math.max(m, Math.abs(v - other.values[i]!)), 0);
    expect(worst, r.id).toBeLessThan(1e-5);
    expect(other.metadata).toEqual(r.metadata);
  }
}

/**
 * Two dealerships with vehicles created through the API, each embedded by the embedder into the local store:
 * `count` for the one to migrate, one for the other (which no migration of the first may touch).
 */
export async function twoTenantsEmbedded(count: number, model: (i: number) => string) {
  const d = await createDealership();
  const other = await createDealership();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await createVehicle(d.id, { model: model(i) })).id);
  const theirs = (await createVehicle(other.id)).id;
  await untilIds(d.id, ids);
  await untilIds(other.id, [theirs]);
  return { d, other, ids };
}

/** POST /v1/ops/vector-migrations as an operator: a new migration (202), then waits for it to finish. */
export async function migrateThroughApi(body: { from: string; to: string; dealershipId: string }) {
  const started = await post("/v1/ops/vector-migrations", body, { token: await platformAdmin() });
  expect(started.status, started.text).toBe(202);
  expect(started.body).toMatchObject({
    created: true,
    migration: { source: body.from, target: body.to, dealershipId: body.dealershipId },
  });
  const id: string = started.body.migration.id;
  return { id, done: await finished(id) };
}

/**
 * A finished migration of the dealership `dealershipId` (whose vectors are `ids`) into `target`: succeeded,
 * every vector copied and verified in ceil(n / BATCH_SIZE) copy steps + 1 verify step, only that tenant
 * copied (`otherId` has nothing in the target) and the source (the local store) untouched.
 */
export async function expectTenantCopied(
  done: any,
  o: { dealershipId: string; ids: string[]; otherId: string; target: VectorStore },
) {
  const n = o.ids.length;
  expect(done.status, JSON.stringify(done)).toBe("succeeded");
  expect(done.progress).toMatchObject({ phase: "done", copied: n, expected: n, ok: true });
  expect(done.verification.ok).toBe(true);
  expect(done.verification.namespaces[0]).toMatchObject({
    namespace: o.dealershipId,
    sourceCount: n,
    targetCount: n,
    countsMatch: true,
    missingInTarget: [],
    mismatched: [],
  });
  expect(done.steps).toBe(Math.ceil(n / BATCH_SIZE) + 1);
  expect(await allIds(o.dealershipId, o.target)).toEqual([...o.ids].sort());
  expect(await allIds(o.otherId, o.target)).toEqual([]);
  expect(await allIds(o.dealershipId)).toEqual([...o.ids].sort());
}

/** 20 vectors: three copy steps of BATCH_SIZE, the third crashing half-way through its upsert. */
export const CRASH_RECORDS = 20;

/**
 * Starts a migration of a new dealership's `records` (20) from `source` to `target` (named `from` / `to` as
 * the API and the embedder's runner know them) and runs it with the embedder's own runner setup, its target
 * wrapped to crash half-way through the third copy step (the checkpoint not saved). Checks the crash left the
 * migration running at its last checkpoint, then resumes it with the same request through the API (the
 * embedder finishes it) and checks it succeeded and verified, the target holding exactly the source's
 * vectors (values and metadata) and the source still holding all of them.
 */
export async function crashMidCopyThenResume(c: {
  from: string;
  to: string;
  source: VectorStore;
  target: VectorStore;
  records: VectorRecord[];
}) {
  expect(c.records).toHaveLength(CRASH_RECORDS);
  const d = await createDealership();
  await c.source.upsert(d.id, c.records);
  const repos = createRepositories({ driver: "d1", d1: testEnv.DB });
  const { migration: m } = await repos.vectorMigrations.startOrResume({
    id: newId("vmig"),
    source: c.from,
    target: c.to,
    dealershipId: d.id,
    requestedBy: "test",
    now: new Date().toISOString(),
  });
  const crashingTarget = crashingOn(c.target, 3);
  const crashing = new VectorMigrationRunner({
    repos,
    clock: systemClock,
    batchSize: BATCH_SIZE,
    engine: vectorMigrationEngine,
    store: (name) => (name === c.from ? c.source : crashingTarget),
  });
  expect(await crashing.step(m.id)).toMatchObject({ more: true });
  expect(await crashing.step(m.id)).toMatchObject({ more: true });
  await expect(crashing.step(m.id)).rejects.toThrow(/simulated crash/);
  const crashed = await migration(m.id);
  expect(crashed).toMatchObject({
    status: "running",
    steps: 2,
    lastError: expect.stringMatching(/simulated crash/),
  });
  // Two checkpointed steps; half the third batch landed in the target before the crash.
  expect(crashed.progress.copied).toBe(2 * BATCH_SIZE);
  expect((await allIds(d.id, c.target)).length).toBe(2 * BATCH_SIZE + BATCH_SIZE / 2);

  // Resume: the same request through the API finds the unfinished migration and the embedder finishes it.
  const resumed = await post(
    "/v1/ops/vector-migrations",
    { from: c.from, to: c.to, dealershipId: d.id },
    { token: await platformAdmin() },
  );
  expect(resumed.status, resumed.text).toBe(202);
  expect(resumed.body).toMatchObject({ created: false, migration: { id: m.id } });
  const done = await finished(m.id);
  expect(done.status, JSON.stringify(done)).toBe("succeeded");
  expect(done.lastError).toBeNull();
  expect(done.progress).toMatchObject({ copied: CRASH_RECORDS, expected: CRASH_RECORDS, ok: true });
  expect(done.verification.namespaces[0]).toMatchObject({
    sourceCount: CRASH_RECORDS,
    targetCount: CRASH_RECORDS,
    countsMatch: true,
    mismatched: [],
  });
  // Exactly the source's vectors, values and metadata intact; the source still has all of them.
  const ids = c.records.map((r) => r.id);
  await expectSameVectors(c.source, c.target, d.id, ids);
  const copied = await c.target.get(d.id, ids);
  expect(new Map(copied.map((r) => [r.id, r.metadata]))).toEqual(
    new Map(c.records.map((r) => [r.id, r.metadata])),
  );
  expect(await allIds(d.id, c.source)).toEqual([...ids].sort());
  await repos.close();
  return { dealershipId: d.id };
}
