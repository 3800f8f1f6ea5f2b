import { describe, expect, it } from "vitest";
import { createRepositories } from "../../packages/db/src/index";
import { newId, systemClock, VectorMigrationRunner } from "../../packages/services/src/index";
import type { VectorRecord, VectorStore } from "../../packages/vector/src/index";
import { vectorMigrationEngine } from "../../workers/embedder/src/migration-engine";
import {
  allIds,
  call,
  crashingOn,
  createDealership,
  createVehicle,
  DIMENSIONS,
  localStore,
  platformAdmin,
  post,
  qdrantStore,
  testEnv,
  until,
  untilIds,
} from "./support/helpers";

// Vector migrations between REAL adapter kinds, through the API route and the embedder: the local Durable
// Object store and Qdrant (the real @qdrant/js-client-rest against the local Qdrant 1.18 REST server started
// by test/embedder/support/qdrant-server.ts, QDRANT_URL set by vitest.config.ts).

async function migration(id: string) {
  const res = await call(`/v1/ops/vector-migrations/${id}`, { token: await platformAdmin() });
  expect(res.status, res.text).toBe(200);
  return res.body.migration;
}

async function finished(id: string) {
  return until(
    `migration ${id}`,
    () => migration(id),
    (m) => m.status !== "running" && m.status !== "verifying" && m.status !== "queued",
  );
}

/** Same ids, values within float32/normalisation error, identical metadata. */
async function expectSameVectors(a: VectorStore, b: VectorStore, ns: string, ids: string[]) {
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

function unitVector(seed: number): number[] {
  let x = seed * 7919 + 104729;
  const v = Array.from({ length: DIMENSIONS }, () => {
    x = (x * 9301 + 49297) % 233280;
    return x / 233280 - 0.5;
  });
  const n = Math.hypot(...v);
  return v.map((c) => c / n);
}

describe("vector migrations between adapter kinds (local <-> qdrant) through the API", () => {
  it("local -> qdrant: copies one tenant, verifies counts and a sample, leaves the source and other tenants alone", async () => {
    const d = await createDealership();
    const other = await createDealership();
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push((await createVehicle(d.id, { model: `Qd ${i}` })).id);
    const theirs = (await createVehicle(other.id)).id;
    await untilIds(d.id, ids);
    await untilIds(other.id, [theirs]);
    const qdrant = qdrantStore();

    const started = await post(
      "/v1/ops/vector-migrations",
      { from: "local", to: "qdrant", dealershipId: d.id },
      { token: await platformAdmin() },
    );
    expect(started.status, started.text).toBe(202);
    expect(started.body.migration).toMatchObject({ source: "local", target: "qdrant", dealershipId: d.id });
    const done = await finished(started.body.migration.id);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(done.progress).toMatchObject({ phase: "done", copied: 11, expected: 11, ok: true });
    expect(done.verification.namespaces[0]).toMatchObject({
      namespace: d.id,
      sourceCount: 11,
      targetCount: 11,
      countsMatch: true,
      missingInTarget: [],
      mismatched: [],
    });
    expect(done.verification.namespaces[0].sampled).toBeGreaterThan(0);
    // 11 vectors in batches of 6 (VECTOR_MIGRATION_BATCH_SIZE): 2 copy steps + 1 verify step.
    expect(done.steps).toBe(3);

    expect(await allIds(d.id, qdrant)).toEqual([...ids].sort());
    expect((await qdrant.stats(d.id)).vectorCount).toBe(11);
    await expectSameVectors(localStore(), qdrant, d.id, ids);
    // Only the requested tenant; the source untouched.
    expect(await allIds(other.id, qdrant)).toEqual([]);
    expect(await allIds(d.id)).toEqual([...ids].sort());
  });

  it("qdrant -> local: a crash mid-copy loses nothing; the same request through the API resumes and verifies", async () => {
    const d = await createDealership();
    const qdrant = qdrantStore();
    const records: VectorRecord[] = Array.from({ length: 20 }, (_, i) => ({
      id: `veh_qd_${String(i).padStart(2, "0")}`,
      values: unitVector(i + 1),
      metadata: { year: 2005 + i, make: i % 3 ? "Subaru" : "Kia", price: 1_000_000 + i * 12_345 },
    }));
    await qdrant.upsert(d.id, records);
    const target = localStore("from-qdrant");
    const repos = createRepositories({ driver: "d1", d1: testEnv.DB });
    const { migration: m } = await repos.vectorMigrations.startOrResume({
      id: newId("vmig"),
      source: "qdrant",
      target: "local:from-qdrant",
      dealershipId: d.id,
      requestedBy: "test",
      now: new Date().toISOString(),
    });
    // Batches of 6: the third copy step crashes half-way through its upsert (the embedder's own runner
    // setup, with the target wrapped).
    const crashingTarget = crashingOn(target, 3);
    const crashing = new VectorMigrationRunner({
      repos,
      clock: systemClock,
      batchSize: 6,
      engine: vectorMigrationEngine,
      store: (name) => (name === "qdrant" ? qdrant : crashingTarget),
    });
    expect(await crashing.step(m.id)).toMatchObject({ more: true });
    expect(await crashing.step(m.id)).toMatchObject({ more: true });
    await expect(crashing.step(m.id)).rejects.toThrow(/simulated crash/);
    const crashed = await migration(m.id);
    expect(crashed).toMatchObject({ status: "running", steps: 2, lastError: expect.stringMatching(/crash/) });
    expect(crashed.progress.copied).toBe(12);
    expect((await allIds(d.id, target)).length).toBe(15);

    const resumed = await post(
      "/v1/ops/vector-migrations",
      { from: "qdrant", to: "local:from-qdrant", dealershipId: d.id },
      { token: await platformAdmin() },
    );
    expect(resumed.status, resumed.text).toBe(202);
    expect(resumed.body).toMatchObject({ created: false, migration: { id: m.id } });
    const done = await finished(m.id);
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(done.lastError).toBeNull();
    expect(done.progress).toMatchObject({ copied: 20, expected: 20, ok: true });
    expect(done.verification.namespaces[0]).toMatchObject({
      sourceCount: 20,
      targetCount: 20,
      countsMatch: true,
      mismatched: [],
    });
    await expectSameVectors(
      qdrant,
      target,
      d.id,
      records.map((r) => r.id),
    );
    // Never deletes from the source.
    expect((await qdrant.stats(d.id)).vectorCount).toBe(20);
    await repos.close();
  });
});
