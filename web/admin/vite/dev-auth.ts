import type { IncomingMessage, ServerResponse } from "node:http";
import type { Connect, Plugin } from "vite";
import { type DevRole, mintDevToken } from "../../../scripts/lib/dev-token";

const ROLES: DevRole[] = ["platform_admin", "dealer_admin", "dealer_staff"];
const DEALERSHIP_ID = /^dlr_[0-9a-z]{26}$/;
export const DEV_TOKEN_PATH = "/__dev/token";

function send(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let raw = "";
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 10_000) throw new Error("body too large");
  }
  return raw ? JSON.parse(raw) : {};
}

/** Loopback callers only: the endpoint signs tokens with the local development secret. */
function isLoopback(req: IncomingMessage) {
  const a = req.socket.remoteAddress ?? "";
  return a === "127.0.0.1" || a === "::1" || a === "::ffff:127.0.0.1";
}

const middleware: Connect.NextHandleFunction = (req, res, next) => {
  if (!req.url?.startsWith(DEV_TOKEN_PATH)) return next();
  if (!isLoopback(req)) return send(res, 403, { error: { message: "dev sign-in is loopback-only" } });
  if (req.method === "GET") return send(res, 200, { available: true, roles: ROLES });
  if (req.method !== "POST") return send(res, 405, { error: { message: "GET or POST" } });
  readJson(req)
    .then(async (body) => {
      const { role, dealerships } = (body ?? {}) as { role?: unknown; dealerships?: unknown };
      if (!ROLES.includes(role as DevRole)) {
        return send(res, 400, { error: { message: `role must be one of ${ROLES.join(", ")}` } });
      }
      const ids = Array.isArray(dealerships) ? dealerships : [];
      if (!ids.every((d) => typeof d === "string" && DEALERSHIP_ID.test(d))) {
        return send(res, 400, { error: { message: "dealerships must be dealership ids (dlr_…)" } });
      }
      const token = await mintDevToken({
        role: role as DevRole,
        dealerships: ids as string[],
        subject: `dev-ui-${role}`,
        ttlSeconds: 8 * 3600,
      });
      send(res, 200, { token });
    })
    .catch((err: Error) => send(res, 400, { error: { message: err.message } }));
};

/**
 * Development sign-in for `vite` and `vite preview` (npm start, the browser tests): `GET /__dev/token` says
 * it is available, `POST /__dev/token {role, dealerships}` returns an HS256 JWT signed with the local secret
 * from wrangler.toml [vars]. It runs in the Node dev/preview server only: the secret never reaches the
 * bundle, and a Pages deployment has no such endpoint (the sign-in screen then offers JWT paste only).
 */
export function devAuth(): Plugin {
  return {
    name: "forecourt-dev-auth",
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
