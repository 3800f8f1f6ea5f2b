/**
 * A local Pinecone (serverless) speaking the documented REST wire format of API version 2026-04, the
 * version @pinecone-database/pinecone 8.2.0 sends in `X-Pinecone-Api-Version` (shapes follow the SDK's
 * generated OpenAPI models db_data and db_control, from Pinecone's published OpenAPI specs):
 *   control plane  GET  /indexes/{name}                      -> IndexModel (host = this server)
 *   data plane     POST /vectors/upsert, POST /query, GET /vectors/fetch, GET /vectors/list,
 *                  POST /vectors/delete (ids | deleteAll | filter), POST /describe_index_stats
 * Documented limits enforced: 1000 vectors and 2 MB per upsert, 1000 ids per fetch/delete, topK <= 10,000,
 * list limit <= 100, metadata <= 40 KB with string/number/boolean/string-list values, the index dimension;
 * errors as `{ "error": { "code", "message" }, "status" }`. Auth: `Api-Key` must start with "pk-test-"
 * (else 401). Failures can be injected per API key: POST /__control/fail {apiKey, status, count}.
 * Not modelled: approximate search (scores are exact cosine), eventual consistency (writes are
 * immediately visible; the real service is eventually consistent), read units, sparse vectors.
 */
import {
  cosine,
  FailureInjector,
  f32,
  type JsonReply,
  type LocalServer,
  startJsonServer,
} from "../../vector/support/http";

type Meta = Record<string, unknown>;
interface Rec {
  id: string;
  values: number[];
  metadata?: Meta;
}

const API_VERSION = "2026-04";

export interface PineconeServerOptions {
  indexName: string;
  dimension: number;
}

const err = (status: number, code: string, message: string): JsonReply => ({
  status,
  body: { error: { code, message }, status },
});

export async function startPineconeServer(
  options: PineconeServerOptions,
): Promise<LocalServer & { requests: string[] }> {
  const namespaces = new Map<string, Map<string, Rec>>();
  const failures = new FailureInjector();
  const requests: string[] = [];
  const log: { key: string; method: string; path: string; bytes: number }[] = [];
  let selfUrl = "";
  const ns = (name: string) => {
    let m = namespaces.get(name);
    if (!m) {
      m = new Map();
      namespaces.set(name, m);
    }
    return m;
  };

  const server = await startJsonServer((req) => {
    if (req.path === "/__control/fail") {
      const b = req.body as { apiKey: string; status: number; count?: number };
      failures.add(
        b.apiKey,
        err(b.status, b.status === 429 ? "RESOURCE_EXHAUSTED" : "UNKNOWN", `injected ${b.status}`),
        b.count ?? 1,
      );
      return { status: 204 };
    }
    const key = String(req.headers["api-key"] ?? "");
    if (req.path === "/__control/log") {
      const mine = log.filter((l) => l.key === req.query.get("apiKey")).map(({ key: _k, ...rest }) => rest);
      return { status: 200, body: mine };
    }
    requests.push(`${req.method} ${req.path}`);
    log.push({ key, method: req.method, path: req.path, bytes: req.rawBytes });
    if (!key.startsWith("pk-test-")) return err(401, "UNAUTHENTICATED", "Invalid API Key");
    const injected = failures.take(key);
    if (injected) return injected;
    if (req.headers["x-pinecone-api-version"] !== API_VERSION) {
      return err(
        400,
        "INVALID_ARGUMENT",
        `unsupported X-Pinecone-Api-Version ${req.headers["x-pinecone-api-version"]}`,
      );
    }
    const body = (req.body ?? {}) as Record<string, unknown>;

    // Control plane.
    const describe = /^\/indexes\/([^/]+)$/.exec(req.path);
    if (describe && req.method === "GET") {
      if (decodeURIComponent(describe[1]!) !== options.indexName)
        return err(404, "NOT_FOUND", `Index not found`);
      return {
        status: 200,
        body: {
          name: options.indexName,
          dimension: options.dimension,
          metric: "cosine",
          host: selfUrl,
          vector_type: "dense",
          deletion_protection: "disabled",
          spec: { serverless: { cloud: "aws", region: "us-east-1" } },
          status: { ready: true, state: "Ready" },
          tags: null,
        },
      };
    }

    switch (`${req.method} ${req.path}`) {
      case "POST /vectors/upsert": {
        if (req.rawBytes > 2 * 1024 * 1024)
          return err(400, "INVALID_ARGUMENT", `Request size ${req.rawBytes} exceeds the 2MB limit`);
        const vectors = body.vectors as Rec[] | undefined;
        if (!Array.isArray(vectors) || vectors.length === 0)
          return err(400, "INVALID_ARGUMENT", "vectors is required");
        if (vectors.length > 1000)
          return err(400, "INVALID_ARGUMENT", `Batch size ${vectors.length} exceeds the maximum of 1000`);
        for (const v of vectors) {
          if (typeof v.id !== "string" || v.id.length === 0 || v.id.length > 512)
            return err(400, "INVALID_ARGUMENT", "invalid id");
          if (!Array.isArray(v.values) || v.values.length !== options.dimension) {
            return err(
              400,
              "INVALID_ARGUMENT",
              `Vector dimension ${v.values?.length} does not match the dimension of the index ${options.dimension}`,
            );
          }
          const bad = checkMetadata(v.metadata);
          if (bad) return err(400, "INVALID_ARGUMENT", bad);
        }
        const target = ns(String(body.namespace ?? ""));
        for (const v of vectors) target.set(v.id, { id: v.id, values: f32(v.values), metadata: v.metadata });
        return { status: 200, body: { upsertedCount: vectors.length } };
      }
      case "POST /query": {
        const topK = body.topK as number;
        if (!Number.isInteger(topK) || topK < 1 || topK > 10_000)
          return err(400, "INVALID_ARGUMENT", "topK must be in 1..10000");
        const vector = body.vector as number[];
        if (!Array.isArray(vector) || vector.length !== options.dimension) {
          return err(
            400,
            "INVALID_ARGUMENT",
            `Query vector dimension ${vector?.length} does not match the dimension of the index ${options.dimension}`,
          );
        }
        const filter = body.filter as Meta | undefined;
        let filterError: string | null = null;
        const hits = [...ns(String(body.namespace ?? "")).values()].filter((r) => {
          try {
            return !filter || matches(r.metadata ?? {}, filter);
          } catch (e) {
            filterError = (e as Error).message;
            return false;
          }
        });
        if (filterError) return err(400, "INVALID_ARGUMENT", filterError);
        const scored = hits
          .map((r) => ({ r, score: cosine(vector, r.values) }))
          .sort((a, b) => b.score - a.score);
        return {
          status: 200,
          body: {
            matches: scored.slice(0, topK).map(({ r, score }) => ({
              id: r.id,
              score,
              values: body.includeValues ? r.values : [],
              ...(body.includeMetadata && r.metadata ? { metadata: r.metadata } : {}),
            })),
            namespace: String(body.namespace ?? ""),
            usage: { readUnits: 5 },
          },
        };
      }
      case "GET /vectors/fetch": {
        const ids = req.query.getAll("ids");
        if (ids.length === 0) return err(400, "INVALID_ARGUMENT", "ids is required");
        if (ids.length > 1000) return err(400, "INVALID_ARGUMENT", "at most 1000 ids");
        const name = req.query.get("namespace") ?? "";
        const m = ns(name);
        const vectors: Record<string, Rec> = {};
        for (const id of ids) {
          const r = m.get(id);
          if (r) vectors[id] = { id, values: r.values, ...(r.metadata ? { metadata: r.metadata } : {}) };
        }
        return { status: 200, body: { vectors, namespace: name, usage: { readUnits: 1 } } };
      }
      case "GET /vectors/list": {
        const name = req.query.get("namespace") ?? "";
        const limit = Number(req.query.get("limit") ?? 100);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100)
          return err(400, "INVALID_ARGUMENT", "limit must be in 1..100");
        const prefix = req.query.get("prefix") ?? "";
        const token = req.query.get("paginationToken");
        const after = token ? Buffer.from(token, "base64url").toString("utf8") : "";
        const ids = [...ns(name).keys()].filter((id) => id.startsWith(prefix) && id > after).sort();
        const page = ids.slice(0, limit);
        return {
          status: 200,
          body: {
            vectors: page.map((id) => ({ id })),
            ...(ids.length > limit
              ? { pagination: { next: Buffer.from(page.at(-1)!, "utf8").toString("base64url") } }
              : {}),
            namespace: name,
            usage: { readUnits: 1 },
          },
        };
      }
      case "POST /vectors/delete": {
        const m = ns(String(body.namespace ?? ""));
        if (body.deleteAll === true) {
          m.clear();
        } else if (Array.isArray(body.ids)) {
          if (body.ids.length > 1000) return err(400, "INVALID_ARGUMENT", "at most 1000 ids per delete");
          for (const id of body.ids as string[]) m.delete(id);
        } else if (body.filter && typeof body.filter === "object") {
          try {
            for (const r of [...m.values()])
              if (matches(r.metadata ?? {}, body.filter as Meta)) m.delete(r.id);
          } catch (e) {
            return err(400, "INVALID_ARGUMENT", (e as Error).message);
          }
        } else {
          return err(400, "INVALID_ARGUMENT", "one of ids, deleteAll or filter is required");
        }
        return { status: 200, body: {} };
      }
      case "POST /describe_index_stats": {
        const out: Record<string, { vectorCount: number }> = {};
        let total = 0;
        for (const [name, m] of namespaces) {
          if (m.size === 0) continue;
          out[name] = { vectorCount: m.size };
          total += m.size;
        }
        return {
          status: 200,
          body: {
            namespaces: out,
            dimension: options.dimension,
            indexFullness: 0,
            totalVectorCount: total,
            metric: "cosine",
            vectorType: "dense",
          },
        };
      }
      default:
        return err(404, "NOT_FOUND", `no route ${req.method} ${req.path}`);
    }
  });
  selfUrl = server.url;
  return { ...server, requests };
}

function checkMetadata(metadata: unknown): string | null {
  if (metadata === undefined) return null;
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata))
    return "metadata must be an object";
  if (JSON.stringify(metadata).length > 40_960)
    return "Metadata size exceeds the limit of 40960 bytes per vector";
  for (const [k, v] of Object.entries(metadata)) {
    const ok =
      typeof v === "string" ||
      typeof v === "boolean" ||
      (typeof v === "number" && Number.isFinite(v)) ||
      (Array.isArray(v) && v.every((x) => typeof x === "string"));
    if (!ok) return `Metadata value for field ${k} must be a string, number, boolean or list of strings`;
  }
  return null;
}

/** Pinecone's metadata filter language (MongoDB-like): $eq $ne $gt $gte $lt $lte $in $nin $exists $and $or. */
function matches(meta: Meta, filter: Meta): boolean {
  for (const [key, cond] of Object.entries(filter)) {
    if (key === "$and") {
      if (!(cond as Meta[]).every((f) => matches(meta, f))) return false;
      continue;
    }
    if (key === "$or") {
      if (!(cond as Meta[]).some((f) => matches(meta, f))) return false;
      continue;
    }
    if (key.startsWith("$")) throw new Error(`unknown top-level operator ${key}`);
    const value = meta[key];
    const ops =
      cond !== null && typeof cond === "object" && !Array.isArray(cond)
        ? Object.entries(cond)
        : [["$eq", cond]];
    for (const [op, arg] of ops as [string, unknown][]) {
      const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
      let ok: boolean;
      switch (op) {
        case "$eq":
          ok = list.includes(arg);
          break;
        case "$ne":
          ok = !list.includes(arg);
          break;
        case "$in":
          if (!Array.isArray(arg)) throw new Error("$in requires an array");
          ok = list.some((v) => arg.includes(v));
          break;
        case "$nin":
          if (!Array.isArray(arg)) throw new Error("$nin requires an array");
          ok = !list.some((v) => arg.includes(v));
          break;
        case "$exists":
          ok = (value !== undefined) === arg;
          break;
        case "$gt":
        case "$gte":
        case "$lt":
        case "$lte": {
          if (typeof arg !== "number") throw new Error(`${op} requires a number`);
          ok =
            typeof value === "number" &&
            (op === "$gt"
              ? value > arg
              : op === "$gte"
                ? value >= arg
                : op === "$lt"
                  ? value < arg
                  : value <= arg);
          break;
        }
        default:
          throw new Error(`unknown operator ${op}`);
      }
      if (!ok) return false;
    }
  }
  return true;
}
