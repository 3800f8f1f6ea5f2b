import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

/**
 * Local HTTP servers for crawler tests (Node only): real sockets on 127.0.0.1, random ports, every
 * request logged so a test can prove a refused URL was never fetched.
 */

export interface LoggedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  server: FixtureServer,
) => void | Promise<void>;

export interface FixtureServer {
  /** "http://127.0.0.1:PORT" */
  origin: string;
  /** "127.0.0.1:PORT" — what goes on the dev allow-list. */
  host: string;
  port: number;
  requests: LoggedRequest[];
  /** Requests whose path (without query) is `path`. */
  hits(path: string): number;
  /** Bytes written by streaming handlers (see `streamBytes`), keyed by path. */
  bytesWritten: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Start a server. `routes` maps a path (query ignored) to a handler; unknown paths get 404.
 * A function instead of a map handles every request.
 */
export async function startServer(routes: Record<string, Handler> | Handler): Promise<FixtureServer> {
  const requests: LoggedRequest[] = [];
  const bytesWritten = new Map<string, number>();
  let fixture!: FixtureServer;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    requests.push({ method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers });
    const handler = typeof routes === "function" ? routes : routes[path];
    // Errors on sockets the client gave up on are expected in these tests.
    res.on("error", () => {});
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    Promise.resolve(handler(req, res, fixture)).catch((err) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  fixture = {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    requests,
    hits: (p) => requests.filter((r) => r.path.split("?")[0] === p).length,
    bytesWritten,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fixture;
}

// ---------------------------------------------------------------------------------------------------------
// Handlers

export function html(
  body: string,
  init: { status?: number; headers?: Record<string, string> } = {},
): Handler {
  return (_req, res) => {
    res.writeHead(init.status ?? 200, { "content-type": "text/html; charset=utf-8", ...init.headers });
    res.end(body);
  };
}

export function text(
  body: string | Uint8Array,
  init: { status?: number; headers?: Record<string, string> } = {},
): Handler {
  return (_req, res) => {
    res.writeHead(init.status ?? 200, { "content-type": "text/plain", ...init.headers });
    res.end(body);
  };
}

export function bytes(body: Uint8Array, headers: Record<string, string>, status = 200): Handler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

export function redirect(location: string, status = 302): Handler {
  return (_req, res) => {
    res.writeHead(status, { location, "content-type": "text/html" });
    res.end(`<a href="${location}">moved</a>`);
  };
}

export function status(code: number, body = `status ${code}`): Handler {
  return (_req, res) => {
    res.writeHead(code, { "content-type": "text/html" });
    res.end(body);
  };
}

/**
 * Stream `total` bytes of HTML-ish text in `chunk`-byte pieces, honouring backpressure, and record in
 * `server.bytesWritten` how much was actually written before the client went away.
 */
export function streamBytes(
  total: number,
  opts: { chunk?: number; contentLength?: boolean; contentType?: string } = {},
): Handler {
  return async (req, res, server) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const chunkSize = opts.chunk ?? 64 * 1024;
    const headers: Record<string, string> = {
      "content-type": opts.contentType ?? "text/html; charset=utf-8",
    };
    if (opts.contentLength) headers["content-length"] = String(total);
    res.writeHead(200, headers);
    const piece = Buffer.alloc(chunkSize, "a");
    piece.write("<html><body>");
    let written = 0;
    let closed = false;
    res.on("close", () => {
      closed = true;
    });
    server.bytesWritten.set(path, 0);
    while (written < total && !closed) {
      const n = Math.min(chunkSize, total - written);
      const ok = res.write(n === chunkSize ? piece : piece.subarray(0, n));
      written += n;
      server.bytesWritten.set(path, written);
      if (!ok) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off("drain", done);
            res.off("close", done);
            resolve();
          };
          res.on("drain", done);
          res.on("close", done);
        });
      }
    }
    if (!closed) res.end();
  };
}

/** Send headers at once, then one byte every `intervalMs`, for up to `maxBytes` bytes (slow loris). */
export function drip(intervalMs = 1000, maxBytes = 10_000): Handler {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.write("<");
    let sent = 1;
    const timer = setInterval(() => {
      if (res.destroyed || sent >= maxBytes) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write("p");
      sent++;
    }, intervalMs);
    res.on("close", () => clearInterval(timer));
  };
}

/** Accept the request and never answer (until the client gives up). */
export function hang(): Handler {
  return () => {};
}

/** A gzip-encoded body that expands to `expandedBytes` of HTML (a compression bomb, tiny on the wire). */
export function gzipBomb(expandedBytes: number): Handler {
  const plain = Buffer.alloc(expandedBytes, "a");
  plain.write("<html><body>");
  const compressed = gzipSync(plain);
  return (_req, res) => {
    res.writeHead(200, {
      "content-type": "text/html",
      "content-encoding": "gzip",
      "content-length": String(compressed.byteLength),
    });
    res.end(compressed);
  };
}

// ---------------------------------------------------------------------------------------------------------
// DNS-over-HTTPS (JSON API) fixture

export interface DnsZone {
  /** A records (or anything to put in the answer data), and AAAA records. */
  A?: string[];
  AAAA?: string[];
  /** CNAME target placed before the address records in the answer section. */
  CNAME?: string;
  /** DNS RCODE to answer with (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN). Default 0, or 3 for unknown names. */
  Status?: number;
  /** Raw HTTP behaviour instead of a DNS answer. */
  http?: "500" | "garbage" | "hang" | "redirect";
  TTL?: number;
}

const DNS_TYPES: Record<string, number> = { A: 1, AAAA: 28 };

/** A local server speaking the `application/dns-json` DoH format at /dns-query. */
export async function startDohServer(
  zones: Record<string, DnsZone>,
): Promise<FixtureServer & { endpoint: string }> {
  const server = await startServer({
    "/dns-query": (req, res) => {
      const url = new URL(req.url ?? "/", "http://doh.invalid");
      const name = (url.searchParams.get("name") ?? "").toLowerCase().replace(/\.+$/, "");
      const type = (url.searchParams.get("type") ?? "A").toUpperCase();
      const zone = zones[name];
      if (zone?.http === "500") {
        res.writeHead(500, { "content-type": "text/plain" }).end("upstream broke");
        return;
      }
      if (zone?.http === "garbage") {
        res.writeHead(200, { "content-type": "application/dns-json" }).end("{not json");
        return;
      }
      if (zone?.http === "hang") return;
      if (zone?.http === "redirect") {
        res.writeHead(302, { location: "http://169.254.169.254/dns-query" }).end();
        return;
      }
      const status = zone ? (zone.Status ?? 0) : 3;
      const typeNum = DNS_TYPES[type] ?? 1;
      const answers: { name: string; type: number; TTL: number; data: string }[] = [];
      const records = zone ? (type === "AAAA" ? zone.AAAA : zone.A) : undefined;
      if (status === 0 && records && records.length > 0) {
        let owner = `${name}.`;
        if (zone?.CNAME) {
          answers.push({ name: owner, type: 5, TTL: zone.TTL ?? 300, data: `${zone.CNAME}.` });
          owner = `${zone.CNAME}.`;
        }
        for (const data of records) answers.push({ name: owner, type: typeNum, TTL: zone?.TTL ?? 300, data });
      }
      const body: Record<string, unknown> = {
        Status: status,
        TC: false,
        RD: true,
        RA: true,
        AD: false,
        CD: false,
        Question: [{ name: `${name}.`, type: typeNum }],
      };
      if (answers.length > 0) body.Answer = answers;
      res.writeHead(200, { "content-type": "application/dns-json" }).end(JSON.stringify(body));
    },
  });
  return Object.assign(server, { endpoint: `${server.origin}/dns-query` });
}

// ---------------------------------------------------------------------------------------------------------
// Fetch helpers

/**
 * A fetch that sends requests for the given public-looking hosts to a local fixture server instead (so a
 * test can exercise DNS-checked names without real DNS), and records every URL it was asked for.
 */
export function routingFetch(routes: Record<string, FixtureServer>): typeof fetch & { calls: string[] } {
  const calls: string[] = [];
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    calls.push(url.href);
    const target = routes[url.host];
    if (target) {
      const local = new URL(url.pathname + url.search, target.origin);
      return fetch(local, init);
    }
    return fetch(url, init);
  }) as typeof fetch & { calls: string[] };
  f.calls = calls;
  return f;
}
