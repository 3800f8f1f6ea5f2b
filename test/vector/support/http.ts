import http from "node:http";
import type { AddressInfo } from "node:net";

export interface JsonRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  rawBytes: number;
}
export interface JsonReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

/** A loopback HTTP server that parses JSON bodies and answers JSON, for the vendor stand-ins. */
export async function startJsonServer(
  handle: (req: JsonRequest) => JsonReply | Promise<JsonReply>,
): Promise<LocalServer> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    let reply: JsonReply;
    try {
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          reply = { status: 400, body: { error: "body is not valid JSON" } };
          res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
          return;
        }
      }
      const url = new URL(req.url ?? "/", "http://localhost");
      reply = await handle({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        rawBytes: raw.length,
      });
    } catch (e) {
      reply = { status: 500, body: { error: `stand-in crashed: ${(e as Error).message}` } };
    }
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    res.writeHead(reply.status, { "content-type": "application/json", ...(reply.headers ?? {}) }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Failures injected per credential (so parallel test files never see each other's). */
export class FailureInjector {
  private readonly queue = new Map<string, JsonReply[]>();
  add(key: string, reply: JsonReply, count: number) {
    const q = this.queue.get(key) ?? [];
    for (let i = 0; i < count; i++) q.push(reply);
    this.queue.set(key, q);
  }
  take(key: string): JsonReply | undefined {
    return this.queue.get(key)?.shift();
  }
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

export const f32 = (values: number[]) => Array.from(new Float32Array(values));
