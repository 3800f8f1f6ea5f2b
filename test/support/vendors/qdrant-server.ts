/**
 * A local Qdrant speaking the REST API of Qdrant 1.18 (paths, bodies and `{ result, status, time }`
 * envelopes from Qdrant's published OpenAPI spec, docs/redoc/master/openapi.json, which
 * @qdrant/js-client-rest 1.18.0 is generated from):
 *   GET /  ·  GET /collections/{c}/exists  ·  PUT|GET /collections/{c}  ·  PUT /collections/{c}/index
 *   PUT /collections/{c}/points (upsert)  ·  POST /collections/{c}/points (retrieve)
 *   POST /collections/{c}/points/query  ·  /points/delete  ·  /points/count  ·  /points/scroll
 * Semantics modelled: point ids are unsigned integers or UUIDs (else 400); the Cosine distance
 * normalises stored vectors (so they come back unit-length, as from real Qdrant); vector size checked
 * ("Wrong input: Vector dimension error: expected dim: N, got M"); filters with must / must_not / should,
 * `match` value/any/except, `range`, `has_id`, nested filters; scroll ordered by id with
 * `next_page_offset`. Auth: `api-key` must start with "qk-test-" (401 otherwise); failures can be
 * injected per key: POST /__control/fail {apiKey, status, count, retryAfter?}.
 * Not modelled: HNSW approximation (exact scores), optimizers, sharding, consistency parameters.
 */
import {
  cosine,
  FailureInjector,
  type JsonReply,
  type LocalServer,
  startJsonServer,
} from "../../vector/support/http";

type Payload = Record<string, unknown>;
interface Point {
  id: string | number;
  vector: number[];
  payload: Payload;
}
interface Collection {
  size: number;
  distance: string;
  points: Map<string, Point>;
  payloadSchema: Record<string, unknown>;
}
interface Cond {
  key?: string;
  match?: { value?: unknown; any?: unknown[]; except?: unknown[] };
  range?: { lt?: number; lte?: number; gt?: number; gte?: number };
  has_id?: (string | number)[];
  must?: Cond[] | Cond;
  must_not?: Cond[] | Cond;
  should?: Cond[] | Cond;
}

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const ok = (result: unknown): JsonReply => ({ status: 200, body: { result, status: "ok", time: 0.0001 } });
const fail = (status: number, error: string): JsonReply => ({
  status,
  body: { status: { error }, time: 0.0001 },
});

function normId(id: unknown): string | null {
  if (typeof id === "number" && Number.isInteger(id) && id >= 0) return String(id);
  if (typeof id === "string" && UUID_RE.test(id))
    return id
      .replace(/-/g, "")
      .toLowerCase()
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
  return null;
}

export async function startQdrantServer(): Promise<LocalServer> {
  const collections = new Map<string, Collection>();
  const failures = new FailureInjector();
  let operation = 0;

  return startJsonServer((req) => {
    if (req.path === "/__control/fail") {
      const b = req.body as { apiKey: string; status: number; count?: number; retryAfter?: string };
      failures.add(
        b.apiKey,
        {
          ...fail(b.status, `injected ${b.status}`),
          ...(b.retryAfter ? { headers: { "retry-after": b.retryAfter } } : {}),
        },
        b.count ?? 1,
      );
      return { status: 204 };
    }
    const key = String(req.headers["api-key"] ?? "");
    if (!key.startsWith("qk-test-"))
      return fail(401, "Must provide an API key or an Authorization bearer token");
    const injected = failures.take(key);
    if (injected) return injected;
    if (req.path === "/" && req.method === "GET")
      return { status: 200, body: { title: "qdrant - vector search engine", version: "1.18.0" } };

    const m = /^\/collections\/([^/]+)(\/.*)?$/.exec(req.path);
    if (!m) return fail(404, `Not found: ${req.path}`);
    const name = decodeURIComponent(m[1]!);
    const rest = m[2] ?? "";
    const body = (req.body ?? {}) as Record<string, unknown>;
    const col = collections.get(name);
    const completed = () => ok({ operation_id: ++operation, status: "completed" });

    if (rest === "/exists" && req.method === "GET") return ok({ exists: col !== undefined });
    if (rest === "" && req.method === "PUT") {
      if (col) return fail(409, `Wrong input: Collection \`${name}\` already exists!`);
      const vectors = body.vectors as { size?: number; distance?: string } | undefined;
      if (
        !vectors ||
        !Number.isInteger(vectors.size) ||
        !["Cosine", "Dot", "Euclid", "Manhattan"].includes(String(vectors.distance))
      ) {
        return fail(400, "Wrong input: vectors config with size and distance is required");
      }
      collections.set(name, {
        size: vectors.size!,
        distance: vectors.distance!,
        points: new Map(),
        payloadSchema: {},
      });
      return ok(true);
    }
    if (!col) return fail(404, `Not found: Collection \`${name}\` doesn't exist!`);
    if (rest === "" && req.method === "GET") {
      return ok({
        status: "green",
        optimizer_status: "ok",
        points_count: col.points.size,
        indexed_vectors_count: 0,
        segments_count: 1,
        config: {
          params: {
            vectors: { size: col.size, distance: col.distance },
            shard_number: 1,
            replication_factor: 1,
            write_consistency_factor: 1,
            on_disk_payload: true,
          },
          hnsw_config: {
            m: 16,
            ef_construct: 100,
            full_scan_threshold: 10000,
            max_indexing_threads: 0,
            on_disk: false,
          },
          optimizer_config: {
            deleted_threshold: 0.2,
            vacuum_min_vector_number: 1000,
            default_segment_number: 0,
            flush_interval_sec: 5,
          },
          wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0 },
        },
        payload_schema: col.payloadSchema,
      });
    }
    if (rest === "/index" && req.method === "PUT") {
      const field = body.field_name;
      if (typeof field !== "string") return fail(400, "Wrong input: field_name is required");
      col.payloadSchema[field] = { data_type: "keyword", params: body.field_schema, points: 0 };
      return completed();
    }
    if (rest === "/points" && req.method === "PUT") {
      const points = body.points as { id: unknown; vector: unknown; payload?: Payload }[] | undefined;
      if (!Array.isArray(points)) return fail(400, "Wrong input: points are required");
      const staged: Point[] = [];
      for (const p of points) {
        const id = normId(p.id);
        if (id === null)
          return fail(
            400,
            `Format error in JSON body: value ${JSON.stringify(p.id)} is not a valid point ID, valid values are either an unsigned integer or a UUID`,
          );
        const v = p.vector as number[];
        if (!Array.isArray(v) || v.length !== col.size) {
          return fail(
            400,
            `Wrong input: Vector dimension error: expected dim: ${col.size}, got ${Array.isArray(v) ? v.length : 0}`,
          );
        }
        if (!v.every((x) => typeof x === "number" && Number.isFinite(x)))
          return fail(400, "Format error in JSON body: vector values must be numbers");
        let vector = Array.from(new Float32Array(v));
        if (col.distance === "Cosine") {
          const n = Math.sqrt(vector.reduce((s, x) => s + x * x, 0));
          vector = Array.from(new Float32Array(vector.map((x) => x / n)));
        }
        staged.push({ id: typeof p.id === "number" ? p.id : id, vector, payload: { ...(p.payload ?? {}) } });
      }
      for (const p of staged) col.points.set(normId(p.id)!, p);
      return completed();
    }
    if (rest === "/points" && req.method === "POST") {
      const ids = (body.ids as unknown[]) ?? [];
      const out = [];
      for (const raw of ids) {
        const id = normId(raw);
        if (id === null) return fail(400, "Format error in JSON body: invalid point id");
        const p = col.points.get(id);
        if (p) out.push(render(p, body.with_payload, body.with_vector));
      }
      return ok(out);
    }
    if (rest === "/points/query" && req.method === "POST") {
      const q = body.query as number[];
      if (!Array.isArray(q) || q.length !== col.size) {
        return fail(
          400,
          `Wrong input: Vector dimension error: expected dim: ${col.size}, got ${Array.isArray(q) ? q.length : 0}`,
        );
      }
      const limit = (body.limit as number) ?? 10;
      const filter = body.filter as Cond | undefined;
      const hits = [...col.points.values()]
        .filter((p) => !filter || matchFilter(p, filter))
        .map((p) => ({ p, score: cosine(q, p.vector) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
      return ok({
        points: hits.map(({ p, score }) => ({
          ...render(p, body.with_payload, body.with_vector),
          version: 1,
          score,
        })),
      });
    }
    if (rest === "/points/delete" && req.method === "POST") {
      if (Array.isArray(body.points)) {
        for (const raw of body.points) {
          const id = normId(raw);
          if (id !== null) col.points.delete(id);
        }
      } else if (body.filter) {
        for (const [id, p] of [...col.points]) if (matchFilter(p, body.filter as Cond)) col.points.delete(id);
      } else {
        return fail(400, "Wrong input: points or filter is required");
      }
      return completed();
    }
    if (rest === "/points/count" && req.method === "POST") {
      const filter = body.filter as Cond | undefined;
      return ok({ count: [...col.points.values()].filter((p) => !filter || matchFilter(p, filter)).length });
    }
    if (rest === "/points/scroll" && req.method === "POST") {
      const limit = (body.limit as number) ?? 10;
      const filter = body.filter as Cond | undefined;
      const offset = body.offset === undefined || body.offset === null ? null : normId(body.offset);
      const sorted = [...col.points.entries()]
        .filter(([, p]) => !filter || matchFilter(p, filter))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .filter(([id]) => offset === null || id >= offset);
      const page = sorted.slice(0, limit);
      const next = sorted[limit];
      return ok({
        points: page.map(([, p]) => render(p, body.with_payload, body.with_vector)),
        next_page_offset: next ? next[1].id : null,
      });
    }
    return fail(404, `Not found: ${req.method} ${req.path}`);
  });
}

function render(p: Point, withPayload: unknown, withVector: unknown) {
  let payload: Payload | null = null;
  if (withPayload === true) payload = p.payload;
  else if (Array.isArray(withPayload))
    payload = Object.fromEntries(Object.entries(p.payload).filter(([k]) => withPayload.includes(k)));
  return { id: p.id, payload, vector: withVector === true ? p.vector : null };
}

const list = (c: Cond[] | Cond | undefined): Cond[] => (c === undefined ? [] : Array.isArray(c) ? c : [c]);

function matchFilter(p: Point, f: Cond): boolean {
  if (!list(f.must).every((c) => matchCond(p, c))) return false;
  if (list(f.must_not).some((c) => matchCond(p, c))) return false;
  const should = list(f.should);
  if (should.length > 0 && !should.some((c) => matchCond(p, c))) return false;
  return true;
}

function matchCond(p: Point, c: Cond): boolean {
  if (c.must !== undefined || c.must_not !== undefined || c.should !== undefined) return matchFilter(p, c);
  if (c.has_id) return c.has_id.some((id) => normId(id) === normId(p.id));
  const raw = c.key === undefined ? undefined : p.payload[c.key];
  const values = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  if (c.match) {
    if ("value" in c.match) return values.includes(c.match.value);
    if (c.match.any) return values.some((v) => c.match!.any!.includes(v));
    if (c.match.except) return values.length > 0 && values.some((v) => !c.match!.except!.includes(v));
  }
  if (c.range) {
    const r = c.range;
    return values.some(
      (v) =>
        typeof v === "number" &&
        (r.lt === undefined || v < r.lt) &&
        (r.lte === undefined || v <= r.lte) &&
        (r.gt === undefined || v > r.gt) &&
        (r.gte === undefined || v >= r.gte),
    );
  }
  return false;
}
