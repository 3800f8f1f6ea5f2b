import type { MiddlewareHandler } from "hono";
import type { HonoEnv } from "../env";

/** Routes that upgrade to a WebSocket (browsers cannot set headers on those). */
export const WEBSOCKET_PATH = /^\/v1\/jobs\/[^/]+\/ws\/?$/;
const BEARER_PROTOCOL = /^bearer\.([A-Za-z0-9_\-.]+)$/;

/**
 * Browsers cannot send `Authorization` with a WebSocket, so on WebSocket routes the JWT may travel as a
 * subprotocol: `new WebSocket(url, ["forecourt.v1", "bearer." + token])`. This moves it into the
 * Authorization header before the one auth middleware runs (same verification, same claims); the reply
 * selects only `forecourt.v1`, never echoing the token. Not a query parameter: URLs end up in logs.
 * An explicit Authorization header wins.
 */
export function websocketCredentials(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    if (c.req.header("authorization") || !WEBSOCKET_PATH.test(new URL(c.req.url).pathname)) return next();
    const offered = (c.req.header("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
    const token = offered.map((p) => BEARER_PROTOCOL.exec(p)?.[1]).find((t) => t !== undefined);
    if (token) {
      const headers = new Headers(c.req.raw.headers);
      headers.set("Authorization", `Bearer ${token}`);
      c.req.raw = new Request(c.req.raw, { headers });
    }
    return next();
  };
}
