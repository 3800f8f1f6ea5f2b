import { type Config, loadConfig } from "@forecourt/config";
import { parseMetricsSettings } from "@forecourt/observability";
import type { Context } from "hono";
import { createJwtVerifier, type JwtVerifier } from "../auth/jwt";
import type { HonoEnv } from "../env";
import { ApiError } from "../lib/errors";

const BEARER = /^Bearer +([^\s]+) *$/i;

const verifiers = new WeakMap<Config, JwtVerifier>();

async function sameSecret(a: string, b: string): Promise<boolean> {
  // Compare digests in constant time: neither length nor content leaks through timing.
  const enc = new TextEncoder();
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", enc.encode(a)),
    crypto.subtle.digest("SHA-256", enc.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}

/**
 * Who may read /metrics and /v1/health/ready: `Authorization: Bearer <METRICS_TOKEN>` (a Prometheus
 * scrape job's credential, nothing else), or a platform_admin JWT (an operator). Anything else is 401
 * (no or bad credential) or 403 (a valid JWT of another role).
 */
export async function requireOperator(c: Context<HonoEnv>): Promise<"metrics_token" | "platform_admin"> {
  const header = c.req.header("authorization");
  const match = header ? BEARER.exec(header) : null;
  if (!match) {
    throw new ApiError("unauthorized", "send Authorization: Bearer <METRICS_TOKEN> or a platform_admin JWT", {
      headers: { "WWW-Authenticate": 'Bearer realm="forecourt-operations"' },
    });
  }
  const presented = match[1]!;
  const { token } = parseMetricsSettings(c.env);
  if (token && (await sameSecret(presented, token))) return "metrics_token";
  let config: Config;
  try {
    config = loadConfig(c.env);
  } catch {
    throw new ApiError("unauthorized", "the credential is not valid");
  }
  let verifier = verifiers.get(config);
  if (!verifier) {
    verifier = createJwtVerifier(config.jwt);
    verifiers.set(config, verifier);
  }
  const principal = await verifier.verify(presented).catch(() => null);
  if (!principal)
    throw new ApiError("unauthorized", "the credential is not valid (neither METRICS_TOKEN nor a valid JWT)");
  if (principal.role !== "platform_admin") {
    throw new ApiError(
      "forbidden",
      "only platform operators (role platform_admin) or the METRICS_TOKEN may read this",
    );
  }
  c.set("principal", principal);
  return "platform_admin";
}
