import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "../../support/http-body";

/**
 * A local telemetry back end for the `telemetry` Vitest project (Node side, 127.0.0.1, port 0):
 * - an OTLP/HTTP traces receiver: POST /v1/traces with an ExportTraceServiceRequest in JSON
 *   (Content-Type application/json; protobuf is answered 415, our exporter only speaks JSON), checking the
 *   configured auth header like a vendor's collector would;
 * - a Sentry ingest endpoint: POST /api/<project>/envelope/ in Sentry's envelope format (newline-delimited:
 *   envelope header, then per item an item header and its payload, `length` honoured when given), checking
 *   the DSN's public key (X-Sentry-Auth header or sentry_key query parameter) and project id;
 * - a tiny dealer website for the scraper (every other GET is a 404), so crawls stay on loopback.
 * What arrived is read back by the Worker tests: GET /__received.
 */

export const OTLP_AUTH_HEADER = "x-otlp-api-key";
export const OTLP_AUTH_VALUE = "otlp-test-key-4b1d";
export const SENTRY_PUBLIC_KEY = "0123456789abcdef0123456789abcdef";
export const SENTRY_PROJECT = "42";

export interface ReceivedTraces {
  headers: Record<string, string>;
  body: any;
}
export interface ReceivedEnvelope {
  headers: Record<string, string>;
  url: string;
  /** The raw envelope text, for "this secret appears nowhere" assertions. */
  raw: string;
  header: any;
  items: { header: any; payload: any }[];
}

export interface ParsedEnvelope {
  header: any;
  items: { header: any; payload: any }[];
}

/** Parses a Sentry envelope (https://develop.sentry.dev/sdk/data-model/envelopes/). Throws when malformed. */
export function parseEnvelope(bytes: Buffer): ParsedEnvelope {
  let pos = 0;
  const readLine = (): Buffer => {
    const nl = bytes.indexOf(0x0a, pos);
    const end = nl === -1 ? bytes.length : nl;
    const line = bytes.subarray(pos, end);
    pos = nl === -1 ? bytes.length : nl + 1;
    return line;
  };
  const header = JSON.parse(readLine().toString("utf8"));
  const items: { header: any; payload: any }[] = [];
  while (pos < bytes.length) {
    const line = readLine();
    if (line.length === 0) continue;
    const itemHeader = JSON.parse(line.toString("utf8"));
    if (typeof itemHeader.type !== "string") throw new Error("item header without a type");
    let payload: Buffer;
    if (typeof itemHeader.length === "number") {
      payload = bytes.subarray(pos, pos + itemHeader.length);
      pos += itemHeader.length;
      if (bytes[pos] === 0x0a) pos++;
    } else payload = readLine();
    const text = payload.toString("utf8");
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    items.push({ header: itemHeader, payload: parsed });
  }
  return { header, items };
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    out[k] = Array.isArray(v) ? v.join(", ") : String(v ?? "");
  return out;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startTelemetryReceiver(port = 0) {
  const traces: ReceivedTraces[] = [];
  const envelopes: ReceivedEnvelope[] = [];
  const rejected: { path: string; status: number; reason: string }[] = [];
  const reject = (res: ServerResponse, path: string, status: number, reason: string) => {
    rejected.push({ path, status, reason });
    json(res, status, { error: reason });
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      if (req.method === "GET" && url.pathname === "/__received") {
        return json(res, 200, { traces, envelopes, rejected });
      }
      if (req.method === "POST" && url.pathname === "/v1/traces") {
        const body = await readBody(req);
        const type = String(req.headers["content-type"] ?? "");
        if (!type.startsWith("application/json"))
          return reject(res, url.pathname, 415, `unsupported content type ${type}`);
        if (req.headers[OTLP_AUTH_HEADER] !== OTLP_AUTH_VALUE)
          return reject(res, url.pathname, 401, "missing or wrong API key header");
        const parsed = JSON.parse(body.toString("utf8"));
        if (!Array.isArray(parsed.resourceSpans)) return reject(res, url.pathname, 400, "no resourceSpans");
        traces.push({ headers: headersOf(req), body: parsed });
        return json(res, 200, {});
      }
      const envelope = /^\/api\/([^/]+)\/envelope\/?$/.exec(url.pathname);
      if (req.method === "POST" && envelope) {
        const body = await readBody(req);
        const auth = String(req.headers["x-sentry-auth"] ?? "");
        const key = url.searchParams.get("sentry_key") ?? /sentry_key=([^,\s]+)/.exec(auth)?.[1];
        if (key !== SENTRY_PUBLIC_KEY) return reject(res, url.pathname, 401, "bad sentry_key");
        if (envelope[1] !== SENTRY_PROJECT) return reject(res, url.pathname, 404, "unknown project");
        const parsed = parseEnvelope(body);
        envelopes.push({
          headers: headersOf(req),
          url: req.url ?? "",
          raw: body.toString("utf8"),
          ...parsed,
        });
        return json(res, 200, { id: parsed.header?.event_id ?? null });
      }
      if (req.method === "GET" && url.pathname === "/") {
        res.writeHead(200, { "content-type": "text/html" });
        return res.end("<!doctype html><title>Telemetry Motors</title><p>No inventory today.</p>");
      }
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    } catch (err) {
      reject(res, url.pathname, 400, String((err as Error).message));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: actual } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${actual}`;
  return {
    url,
    sentryDsn: `http://${SENTRY_PUBLIC_KEY}@127.0.0.1:${actual}/${SENTRY_PROJECT}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
