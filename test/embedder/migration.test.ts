import { describe, expect, it } from "vitest";
import { createRepositories } from "../../packages/db/src/index";
import { newId, systemClock, VectorMigrationRunner } from "../../packages/services/src/index";
import type { VectorRecord } from "../../packages/vector/src/index";
import { vectorMigrationEngine } from "../../workers/embedder/src/migration-engine";
import {
  allIds,
  call,
  crashingOn,
  createDealership,
  createVehicle,
  DIMENSIONS,
  dealerAdmin,
  localStore,
  platformAdmin,
  post,
  testEnv,
  until,
  untilIds,
} from "./support/helpers";

function randomVector(seed: number): number[] {
  let x = seed * 9301 + 49297;
  return Array.from({ length: DIMENSIONS }, () => {
    x = (x * 9301 + 49297) % 233280;
    return x / 233280 - 0.5;
  });
}

async function migration(id: string) {
  const res = await call(`/v1/ops/vector-migrations/${id}`, { token: await platformAdmin() });
  expect(res.status, res.text).toBe(200);
  return res.body.migration;
}

describe("vector migrations (operators): start, progress, verification, crash and resume", () => {
  it("copies one tenant from the local store to another local index through the API and verifies it", async () => {
    const d = await createDealership();
    const other = await createDealership();
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push((await createVehicle(d.id, { model: `Model ${i}` })).id);
    const theirs = (await createVehicle(other.id)).id;
    await untilIds(d.id, ids);
    await untilIds(other.id, [theirs]);

    // Operators only; bad input changes nothing.
    const body = { from: "local", to: "local:shadow", dealershipId: d.id };
    expect((await post("/v1/ops/vector-migrations", body, { token: await dealerAdmin(d.id) })).status).toBe(
      403,
    );
    for (const [bad, status] of [
      [{ from: "local", to: "local" }, 400],
      [{ from: "chroma", to: "local" }, 400],
      [{ from: "local", to: "pinecone" }, 400],
      [{ from: "local", to: "local:shadow", dealershipId: "dlr_missing" }, 404],
      [{ from: "local", to: "local:shadow", extra: 1 }, 400],
    ] as const) {
      const res = await post("/v1/ops/vector-migrations", bad, { token: await platformAdmin() });
      expect(res.status, `${JSON.stringify(bad)}: ${res.text}`).toBe(status);
    }

    const started = await post("/v1/ops/vector-migrations", body, { token: await platformAdmin() });
    expect(started.status, started.text).toBe(202);
    expect(started.body).toMatchObject({
      created: true,
      migration: { source: "local", target: "local:shadow", dealershipId: d.id },
    });
    const id = started.body.migration.id;
    const done = await until(
      "migration finished",
      () => migration(id),
      (m) => m.status === "succeeded" || m.status === "failed",
    );
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(done.progress).toMatchObject({ phase: "done", copied: 9, expected: 9, ok: true });
    expect(done.verification.ok).toBe(true);
    expect(done.verification.namespaces[0]).toMatchObject({
      namespace: d.id,
      sourceCount: 9,
      targetCount: 9,
      countsMatch: true,
      missingInTarget: [],
      mismatched: [],
    });
    // 9 vectors in batches of 6: 2 copy steps + 1 verify step.
    expect(done.steps).toBe(3);
    expect(await allIds(d.id, localStore("shadow"))).toEqual([...ids].sort());
    // Only the requested tenant was copied, and the source was not touched.
    expect(await allIds(other.id, localStore("shadow"))).toEqual([]);
    expect(await allIds(d.id)).toEqual([...ids].sort());

    // Finished: the same request starts a new migration.
    const again = await post("/v1/ops/vector-migrations", body, { token: await platformAdmin() });
    expect(again.body.created).toBe(true);
    expect(again.body.migration.id).not.toBe(id);
    await until(
      "second migration",
      () => migration(again.body.migration.id),
      (m) => m.status === "succeeded",
    );
    expect((await call("/v1/ops/vector-migrations/vmig_nope", { token: await platformAdmin() })).status).toBe(
      404,
    );
  });

  it("a crash in the middle of a copy step loses nothing: resuming through the API finishes from the checkpoint", async () => {
    const d = await createDealership();
    const source = localStore("crash-src");
    const records: VectorRecord[] = Array.from({ length: 20 }, (_, i) => ({
      id: `veh_crash_${String(i).padStart(2, "0")}`,
      values: randomVector(i + 1),
      metadata: { year: 2010 + i, make: i % 2 ? "Ford" : "Toyota" },
    }));
    await source.upsert(d.id, records);
    const target = localStore("crash-dst");
    const repos = createRepositories({ driver: "d1", d1: testEnv.DB });
    const { migration: m } = await repos.vectorMigrations.startOrResume({
      id: newId("vmig"),
      source: "local:crash-src",
      target: "local:crash-dst",
      dealershipId: d.id,
      requestedBy: "test",
      now: new Date().toISOString(),
    });
    // Batches of 6: the third copy step crashes half-way through its upsert.
    const crashingTarget = crashingOn(target, 3);
    const crashing = new VectorMigrationRunner({
      repos,
      clock: systemClock,
      batchSize: 6,
      engine: vectorMigrationEngine,
      store: (name) => (name === "local:crash-src" ? source : crashingTarget),
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
    expect(crashed.progress.copied).toBe(12);
    expect((await allIds(d.id, target)).length).toBe(15);

    // Resume: the same request through the API finds the unfinished migration and the embedder finishes it.
    const resumed = await post(
      "/v1/ops/vector-migrations",
      { from: "local:crash-src", to: "local:crash-dst", dealershipId: d.id },
      { token: await platformAdmin() },
    );
    expect(resumed.status, resumed.text).toBe(202);
    expect(resumed.body).toMatchObject({ created: false, migration: { id: m.id } });
    const done = await until(
      "resumed migration",
      () => migration(m.id),
      (x) => x.status !== "running" && x.status !== "verifying",
    );
    expect(done.status, JSON.stringify(done)).toBe("succeeded");
    expect(done.lastError).toBeNull();
    expect(done.progress).toMatchObject({ copied: 20, expected: 20, ok: true });
    expect(done.verification.namespaces[0]).toMatchObject({
      sourceCount: 20,
      targetCount: 20,
      mismatched: [],
    });
    // Exactly the source's vectors, values and metadata intact; the source still has all of them.
    const copied = await target.get(
      d.id,
      records.map((r) => r.id),
    );
    expect(copied.map((r) => r.id).sort()).toEqual(records.map((r) => r.id));
    expect(copied.find((r) => r.id === "veh_crash_07")?.metadata).toEqual({ year: 2017, make: "Ford" });
    expect((await allIds(d.id, source)).length).toBe(20);
    await repos.close();
  });
});
