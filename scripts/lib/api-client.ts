/** A tiny JSON client for the local API used by the start script and benchmarks. Errors carry the API's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const err = (body as { error?: { code?: string; message?: string } })?.error;
    super(`HTTP ${status}${err ? ` ${err.code}: ${err.message}` : ""}`);
  }
}

export function apiClient(baseUrl: string, auth: { token?: string; apiKey?: string }) {
  return async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    if (auth.apiKey) headers["x-api-key"] = auth.apiKey;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new ApiError(res.status, parsed);
    return parsed as T;
  };
}

export async function waitForHealth(url: string, timeoutMs: number, isAlive: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error("the dev server exited before it became healthy (see its output above)");
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}
