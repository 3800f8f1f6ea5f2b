import { expect } from "vitest";
import { at, newDealership, uid, vehicleFields } from "./fixtures";
import type { SuiteContext } from "./repository-suite";

/** The embedder's bookkeeping: content hashes per store, vector migrations, jobless dead letters, getByIds. */
export function vectorCases({ repos, fresh, test }: SuiteContext) {
  test("vector documents: put, hashes, replace, list, remove, clear are scoped by store and dealership", async () => {
    const a = await repos().dealerships.create(newDealership());
    const b = await repos().dealerships.create(newDealership());
    const docs = repos().vectorDocuments;
    const store = uid("store");
    // More rows than one D1 statement can bind (100 parameters / 5 columns).
    const ids = Array.from({ length: 45 }, (_, i) => `veh_${String(i).padStart(3, "0")}`);
    await docs.put(
      store,
      a.id,
      ids.map((vehicleId) => ({ vehicleId, contentHash: `h-${vehicleId}` })),
      at(1),
    );
    await docs.put(store, b.id, [{ vehicleId: "veh_000", contentHash: "other" }], at(1));
    await docs.put("another-store", a.id, [{ vehicleId: "veh_000", contentHash: "elsewhere" }], at(1));

    const got = await docs.hashes(store, a.id, ["veh_000", "veh_044", "veh_missing"]);
    expect([...got.entries()].sort()).toEqual([
      ["veh_000", "h-veh_000"],
      ["veh_044", "h-veh_044"],
    ]);
    expect(await docs.hashes(store, a.id, [])).toEqual(new Map());
    await docs.put(store, a.id, [{ vehicleId: "veh_000", contentHash: "changed" }], at(2));
    expect((await docs.hashes(store, a.id, ["veh_000"])).get("veh_000")).toBe("changed");
    expect((await docs.hashes(store, b.id, ["veh_000"])).get("veh_000")).toBe("other");

    const page1 = await docs.listIds(store, a.id, { limit: 20 });
    expect(page1).toEqual(ids.slice(0, 20));
    const page3 = await docs.listIds(store, a.id, { after: ids[39], limit: 20 });
    expect(page3).toEqual(ids.slice(40));

    await docs.remove(store, a.id, ["veh_001", "veh_002"]);
    expect((await docs.hashes(store, a.id, ["veh_001", "veh_003"])).size).toBe(1);
    expect(await docs.clear(store, a.id)).toBe(43);
    expect(await docs.listIds(store, a.id, { limit: 100 })).toEqual([]);
    expect(await docs.listIds(store, b.id, { limit: 100 })).toEqual(["veh_000"]);
    expect((await docs.hashes("another-store", a.id, ["veh_000"])).get("veh_000")).toBe("elsewhere");
  });

  test("vector migrations: one unfinished per (source, target, dealership); versioned updates; finishing frees the slot", async () => {
    const d = await repos().dealerships.create(newDealership());
    const m = repos().vectorMigrations;
    const first = await m.startOrResume({
      id: uid("vmig"),
      source: "qdrant",
      target: "vectorize",
      dealershipId: d.id,
      requestedBy: "usr_ops",
      now: at(1),
    });
    expect(first.created).toBe(true);
    expect(first.migration).toMatchObject({
      source: "qdrant",
      target: "vectorize",
      dealershipId: d.id,
      status: "running",
      checkpoint: null,
      steps: 0,
      version: 0,
      finishedAt: null,
      createdAt: at(1),
    });
    // The same request again (also from another connection, as a concurrent request would be) resumes it.
    const other = await fresh();
    try {
      const again = await other.vectorMigrations.startOrResume({
        id: uid("vmig"),
        source: "qdrant",
        target: "vectorize",
        dealershipId: d.id,
        requestedBy: "usr_ops",
        now: at(2),
      });
      expect(again).toEqual({ created: false, migration: first.migration });
    } finally {
      await other.close();
    }
    // All tenants is a different migration.
    const all = await m.startOrResume({
      id: uid("vmig"),
      source: "qdrant",
      target: "vectorize",
      dealershipId: null,
      requestedBy: "usr_ops",
      now: at(2),
    });
    expect(all.created).toBe(true);
    expect(all.migration.dealershipId).toBeNull();
    // Free the all-tenants slot again: other suites share this database (D1 per file, Postgres per run).
    await m.update(all.migration.id, all.migration.version, {
      now: at(2),
      status: "failed",
      lastError: "test",
    });

    const id = first.migration.id;
    const stepped = await m.update(id, 0, {
      now: at(3),
      checkpoint: { cursor: "abc", copied: 10 },
      progress: { copied: 10, total: 40 },
      step: true,
    });
    expect(stepped).toMatchObject({
      version: 1,
      steps: 1,
      checkpoint: { cursor: "abc", copied: 10 },
      updatedAt: at(3),
    });
    // A stale writer (a duplicate step message) changes nothing.
    expect(await m.update(id, 0, { now: at(4), checkpoint: { cursor: "zzz" }, step: true })).toBeNull();
    expect((await m.get(id))?.checkpoint).toEqual({ cursor: "abc", copied: 10 });

    const done = await m.update(id, 1, {
      now: at(5),
      status: "succeeded",
      verification: { ok: true, sourceCount: 40, targetCount: 40 },
      lastError: null,
    });
    expect(done).toMatchObject({ status: "succeeded", finishedAt: at(5), verification: { ok: true } });
    const next = await m.startOrResume({
      id: uid("vmig"),
      source: "qdrant",
      target: "vectorize",
      dealershipId: d.id,
      requestedBy: "usr_ops",
      now: at(6),
    });
    expect(next.created).toBe(true);
    expect(next.migration.id).not.toBe(id);
    expect((await m.list(200)).map((x) => x.id)).toEqual(expect.arrayContaining([id, next.migration.id]));
    expect(await m.get("vmig_missing")).toBeNull();
  });

  test("jobless dead letters are listed per queue and dealership, oldest first", async () => {
    const d = await repos().dealerships.create(newDealership());
    const queue = uid("embed-jobs");
    for (const [n, dealershipId] of [
      [1, d.id],
      [2, null],
      [3, d.id],
    ] as const) {
      await repos().scrapes.recordDeadLetter({
        id: uid("dl"),
        jobId: null,
        dealershipId,
        queue,
        messageId: `m${n}`,
        body: JSON.stringify({ type: "vehicle.changed", n }),
        attempts: 3,
        reason: "provider down",
        now: at(n),
      });
    }
    const mine = await repos().scrapes.deadLettersOfQueue(queue, { dealershipId: d.id, limit: 10 });
    expect(mine.map((l) => l.messageId)).toEqual(["m1", "m3"]);
    expect(mine[0]?.body).toEqual({ type: "vehicle.changed", n: 1 });
    expect((await repos().scrapes.deadLettersOfQueue(queue, { limit: 10 })).length).toBe(3);
    await repos().scrapes.markDeadLettersReplayed([mine[0]!.id], at(9));
    const left = await repos().scrapes.deadLettersOfQueue(queue, { unreplayedOnly: true, limit: 10 });
    expect(left.map((l) => l.messageId)).toEqual(["m2", "m3"]);
  });

  test("vehicles.getByIds is scoped by dealership", async () => {
    const a = await repos().dealerships.create(newDealership());
    const b = await repos().dealerships.create(newDealership());
    const written = await repos().vehicles.upsertMany(
      a.id,
      [1, 2, 3].map((n) => ({ newId: uid("veh"), fields: vehicleFields(n) })),
      { now: at(1), source: "api" },
    );
    const ids = written.map((w) => w.id);
    const got = await repos().vehicles.getByIds(a.id, [...ids, "veh_missing"]);
    expect(got.map((v) => v.id).sort()).toEqual([...ids].sort());
    expect(await repos().vehicles.getByIds(b.id, ids)).toEqual([]);
    expect(await repos().vehicles.getByIds(a.id, [])).toEqual([]);
  });
}
