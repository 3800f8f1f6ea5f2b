import { exports } from "cloudflare:workers";

/** Base URL for requests into the Worker under test (host is irrelevant to routing). */
export const BASE = "https://api.forecourt.test";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON body (null for an empty body); `text` holds the raw body. */
  body: T;
  text: string;
}

export interface CallOptions {
  method?: string;
  token?: string;
  apiKey?: string;
  /** Serialised as JSON unless `rawBody` is given. */
  json?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
}

/**
 * One request through the Worker's default export. Always reads the whole body (vitest-pool-workers'
 * isolated storage breaks on unconsumed bodies).
 */
export async function call<T = any>(path: string, opts: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers = new Headers(opts.headers);
  if (opts.token !== undefined) headers.set("Authorization", `Bearer ${opts.token}`);
  if (opts.apiKey !== undefined) headers.set("X-Api-Key", opts.apiKey);
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const res = await (exports as any).default.fetch(
    new Request(BASE + path, { method: opts.method ?? "GET", headers, body }),
  );
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

export const get = (path: string, opts: Omit<CallOptions, "method"> = {}) =>
  call(path, { ...opts, method: "GET" });
export const post = (path: string, json: unknown, opts: Omit<CallOptions, "method" | "json"> = {}) =>
  call(path, { ...opts, method: "POST", json });
export const patch = (path: string, json: unknown, opts: Omit<CallOptions, "method" | "json"> = {}) =>
  call(path, { ...opts, method: "PATCH", json });
export const del = (path: string, opts: Omit<CallOptions, "method"> = {}) =>
  call(path, { ...opts, method: "DELETE" });
