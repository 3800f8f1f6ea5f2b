import { jobSnapshot } from "@forecourt/services";
import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { ApiError, openApiErrorResponses } from "../lib/errors";
import { bearerSecurity, principalOf } from "../lib/route";
import { PROGRESS_PROTOCOL, SELECTED_PROTOCOL_HEADER } from "../progress/durable-object";
import { JobIdParams } from "../schemas/job";

const route = createRoute({
  tags: ["scrapes"],
  operationId: "watchJob",
  method: "get",
  path: "/v1/jobs/{jobId}/ws",
  summary: "Live progress of a scrape job over a WebSocket",
  description: [
    "Upgrade to a WebSocket (`Upgrade: websocket`). Authentication and tenant scope are checked before the upgrade (401/404 as usual).",
    "Browsers cannot set headers on WebSockets: offer the token as a subprotocol, `new WebSocket(url, ['forecourt.v1', 'bearer.' + jwt])`; the server selects `forecourt.v1` (never echoes the token). Other clients may send `Authorization: Bearer`.",
    'Frames are JSON: `{"type":"progress","job":<Job>,"final":bool}`, first the current state, then after every change (`job.version` increases). Send `"get"` to receive the state again; `"ping"` answers `"pong"`.',
    "A request without an Upgrade header gets 426.",
  ].join("\n\n"),
  security: bearerSecurity,
  request: { params: JobIdParams },
  responses: {
    101: { description: "Switching protocols: the WebSocket." },
    ...openApiErrorResponses,
    426: { description: "Not a WebSocket upgrade request." },
  },
});

export const registerV1JobsWs = (app: App) =>
  app.openapi(route, async (c) => {
    // Tenant scope first: another dealership's job is a 404 and nothing reaches the Durable Object.
    const job = await c.get("services").scraping.get(principalOf(c), c.req.valid("param").jobId);
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError("upgrade_required", "this route is a WebSocket: send Upgrade: websocket", {
        headers: { Upgrade: "websocket" },
      });
    }
    const namespace = c.env.JOB_PROGRESS;
    if (!namespace)
      throw new ApiError("service_unavailable", "live progress is not configured; poll GET /v1/jobs/{jobId}");
    const stub = namespace.get(namespace.idFromName(job.id));
    // Seed the object with the database state (a no-op when it already holds a newer snapshot).
    await stub.publish(jobSnapshot(job));
    const offered = (c.req.header("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
    const forward = new Headers({ Upgrade: "websocket" });
    if (offered.includes(PROGRESS_PROTOCOL)) forward.set(SELECTED_PROTOCOL_HEADER, PROGRESS_PROTOCOL);
    const upstream = await stub.fetch("https://job-progress.internal/ws", { headers: forward });
    if (upstream.status !== 101 || !upstream.webSocket) {
      throw new ApiError(
        "service_unavailable",
        "live progress is unavailable right now; poll GET /v1/jobs/{jobId}",
      );
    }
    const headers = new Headers({ "X-Request-Id": c.get("requestId") });
    const selected = upstream.headers.get("Sec-WebSocket-Protocol");
    if (selected) headers.set("Sec-WebSocket-Protocol", selected);
    return new Response(null, { status: 101, webSocket: upstream.webSocket, headers }) as never;
  });
