/** JSON over loopback HTTP with the round trip timed (request sent → body fully read). */
export async function timedJson<T>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ status: number; ms: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = { accept: "application/json", ...init.headers };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  const t0 = performance.now();
  const res = await fetch(url, {
    method: init.method ?? (payload ? "POST" : "GET"),
    headers,
    body: payload,
    signal: AbortSignal.timeout(init.timeoutMs ?? 120_000),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  return { status: res.status, ms, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

/** Like timedJson, but throws on a non-2xx answer with the body in the message. */
export async function benchCall<T>(url: string, body?: unknown): Promise<{ ms: number; body: T }> {
  const r = await timedJson<T>(url, body === undefined ? {} : { body });
  if (r.status < 200 || r.status >= 300)
    throw new Error(`${url} → HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 2000)}`);
  return r;
}

export function log(msg: string) {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`[bench ${t}] ${msg}`);
}
