/**
 * THE vector-store conformance suite: run unchanged against every adapter (local, vectorize, pinecone,
 * qdrant). Cases an adapter cannot support are skipped by name with the reason (harness.skip).
 */
import { type VectorRecord, VectorStoreError } from "@forecourt/vector";
import { beforeAll, describe, expect, it } from "vitest";
import { DIMS, newNamespace, type StoreHarness } from "./support/harness";

/** A deterministic unit vector (stores may return cosine-normalised values, so tests store unit vectors). */
export function unit(seed: number, dims = DIMS): number[] {
  let s = (seed * 2654435761) >>> 0 || 1;
  const v = Array.from({ length: dims }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  });
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Unit vector along one axis, optionally tilted towards the next one. */
function axis(i: number, tilt = 0): number[] {
  const v = new Array(DIMS).fill(0);
  v[i % DIMS] = 1;
  v[(i + 1) % DIMS] = tilt;
  const n = Math.hypot(...v);
  return v.map((x: number) => x / n);
}

function expectClose(actual: number[], expected: number[], eps = 1e-5) {
  expect(actual).toHaveLength(expected.length);
  for (const [i, a] of actual.entries()) expect(Math.abs(a - expected[i]!)).toBeLessThan(eps);
}

async function rejectsWith(p: Promise<unknown>, code: string) {
  const e = await p.then(
    () => null,
    (err) => err,
  );
  expect(e, `expected a VectorStoreError(${code})`).toBeInstanceOf(VectorStoreError);
  expect((e as VectorStoreError).code).toBe(code);
  return e as VectorStoreError;
}

/** Cars: filter fixtures with every metadata type. */
const CARS: VectorRecord[] = [
  {
    id: "car-1",
    values: unit(1),
    metadata: { make: "ford", price: 18_000, awd: true, year: 2019, kind: "car" },
  },
  {
    id: "car-2",
    values: unit(2),
    metadata: { make: "ford", price: 32_500.5, awd: false, year: 2022, kind: "car" },
  },
  {
    id: "car-3",
    values: unit(3),
    metadata: { make: "toyota", price: 24_000, awd: true, year: 2021, kind: "car" },
  },
  {
    id: "car-4",
    values: unit(4),
    metadata: { make: "honda", price: 12_999, awd: false, year: 2015, kind: "car" },
  },
  {
    id: "car-5",
    values: unit(5),
    metadata: { make: "subaru", price: 29_000, awd: true, year: 2023, kind: "car" },
  },
];

export function vectorStoreSuite(makeHarness: () => StoreHarness) {
  const h = makeHarness();
  const { store } = h;
  const write = async <T>(p: Promise<T>): Promise<T> => {
    const r = await p;
    await h.settle();
    return r;
  };
  const skipIf = (name: keyof StoreHarness["skip"]) => (h.skip[name] ? it.skip : it);
  const title = (name: keyof StoreHarness["skip"], text: string) =>
    h.skip[name] ? `${text} — SKIPPED for ${h.name}: ${h.skip[name]}` : text;

  describe(`vector store conformance: ${h.name}`, () => {
    it("reports its kind and limits", () => {
      expect(store.kind).toBe(h.name);
      expect(store.limits.dimensions).toBe(DIMS);
      expect(store.limits.maxBatchUpsert).toBeGreaterThan(0);
      expect(store.limits.maxTopK).toBeGreaterThanOrEqual(20);
    });

    it("round-trips upsert and get (values, metadata, order of ids asked, missing ids left out)", async () => {
      const ns = newNamespace();
      const recs: VectorRecord[] = [
        { id: "a", values: unit(10), metadata: { make: "ford" } },
        { id: "b", values: unit(11), metadata: {} },
      ];
      expect(await write(store.upsert(ns, recs))).toEqual({ upserted: 2 });
      const got = await store.get(ns, ["b", "missing", "a"]);
      expect(got.map((r) => r.id)).toEqual(["b", "a"]);
      expectClose(got[0]!.values, recs[1]!.values);
      expect(got[0]!.metadata).toEqual({});
      expectClose(got[1]!.values, recs[0]!.values);
      expect(got[1]!.metadata).toEqual({ make: "ford" });
      expect(await store.get(ns, [])).toEqual([]);
    });

    it("replaces a record on upsert with the same id (values and metadata, no merge)", async () => {
      const ns = newNamespace();
      await write(store.upsert(ns, [{ id: "x", values: unit(20), metadata: { make: "ford", price: 1 } }]));
      await write(store.upsert(ns, [{ id: "x", values: unit(21), metadata: { make: "kia" } }]));
      const [rec] = await store.get(ns, ["x"]);
      expectClose(rec!.values, unit(21));
      expect(rec!.metadata).toEqual({ make: "kia" });
      const top = await store.query(ns, unit(21), { topK: 5 });
      expect(top.map((m) => m.id)).toEqual(["x"]);
    });

    it("splits a batch bigger than the backend's limit and writes all of it", async () => {
      const ns = newNamespace();
      const n = store.limits.maxBatchUpsert + 7;
      const recs = Array.from({ length: n }, (_, i) => ({
        id: `bulk-${i}`,
        values: unit(1000 + i),
        metadata: { i },
      }));
      expect(await write(store.upsert(ns, recs))).toEqual({ upserted: n });
      const ids = recs.map((r) => r.id);
      const got = await store.get(ns, ids);
      expect(got).toHaveLength(n);
      expect(got[n - 1]!.metadata).toEqual({ i: n - 1 });
      const stats = await store.stats(ns);
      if (stats.exactForNamespace) expect(stats.vectorCount).toBe(n);
      else expect(stats.vectorCount).toBeGreaterThanOrEqual(n);
      await write(store.delete(ns, ids));
      expect(await store.get(ns, ids.slice(0, 50))).toEqual([]);
    });

    it("orders query results by cosine similarity with correct scores", async () => {
      const ns = newNamespace();
      await write(
        store.upsert(ns, [
          { id: "same", values: axis(0), metadata: { kind: "a" } },
          { id: "near", values: axis(0, 0.5), metadata: { kind: "a" } },
          { id: "far", values: axis(0, 3), metadata: { kind: "a" } },
          { id: "orth", values: axis(4), metadata: { kind: "a" } },
          { id: "opp", values: axis(0).map((x) => -x), metadata: { kind: "a" } },
        ]),
      );
      const res = await store.query(ns, axis(0), { topK: 5 });
      expect(res.map((m) => m.id)).toEqual(["same", "near", "far", "orth", "opp"]);
      const expected = [1, 1 / Math.hypot(1, 0.5), 1 / Math.hypot(1, 3), 0, -1];
      for (const [i, m] of res.entries()) expect(m.score).toBeCloseTo(expected[i]!, 4);
      expect(res[0]!.metadata).toEqual({ kind: "a" });
      expect(res[0]!.values).toBeUndefined();
      const bare = await store.query(ns, axis(0), { topK: 2, includeMetadata: false, includeValues: true });
      expect(bare.map((m) => m.id)).toEqual(["same", "near"]);
      expect(bare[0]!.metadata).toBeUndefined();
      expectClose(bare[1]!.values!, axis(0, 0.5));
    });

    it("enforces topK bounds", async () => {
      const ns = newNamespace();
      const recs = Array.from({ length: 30 }, (_, i) => ({
        id: `k${i}`,
        values: unit(300 + i),
        metadata: { make: "m" },
      }));
      await write(store.upsert(ns, recs));
      expect(await store.query(ns, unit(300), { topK: 3 })).toHaveLength(3);
      const all = await store.query(ns, unit(300), { topK: store.limits.maxTopK });
      expect(all).toHaveLength(30);
      expect(all[0]!.id).toBe("k0");
      expect(all.every((m) => m.metadata?.make === "m")).toBe(true);
      for (const topK of [0, -1, 1.5, store.limits.maxTopK + 1, Number.NaN]) {
        await rejectsWith(store.query(ns, unit(300), { topK }), "invalid_input");
      }
      expect(await store.query(newNamespace(), unit(1), { topK: 5 })).toEqual([]);
    });

    describe("metadata filters (every operator)", () => {
      const ns = newNamespace();
      beforeAll(async () => {
        await write(store.upsert(ns, CARS));
      });
      const cases: [string, Record<string, unknown>, string[]][] = [
        ["bare value = $eq", { make: "ford" }, ["car-1", "car-2"]],
        ["$eq", { make: { $eq: "toyota" } }, ["car-3"]],
        ["$eq on a boolean", { awd: true }, ["car-1", "car-3", "car-5"]],
        ["$eq on a number", { year: { $eq: 2021 } }, ["car-3"]],
        ["$ne", { make: { $ne: "ford" } }, ["car-3", "car-4", "car-5"]],
        ["$in", { make: { $in: ["honda", "subaru", "bmw"] } }, ["car-4", "car-5"]],
        ["$nin", { make: { $nin: ["ford", "honda"] } }, ["car-3", "car-5"]],
        ["$lt", { price: { $lt: 18_000 } }, ["car-4"]],
        ["$lte", { price: { $lte: 18_000 } }, ["car-1", "car-4"]],
        ["$gt", { price: { $gt: 29_000 } }, ["car-2"]],
        ["$gte", { price: { $gte: 29_000 } }, ["car-2", "car-5"]],
        ["a range on both sides", { year: { $gte: 2019, $lt: 2023 } }, ["car-1", "car-2", "car-3"]],
        ["several fields (AND)", { awd: true, price: { $lt: 25_000 }, make: { $ne: "toyota" } }, ["car-1"]],
        ["nothing matches", { make: "tesla" }, []],
      ];
      for (const [name, filter, ids] of cases) {
        it(name, async () => {
          const res = await store.query(ns, unit(1), { topK: 10, filter: filter as never });
          expect(res.map((m) => m.id).sort()).toEqual(ids);
        });
      }
      it("rejects malformed filters before calling the backend", async () => {
        for (const filter of [
          { make: { $regex: "f.*" } },
          { price: { $lt: "10" } },
          { make: { $in: [] } },
          { make: { $in: "ford" } },
          { make: null },
          { "a.b": 1 },
          { make: { $eq: { nested: 1 } } },
        ]) {
          await rejectsWith(store.query(ns, unit(1), { topK: 3, filter: filter as never }), "invalid_input");
        }
      });
    });

    it("keeps namespaces apart: query, get, delete, deleteByFilter and list in A never see or touch B", async () => {
      const a = newNamespace();
      const b = newNamespace();
      await write(store.upsert(a, [{ id: "shared", values: axis(0), metadata: { make: "ford" } }]));
      await write(
        store.upsert(b, [
          { id: "shared", values: axis(1), metadata: { make: "ford" } },
          { id: "only-b", values: axis(0), metadata: { make: "ford" } },
        ]),
      );
      const qa = await store.query(a, axis(0), { topK: 10 });
      expect(qa.map((m) => m.id)).toEqual(["shared"]);
      expect(qa[0]!.score).toBeCloseTo(1, 4);
      const [ga] = await store.get(a, ["shared", "only-b"]).then((r) => [r]);
      expect(ga!.map((r) => r.id)).toEqual(["shared"]);
      expectClose(ga![0]!.values, axis(0));
      if (store.list) expect((await store.list(a, { limit: 10 })).ids).toEqual(["shared"]);
      await write(store.delete(a, ["shared", "only-b"]));
      expect((await store.get(b, ["shared", "only-b"])).map((r) => r.id)).toEqual(["shared", "only-b"]);
      await write(store.upsert(a, [{ id: "again", values: axis(2), metadata: { make: "ford" } }]));
      expect((await store.deleteByFilter(a, { make: "ford" })).deleted).toBe(1);
      await h.settle();
      expect(await store.get(b, ["shared", "only-b"])).toHaveLength(2);
      expect(
        (await store.query(b, axis(0), { topK: 10, filter: { make: "ford" } })).map((m) => m.id).sort(),
      ).toEqual(["only-b", "shared"]);
    });

    it("deletes by ids; missing ids are not an error", async () => {
      const ns = newNamespace();
      await write(store.upsert(ns, CARS));
      expect(await write(store.delete(ns, ["car-1", "car-2", "no-such-id"]))).toEqual({ deleted: 3 });
      expect(
        (
          await store.get(
            ns,
            CARS.map((c) => c.id),
          )
        ).map((r) => r.id),
      ).toEqual(["car-3", "car-4", "car-5"]);
      expect(await write(store.delete(ns, ["never-existed"]))).toEqual({ deleted: 1 });
      expect((await store.query(ns, unit(1), { topK: 10 })).map((m) => m.id).sort()).toEqual([
        "car-3",
        "car-4",
        "car-5",
      ]);
    });

    it("deletes by filter, and an empty filter empties the namespace", async () => {
      const ns = newNamespace();
      await write(store.upsert(ns, CARS));
      expect(await store.deleteByFilter(ns, { awd: true, price: { $gte: 20_000 } })).toEqual({ deleted: 2 });
      await h.settle();
      expect(
        (
          await store.get(
            ns,
            CARS.map((c) => c.id),
          )
        ).map((r) => r.id),
      ).toEqual(["car-1", "car-2", "car-4"]);
      expect(await store.deleteByFilter(ns, { make: "nobody" })).toEqual({ deleted: 0 });
      expect(await store.deleteByFilter(ns, {})).toEqual({ deleted: 3 });
      await h.settle();
      expect(
        await store.get(
          ns,
          CARS.map((c) => c.id),
        ),
      ).toEqual([]);
    });

    it("reports stats for a namespace and the whole index", async () => {
      const ns = newNamespace();
      await write(store.upsert(ns, CARS));
      const s = await store.stats(ns);
      expect(s.dimensions).toBe(DIMS);
      if (s.exactForNamespace) expect(s.vectorCount).toBe(CARS.length);
      else expect(s.vectorCount).toBeGreaterThanOrEqual(CARS.length);
      const all = await store.stats();
      expect(all.dimensions).toBe(DIMS);
      expect(all.vectorCount).toBeGreaterThanOrEqual(CARS.length);
      expect((await store.stats(newNamespace())).vectorCount).toBe(s.exactForNamespace ? 0 : all.vectorCount);
    });

    skipIf("list")(title("list", "lists ids in pages with a cursor, each id once"), async () => {
      const ns = newNamespace();
      const ids = Array.from({ length: 25 }, (_, i) => `l-${String(i).padStart(2, "0")}`);
      await write(
        store.upsert(
          ns,
          ids.map((id, i) => ({ id, values: unit(500 + i), metadata: {} })),
        ),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { ids: string[]; nextCursor: string | null } = await store.list!(ns, {
          cursor,
          limit: 10,
        });
        expect(page.ids.length).toBeLessThanOrEqual(10);
        seen.push(...page.ids);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual(ids);
      expect(await store.list!(newNamespace(), { limit: 10 })).toEqual({ ids: [], nextCursor: null });
      await rejectsWith(store.list!(ns, { limit: 0 }), "invalid_input");
    });

    it("rejects invalid input with nothing written", async () => {
      const ns = newNamespace();
      const good = { id: "good", values: unit(1), metadata: { make: "ford" } };
      const bad: [unknown, string][] = [
        [{ id: "short", values: [1, 0, 0], metadata: {} }, "dimension_mismatch"],
        [{ id: "nan", values: [Number.NaN, ...unit(2).slice(1)], metadata: {} }, "invalid_input"],
        [
          { id: "inf", values: [Number.POSITIVE_INFINITY, ...unit(2).slice(1)], metadata: {} },
          "invalid_input",
        ],
        [{ id: "zero", values: new Array(DIMS).fill(0), metadata: {} }, "invalid_input"],
        [{ id: "nested", values: unit(3), metadata: { spec: { hp: 300 } } }, "invalid_input"],
        [{ id: "array", values: unit(3), metadata: { tags: ["a"] } }, "invalid_input"],
        [{ id: "null", values: unit(3), metadata: { price: null } }, "invalid_input"],
        [{ id: "reserved", values: unit(3), metadata: { __id: "x" } }, "invalid_input"],
        [{ id: "dotted", values: unit(3), metadata: { "a.b": 1 } }, "invalid_input"],
        [{ id: "huge", values: unit(3), metadata: { text: "x".repeat(20_000) } }, "invalid_input"],
        [{ id: "", values: unit(3), metadata: {} }, "invalid_input"],
        [{ id: "strings", values: unit(3).map(String), metadata: {} }, "invalid_input"],
      ];
      for (const [record, code] of bad) {
        await rejectsWith(store.upsert(ns, [good, record as VectorRecord]), code);
      }
      await rejectsWith(store.upsert(ns, [good, good]), "invalid_input");
      await rejectsWith(store.upsert("", [good]), "invalid_input");
      await rejectsWith(store.upsert("has space", [good]), "invalid_input");
      await rejectsWith(store.query(ns, [1, 2], { topK: 1 }), "dimension_mismatch");
      await h.settle();
      expect(await store.get(ns, ["good"])).toEqual([]);
      expect(await store.query(ns, unit(1), { topK: 5 })).toEqual([]);
    });

    it("round-trips metadata types exactly", async () => {
      const ns = newNamespace();
      const metadata = {
        s: "Ça roule — 🚗 \"quoted\" 'single'",
        empty: "",
        int: 42,
        neg: -7,
        zero: 0,
        float: 31_999.99,
        tiny: 1e-9,
        big: 9_007_199_254_740_991,
        yes: true,
        no: false,
      };
      await write(store.upsert(ns, [{ id: "types", values: unit(7), metadata }]));
      const [rec] = await store.get(ns, ["types"]);
      expect(rec!.metadata).toStrictEqual(metadata);
      const [hit] = await store.query(ns, unit(7), { topK: 1 });
      expect(hit!.metadata).toStrictEqual(metadata);
    });

    it("accepts ids of any characters up to 512 bytes and returns them unchanged", async () => {
      const ns = newNamespace();
      const ids = ["veh_01J9ZQ", "with space/and:colon", "ünï-😀", "x".repeat(200)];
      await write(
        store.upsert(
          ns,
          ids.map((id, i) => ({ id, values: unit(900 + i), metadata: {} })),
        ),
      );
      expect((await store.get(ns, ids)).map((r) => r.id)).toEqual(ids);
      expect((await store.query(ns, unit(903), { topK: 1 }))[0]!.id).toBe(ids[3]);
      await rejectsWith(
        store.upsert(ns, [{ id: "y".repeat(513), values: unit(1), metadata: {} }]),
        "invalid_input",
      );
    });

    describe("vendor errors are mapped", () => {
      const ns = newNamespace();
      beforeAll(async () => {
        await write(store.upsert(ns, [{ id: "e", values: unit(1), metadata: {} }]));
      });
      skipIf("errors.429")(title("errors.429", "429 -> rate_limited (retryable)"), async () => {
        await h.injectFailure!(429);
        const e = await rejectsWith(store.query(ns, unit(1), { topK: 1 }), "rate_limited");
        expect(e.retryable).toBe(true);
        expect(e.store).toBe(h.name);
        expect(await store.query(ns, unit(1), { topK: 1 })).toHaveLength(1);
      });
      skipIf("errors.5xx")(title("errors.5xx", "5xx -> unavailable (retryable)"), async () => {
        await h.injectFailure!(500);
        const e = await rejectsWith(store.query(ns, unit(1), { topK: 1 }), "unavailable");
        expect(e.retryable).toBe(true);
        expect(await store.query(ns, unit(1), { topK: 1 })).toHaveLength(1);
      });
      skipIf("errors.401")(title("errors.401", "401 -> unauthorized (not retryable)"), async () => {
        await h.injectFailure!(401);
        const e = await rejectsWith(store.get(ns, ["e"]), "unauthorized");
        expect(e.retryable).toBe(false);
      });
    });
  });
}
