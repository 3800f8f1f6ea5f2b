/** Adapter-specific behaviour beyond the shared suite: batching by size, async mutations, id mapping. */
import { createVectorStore, VectorStoreError } from "@forecourt/vector";
import { describe, expect, it } from "vitest";
import { unit } from "./suite";
import {
  DIMS,
  newNamespace,
  PINECONE_INDEX,
  qdrantHarness,
  testEnv,
  vectorizeHarness,
} from "./support/harness";

describe("pinecone adapter", () => {
  it("resolves the index host once through the control plane, then splits upserts by the 2 MB request limit", async () => {
    const apiKey = `pk-test-${crypto.randomUUID()}`;
    const store = createVectorStore({
      kind: "pinecone",
      apiKey,
      indexName: PINECONE_INDEX,
      dimensions: DIMS,
      controllerHostUrl: testEnv.PINECONE_URL,
    });
    const ns = newNamespace();
    // 300 records x ~9 KB of metadata = ~2.7 MB: one request would be refused by the server (400).
    const recs = Array.from({ length: 300 }, (_, i) => ({
      id: `big-${i}`,
      values: unit(i),
      metadata: { text: "y".repeat(9_000) },
    }));
    expect(await store.upsert(ns, recs)).toEqual({ upserted: 300 });
    expect((await store.stats(ns)).vectorCount).toBe(300);
    const log = (await (await fetch(`${testEnv.PINECONE_URL}/__control/log?apiKey=${apiKey}`)).json()) as {
      method: string;
      path: string;
      bytes: number;
    }[];
    expect(log.filter((l) => l.path === `/indexes/${PINECONE_INDEX}`)).toHaveLength(1);
    const upserts = log.filter((l) => l.path === "/vectors/upsert");
    expect(upserts.length).toBeGreaterThanOrEqual(2);
    expect(upserts.every((u) => u.bytes <= 2 * 1024 * 1024)).toBe(true);
  });

  it("uses a configured index host directly (no control-plane call) and maps a wrong index to not_found", async () => {
    const apiKey = `pk-test-${crypto.randomUUID()}`;
    const direct = createVectorStore({
      kind: "pinecone",
      apiKey,
      indexName: PINECONE_INDEX,
      dimensions: DIMS,
      indexHost: testEnv.PINECONE_URL,
    });
    await direct.upsert(newNamespace(), [{ id: "a", values: unit(1), metadata: {} }]);
    const log = (await (await fetch(`${testEnv.PINECONE_URL}/__control/log?apiKey=${apiKey}`)).json()) as {
      path: string;
    }[];
    expect(log.map((l) => l.path)).toEqual(["/vectors/upsert"]);
    const missing = createVectorStore({
      kind: "pinecone",
      apiKey,
      indexName: "no-such-index",
      dimensions: DIMS,
      controllerHostUrl: testEnv.PINECONE_URL,
    });
    const e = await missing.stats().catch((x) => x);
    expect(e).toBeInstanceOf(VectorStoreError);
    expect(e.code).toBe("not_found");
  });
});

describe("vectorize adapter", () => {
  it("is eventually consistent like the real binding: a write is invisible until its mutation is applied", async () => {
    const h = vectorizeHarness();
    const ns = newNamespace();
    await h.store.upsert(ns, [{ id: "v", values: unit(1), metadata: {} }]);
    expect(await h.store.get(ns, ["v"])).toEqual([]);
    await h.settle();
    expect((await h.store.get(ns, ["v"])).map((r) => r.id)).toEqual(["v"]);
  });

  it("deletes by filter beyond one query page (topK 100) by probing, deleting and waiting in a loop", async () => {
    const h = vectorizeHarness();
    const ns = newNamespace();
    const recs = Array.from({ length: 250 }, (_, i) => ({
      id: `d${i}`,
      values: unit(i),
      metadata: { kind: i % 5 === 0 ? "keep" : "drop" },
    }));
    await h.store.upsert(ns, recs);
    await h.settle();
    expect(await h.store.deleteByFilter(ns, { kind: "drop" })).toEqual({ deleted: 200 });
    await h.settle();
    expect(
      await h.store.get(
        ns,
        recs.map((r) => r.id),
      ),
    ).toHaveLength(50);
    expect(h.standin.calls.filter((c) => c.method === "upsert").every((c) => c.size <= 1000)).toBe(true);
  });

  it("serves topK above 50 with metadata through getByIds, and refuses filters on unindexed properties", async () => {
    const h = vectorizeHarness();
    const ns = newNamespace();
    await h.store.upsert(
      ns,
      Array.from({ length: 80 }, (_, i) => ({
        id: `q${i}`,
        values: unit(i),
        metadata: { make: "m", note: `n${i}` },
      })),
    );
    await h.settle();
    const res = await h.store.query(ns, unit(3), { topK: 80, includeValues: true });
    expect(res).toHaveLength(80);
    expect(res[0]).toMatchObject({ id: "q3", metadata: { make: "m", note: "n3" } });
    expect(res[0]!.values).toHaveLength(DIMS);
    const e = await h.store.query(ns, unit(3), { topK: 5, filter: { note: "n1" } }).catch((x) => x);
    expect(e.code).toBe("invalid_input");
    expect(h.standin.calls.some((c) => c.method === "query" && c.size === 80)).toBe(true);
  });

  it("keeps ids namespaced in the index (binding getByIds/deleteByIds are index-wide) and hashes long ones", async () => {
    const h = vectorizeHarness();
    const long = "z".repeat(100);
    await h.store.upsert("dealer-a", [
      { id: "same", values: unit(1), metadata: {} },
      { id: long, values: unit(2), metadata: {} },
    ]);
    await h.store.upsert("dealer-b", [{ id: "same", values: unit(3), metadata: {} }]);
    await h.settle();
    const raw = await h.standin.getByIds(["dealer-a/same", "dealer-b/same"]);
    expect(raw.map((v) => v.namespace)).toEqual(["dealer-a", "dealer-b"]);
    expect((await h.store.get("dealer-a", [long]))[0]!.id).toBe(long);
    expect((await h.standin.describe()).vectorCount).toBe(3);
  });
});

describe("qdrant adapter", () => {
  it("refuses a collection of another dimension with dimension_mismatch", async () => {
    const h = qdrantHarness();
    await h.store.upsert(newNamespace(), [{ id: "a", values: unit(1), metadata: {} }]);
    const collection = (h.store as unknown as { collection: string }).collection;
    const other = createVectorStore({
      kind: "qdrant",
      url: testEnv.QDRANT_URL,
      apiKey: "qk-test-x",
      collection,
      dimensions: DIMS + 1,
    });
    const e = await other.stats().catch((x) => x);
    expect(e.code).toBe("dimension_mismatch");
  });

  it("stores points under UUID ids with the caller's id and tenant in the payload", async () => {
    const h = qdrantHarness();
    const ns = newNamespace();
    await h.store.upsert(ns, [{ id: "veh_1", values: unit(1), metadata: { make: "ford" } }]);
    const collection = (h.store as unknown as { collection: string }).collection;
    const res = await fetch(`${testEnv.QDRANT_URL}/collections/${collection}/points/scroll`, {
      method: "POST",
      headers: { "api-key": "qk-test-inspect", "content-type": "application/json" },
      body: JSON.stringify({ limit: 10, with_payload: true }),
    });
    const { result } = (await res.json()) as {
      result: { points: { id: string; payload: Record<string, unknown> }[] };
    };
    expect(result.points[0]!.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(result.points[0]!.payload).toEqual({ make: "ford", __ns: ns, __id: "veh_1" });
  });
});
