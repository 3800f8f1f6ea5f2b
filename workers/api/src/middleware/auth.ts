import type { Config } from "@forecourt/config";
import type { MiddlewareHandler } from "hono";
import { createJwtVerifier, type JwtVerifier } from "../auth/jwt";
import type { HonoEnv } from "../env";
import { dealershipLimits } from "../lib/dealership-limits";
import { ApiError } from "../lib/errors";

/**
 * Which credential a path takes:
 * - `none`: /v1/health (and everything outside /v1: /openapi.json, /docs)
 * - `api_key`: /v1/public/* — publishable key in X-Api-Key only; a bearer token is not accepted there
 *   (dealer websites must never hold staff tokens, and a leaked key must never unlock staff routes)
 * - `any`: /v1/vins/* — a bearer JWT or a publishable key
 * - `bearer`: every other /v1 route — a JWT in `Authorization: Bearer`
 */
export type AuthMode = "none" | "bearer" | "api_key" | "any";

export function authModeFor(path: string): AuthMode {
  // /v1/health/ready checks its own credential (METRICS_TOKEN or a platform_admin JWT): metrics/operator-auth.ts
  if (!path.startsWith("/v1/") || path === "/v1/health" || path === "/v1/health/ready") return "none";
  if (path === "/v1/public" || path.startsWith("/v1/public/")) return "api_key";
  if (path.startsWith("/v1/vins/")) return "any";
  return "bearer";
}

const verifiers = new WeakMap<Config, JwtVerifier>();
function verifierFor(config: Config): JwtVerifier {
  let v = verifiers.get(config);
  if (!v) {
    v = createJwtVerifier(config.jwt);
    verifiers.set(config, v);
  }
  return v;
}

const BEARER = /^Bearer +([^\s]+) *$/i;

export function authenticate(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const mode = authModeFor(new URL(c.req.url).pathname);
    if (mode === "none") return next();
    const authorization = c.req.header("authorization");
    const apiKey = c.req.header("x-api-key");

    const useKey = mode === "api_key" || (mode === "any" && !authorization && apiKey !== undefined);
    if (useKey) {
      if (apiKey === undefined) {
        throw new ApiError(
          "unauthorized",
          authorization
            ? "public routes take a publishable API key in the X-Api-Key header, not a bearer token"
            : "send your publishable API key in the X-Api-Key header",
          { headers: { "WWW-Authenticate": 'ApiKey header="X-Api-Key"' } },
        );
      }
      const principal = await c.get("services").apiKeys.authenticate(apiKey.trim());
      if (!principal) {
        throw new ApiError("unauthorized", "the API key is not valid (unknown, revoked or malformed)", {
          headers: { "WWW-Authenticate": 'ApiKey header="X-Api-Key"' },
        });
      }
      c.set("principal", principal);
      c.set("dealershipId", principal.dealershipId);
      const limits = await dealershipLimits(c.get("services"), principal.dealershipId);
      if (limits.status === "disabled") {
        throw new ApiError("forbidden", "this dealership's public API is disabled; contact the dealership");
      }
      return next();
    }

    if (!authorization) {
      throw new ApiError(
        "unauthorized",
        apiKey !== undefined
          ? "X-Api-Key only works on /v1/public/* routes; this route needs Authorization: Bearer <JWT>"
          : "send a JWT in the Authorization header: Authorization: Bearer <token>",
      );
    }
    const match = BEARER.exec(authorization);
    if (!match) throw new ApiError("unauthorized", "the Authorization header must be: Bearer <token>");
    const principal = await verifierFor(c.get("config")).verify(match[1]!);
    c.set("principal", principal);
    return next();
  };
}
