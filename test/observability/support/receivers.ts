import { createServer, type Server } from "node:http";
import { readText } from "../../support/http-body";

/**
 * Local alert receivers (Node http, port 0): one server that records every POST — path, headers, raw
 * body — like Slack's, PagerDuty's, a webhook's or an email API's endpoint would receive it. Tests read
 * what arrived with `GET /__received?path=<path>` (JSON list) and use unique paths per test.
 * Behaviour by path: `/fail/...` answers 500 (a channel outage); `/pagerduty/...` answers 202 with
 * PagerDuty's documented `{status, message, dedup_key}`; `/email/...` answers 200 `{id}` like Resend;
 * anything else 200 "ok" like Slack.
 */
export interface Received {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export async function startReceivers(): Promise<{ url: string; server: Server; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "GET" && url.pathname === "/__received") {
      const path = url.searchParams.get("path");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(received.filter((r) => !path || r.path === path)));
      return;
    }
    const body = await readText(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      headers[k] = Array.isArray(v) ? v.join(", ") : String(v);
    received.push({ path: url.pathname, method: req.method ?? "", headers, body });
    if (url.pathname.startsWith("/fail/")) {
      res.statusCode = 500;
      res.end("receiver down");
    } else if (url.pathname.startsWith("/pagerduty/")) {
      let dedup: unknown = null;
      try {
        dedup = JSON.parse(body).dedup_key;
      } catch {}
      res.statusCode = 202;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status: "success", message: "Event processed", dedup_key: dedup }));
    } else if (url.pathname.startsWith("/email/")) {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ id: `email-${received.length}` }));
    } else {
      res.end("ok");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, server, received };
}

/** Reads what a receiver path got (works from Node and from workerd). */
export async function receivedAt(base: string, path: string): Promise<Received[]> {
  const res = await fetch(`${base}/__received?path=${encodeURIComponent(path)}`);
  return (await res.json()) as Received[];
}
