/**
 * The migration engine across adapter pairs, in workerd against the same backends as the conformance
 * suite, including a crash mid-way and a resume from the last saved (JSON) checkpoint.
 */
import {
  type MigrationContext,
  type MigrationState,
  migrateStep,
  migrationProgress,
  restartVerification,
  runMigration,
  startMigration,
  type VectorRecord,
  type VectorStore,
  VectorStoreError,
} from "@forecourt/vector";
import { describe, expect, it } from "vitest";
import { unit } from "./suite";
import {
  localHarness,
  newNamespace,
  pineconeHarness,
  qdrantHarness,
  type StoreHarness,
  vectorizeHarness,
} from "./support/harness";

/** The source, guarded: any write or delete fails the test (the engine must only read it). */
function readOnly(store: VectorStore): VectorStore {
  const refuse = () => {
    throw new Error(`migration wrote to its source (${store.kind})`);
  };
  return {
    kind: store.kind,
    limits: store.limits,
    upsert: refuse,
    delete: refuse,
    deleteByFilter: refuse,
    get: (ns, ids) => store.get(ns, ids),
    query: (ns, v, o) => store.query(ns, v, o),
    stats: (ns) => store.stats(ns),
    ...(store.list
      ? { list: (ns: string, o: { cursor?: string | null; limit: number }) => store.list!(ns, o) }
      : {}),
  };
}

/** A target whose `failAt`-th upsert call throws (a crash mid-migration). */
function crashing(store: VectorStore, failAt: number): VectorStore & { upserts: number } {
  const wrapped = Object.create(store) as VectorStore & { upserts: number };
  wrapped.upserts = 0;
  wrapped.upsert = async (ns, recs) => {
    wrapped.upserts++;
    if (wrapped.upserts === failAt) throw new Error("simulated crash");
    return store.upsert(ns, recs);
  };
  return wrapped;
}

function dataset(prefix: string, n: number, seed: number): VectorRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${String(i).padStart(4, "0")}`,
    values: unit(seed + i),
    metadata: { make: i % 2 ? "ford" : "kia", price: 10_000 + i * 10.5, awd: i % 3 === 0 },
  }));
}

/** The inventory as an id source (what a Vectorize source needs). */
function inventoryIds(data: Record<string, VectorRecord[]>) {
  return async (ns: string, cursor: string | null, limit: number) => {
    const ids = (data[ns] ?? []).map((r) => r.id);
    const start = cursor ? Number(cursor) : 0;
    const next = start + limit;
    return { ids: ids.slice(start, next), nextCursor: next < ids.length ? String(next) : null };
  };
}

const pairs: [string, () => StoreHarness, () => StoreHarness][] = [
  ["qdrant -> local", qdrantHarness, localHarness],
  ["local -> vectorize", localHarness, vectorizeHarness],
  ["pinecone -> qdrant", pineconeHarness, qdrantHarness],
  ["vectorize -> pinecone", vectorizeHarness, pineconeHarness],
];

describe.each(pairs)("migration %s", (_name, makeSource, makeTarget) => {
  it("copies several namespaces in batches, resumes after a crash from the saved checkpoint, and verifies", async () => {
    const src = makeSource();
    const dst = makeTarget();
    const data: Record<string, VectorRecord[]> = {
      [newNamespace()]: dataset("a", 137, 1),
      [newNamespace()]: dataset("b", 45, 500),
    };
    const other = newNamespace(); // present in the source, not asked for: must not be copied
    for (const [ns, recs] of Object.entries(data)) await src.store.upsert(ns, recs);
    await src.store.upsert(other, dataset("o", 3, 900));
    await src.settle();
    const inventory = inventoryIds(data);
    // Vehicles listed in the inventory but never embedded are counted as missing, not errors.
    const idSource = src.store.list ? undefined : inventory;
    const target = crashing(dst.store, 3);
    const ctx: MigrationContext = { source: readOnly(src.store), target, idSource };
    let saved = JSON.stringify(
      startMigration(ctx, Object.keys(data), { batchSize: 40, sampleSize: 25, seed: 7 }),
    );

    // Run until the simulated crash; the checkpoint is saved after every successful step only.
    const crash = await runMigration(ctx, JSON.parse(saved), {
      onStep: (s) => {
        saved = JSON.stringify(s);
      },
    }).catch((e) => e);
    expect(crash).toBeInstanceOf(Error);
    expect((crash as Error).message).toBe("simulated crash");
    const atCrash = JSON.parse(saved) as MigrationState;
    expect(atCrash.phase).toBe("copy");
    expect(migrationProgress(atCrash).copied).toBe(80);

    // Resume in a "new process": fresh context, state from JSON.
    const resumed = { source: readOnly(src.store), target: dst.store, idSource };
    const progress: number[] = [];
    let state = await runMigration(resumed, JSON.parse(saved), {
      onStep: (_s, p) => void progress.push(p.copied),
    });
    expect(progress[0]).toBe(120); // continued at the checkpoint's cursor, not from the start
    if (state.verification.some((v) => !v.ok)) {
      await dst.settle(); // eventually consistent target: verify again once applied
      state = await runMigration(resumed, restartVerification(state));
    }
    await dst.settle();
    expect(state.phase).toBe("done");
    expect(migrationProgress(state)).toMatchObject({ phase: "done", copied: 182, ok: true });
    for (const v of state.verification) {
      expect(v).toMatchObject({ ok: true, missingInTarget: [], mismatched: [] });
      expect(v.sampled).toBe(25);
      if (v.countsMatch !== null) expect(v.countsMatch).toBe(true);
    }
    for (const [ns, recs] of Object.entries(data)) {
      const copied = await dst.store.get(
        ns,
        recs.map((r) => r.id),
      );
      expect(copied).toHaveLength(recs.length);
      expect(copied[10]!.metadata).toEqual(recs[10]!.metadata);
    }
    expect(await dst.store.get(other, ["o-0000"])).toEqual([]);
    // Source untouched.
    expect(await src.store.get(Object.keys(data)[0]!, ["a-0000", "a-0136"])).toHaveLength(2);

    // Idempotent: a full re-run changes nothing and verifies again.
    let again = await runMigration(resumed, startMigration(resumed, Object.keys(data), { batchSize: 64 }));
    if (!migrationProgress(again).ok) {
      await dst.settle();
      again = await runMigration(resumed, restartVerification(again));
    }
    expect(migrationProgress(again)).toMatchObject({ copied: 182, ok: true });
    const stats = await dst.store.stats(Object.keys(data)[0]!);
    if (stats.exactForNamespace) expect(stats.vectorCount).toBe(137);
  });
});

describe("migration engine", () => {
  it("detects a target that lost or changed vectors", async () => {
    const src = localHarness();
    const dst = qdrantHarness();
    const ns = newNamespace();
    await src.store.upsert(ns, dataset("x", 30, 3));
    const ctx = { source: src.store, target: dst.store };
    let state = startMigration(ctx, [ns], { sampleSize: 30, batchSize: 10 });
    while (state.phase === "copy") state = await migrateStep(ctx, state);
    await dst.store.delete(ns, ["x-0001"]);
    await dst.store.upsert(ns, [{ id: "x-0002", values: unit(9999), metadata: {} }]);
    await dst.store.upsert(ns, [{ id: "x-0003", values: unit(6), metadata: { make: "changed" } }]);
    state = await migrateStep(ctx, state);
    const [v] = state.verification;
    expect(v).toMatchObject({
      ok: false,
      sourceCount: 30,
      targetCount: 29,
      countsMatch: false,
      missingInTarget: ["x-0001"],
    });
    expect(v!.mismatched.map((m) => m.id).sort()).toEqual(["x-0002", "x-0003"]);
  });

  it("refuses bad plans: other dimensions, no way to enumerate, a checkpoint for other stores", async () => {
    const local = localHarness().store;
    const vz = vectorizeHarness().store;
    const other = { ...local, limits: { ...local.limits, dimensions: 16 } } as VectorStore;
    expect(() => startMigration({ source: local, target: other }, ["a"])).toThrow(VectorStoreError);
    expect(() => startMigration({ source: vz, target: local }, ["a"])).toThrow(/idSource/);
    expect(() => startMigration({ source: local, target: vz }, [])).toThrow(VectorStoreError);
    const state = startMigration({ source: local, target: vz }, ["a"]);
    await expect(
      migrateStep(
        { source: vz, target: local, idSource: async () => ({ ids: [], nextCursor: null }) },
        state,
      ),
    ).rejects.toThrow(/checkpoint is for local -> vectorize/);
  });
});
