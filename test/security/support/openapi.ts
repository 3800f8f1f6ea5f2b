import { send } from "./client";

/** The API's own OpenAPI document, read at test time: the suites cover whatever routes it lists. */
export type Schema = Record<string, any>;

export interface Param {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** "METHOD /path/{param}" */
  key: string;
  method: string;
  path: string;
  /** Which credentials the document says the route takes. */
  accepts: { bearer: boolean; apiKey: boolean; none: boolean };
  pathParams: Param[];
  queryParams: Param[];
  headerParams: Param[];
  body: { schema: Schema; required: boolean } | null;
  /** The route answers 101 (a WebSocket upgrade). */
  upgrade: boolean;
}

export interface ApiDocument {
  doc: any;
  ops: Operation[];
  resolve: (s: Schema | undefined) => Schema;
}

export async function loadApiDocument(): Promise<ApiDocument> {
  const res = await send("/openapi.json");
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  const doc = res.body;
  const resolve = (s: Schema | undefined): Schema => {
    let cur = s ?? {};
    for (let i = 0; i < 20 && typeof cur.$ref === "string"; i++) {
      const parts = (cur.$ref as string).replace(/^#\//, "").split("/");
      cur = parts.reduce((o: any, p) => o?.[p], doc) ?? {};
    }
    return cur;
  };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    for (const [m, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(m)) continue;
      const security: Record<string, unknown>[] | undefined = op.security ?? doc.security;
      const schemes = new Set((security ?? []).flatMap((s) => Object.keys(s)));
      const params: Param[] = (op.parameters ?? []).map((p: any) => {
        const r = resolve(p);
        return { name: r.name, in: r.in, required: Boolean(r.required), schema: resolve(r.schema) };
      });
      const json = op.requestBody?.content?.["application/json"];
      ops.push({
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase(),
        path,
        accepts: {
          bearer: schemes.has("bearerAuth"),
          apiKey: schemes.has("apiKeyAuth"),
          none: !security || security.length === 0,
        },
        pathParams: params.filter((p) => p.in === "path"),
        queryParams: params.filter((p) => p.in === "query"),
        headerParams: params.filter((p) => p.in === "header"),
        body: json ? { schema: resolve(json.schema), required: Boolean(op.requestBody.required) } : null,
        upgrade: Object.hasOwn(op.responses ?? {}, "101"),
      });
    }
  }
  return { doc, ops, resolve };
}

/** Types of a schema (`type` may be a list in OpenAPI 3.1). */
export function typesOf(s: Schema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (typeof s.type === "string") return [s.type];
  if (s.enum) return [...new Set(s.enum.map((v: unknown) => (v === null ? "null" : typeof v)))] as string[];
  if (s.properties) return ["object"];
  return [];
}

/**
 * The smallest body the schema allows: required properties only, from `example`, the first enum value,
 * or the lower bound. `override` supplies values by property name (fixtures, ids).
 */
export function minimalValue(
  schemaIn: Schema,
  resolve: (s: Schema) => Schema,
  override: (name: string) => unknown = () => undefined,
  name = "",
): unknown {
  const s = resolve(schemaIn);
  const o = override(name);
  if (o !== undefined) return o;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.enum)) return s.enum.find((v: unknown) => v !== null) ?? s.enum[0];
  if (s.anyOf || s.oneOf) return minimalValue((s.anyOf ?? s.oneOf)[0], resolve, override, name);
  const t = typesOf(s).find((x) => x !== "null") ?? "null";
  switch (t) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = minimalValue(s.properties?.[k] ?? {}, resolve, override, k);
      return out;
    }
    case "array":
      return Array.from({ length: s.minItems ?? 0 }, () =>
        minimalValue(s.items ?? {}, resolve, override, name),
      );
    case "integer":
    case "number":
      return s.minimum ?? 1;
    case "boolean":
      return true;
    case "string":
      return "x".repeat(Math.max(1, s.minLength ?? 1));
    default:
      return null;
  }
}

/** Property names anywhere in a schema (to find id-like fields that need tenant fixtures). */
export function propertyNames(schemaIn: Schema, resolve: (s: Schema) => Schema, depth = 0): string[] {
  const s = resolve(schemaIn);
  if (depth > 6) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    out.push(k, ...propertyNames(v, resolve, depth + 1));
  }
  if (s.items) out.push(...propertyNames(s.items, resolve, depth + 1));
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
    out.push(...propertyNames(alt, resolve, depth + 1));
  return out;
}
