import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import { readBody } from "../../support/http-body";
import { startOpenAIWireServer } from "../../support/vendors/openai-wire-server";

/**
 * globalSetup of the `embedder` project: the OpenAI wire-format server (test/support/vendors), behind a
 * small front that the tests can switch into an outage: `POST /__admin/outage?on=1` makes every API call
 * answer 503 in OpenAI's error shape until `?on=0`. `GET /__admin/stats` counts embedding calls and texts.
 * Provides `embedderOpenAI` (the base URL ending in /v1) to the Worker as OPENAI_BASE_URL.
 */
declare module "vitest" {
  export interface ProvidedContext {
    embedderOpenAI: string;
  }
}

export default async function setup(project: TestProject) {
  const wire = await startOpenAIWireServer(0);
  let outage = false;
  const stats = { calls: 0, texts: 0, refused: 0 };
  const front: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/__admin/outage" && req.method === "POST") {
      outage = url.searchParams.get("on") === "1";
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ outage }));
      return;
    }
    if (url.pathname === "/__admin/stats") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...stats, outage }));
      return;
    }
    const body = await readBody(req);
    if (outage) {
      stats.refused++;
      res.writeHead(503, { "content-type": "application/json" }).end(
        JSON.stringify({
          error: {
            message: "The engine is currently overloaded, please try again later.",
            type: "server_error",
            param: null,
            code: null,
          },
        }),
      );
      return;
    }
    if (url.pathname.endsWith("/embeddings")) {
      stats.calls++;
      try {
        const input = (JSON.parse(body.toString("utf8")) as { input?: unknown }).input;
        stats.texts += Array.isArray(input) ? input.length : 1;
      } catch {}
    }
    const upstream = await fetch(`${wire.url}${url.pathname}${url.search}`, {
      method: req.method,
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(
          ([k, v]) => typeof v === "string" && !["host", "content-length", "connection"].includes(k),
        ),
      ) as Record<string, string>,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
    });
    const headers: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (!["content-length", "transfer-encoding", "connection", "content-encoding"].includes(k))
        headers[k] = v;
    });
    res.writeHead(upstream.status, headers).end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const { port } = front.address() as AddressInfo;
  project.provide("embedderOpenAI", `http://127.0.0.1:${port}/v1`);
  return async () => {
    front.closeAllConnections();
    await new Promise<void>((resolve) => front.close(() => resolve()));
    await wire.close();
  };
}
