import type { JwtConfig } from "@forecourt/config";
import { type Principal, ROLES } from "@forecourt/domain";
import { z } from "@hono/zod-openapi";
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { ApiError } from "../lib/errors";

/** Tokens larger than this are refused before any parsing. */
export const MAX_TOKEN_BYTES = 8 * 1024;
/** Allowed clock skew for exp/nbf/iat, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 5;

const ClaimsSchema = z
  .object({
    sub: z.string().min(1).max(256),
    role: z.enum(ROLES),
    dealerships: z.array(z.string().min(1).max(64)).max(500).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.role !== "platform_admin" && (!c.dealerships || c.dealerships.length === 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["dealerships"],
        message: `role ${c.role} needs a non-empty dealerships claim`,
      });
    }
  });

export type KeyResolver = Uint8Array | JWTVerifyGetKey;

export interface JwtVerifier {
  verify(token: string): Promise<Extract<Principal, { kind: "user" }>>;
}

// JWKS sets cache keys and honour cooldowns across requests; keep one per URL per isolate.
const remoteSets = new Map<string, JWTVerifyGetKey>();

/**
 * HS256 with the shared secret (development/test) or RS256/ES256 from the JWKS URL (staging/production).
 * The accepted algorithms are pinned per mode, so `alg: none` and HS/RS confusion (an HS256 token
 * "signed" with the RSA public key) fail. `exp` is required; `nbf`, `iss` and `aud` are enforced.
 * `keyOverride` lets tests verify RS/ES tokens against a local JWK set.
 */
export function createJwtVerifier(config: JwtConfig, keyOverride?: KeyResolver): JwtVerifier {
  let key: KeyResolver;
  if (keyOverride) key = keyOverride;
  else if (config.mode === "hs256") key = new TextEncoder().encode(config.secret);
  else {
    let set = remoteSets.get(config.jwksUrl);
    if (!set) {
      set = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 });
      remoteSets.set(config.jwksUrl, set);
    }
    key = set;
  }
  return {
    async verify(token) {
      if (token.length > MAX_TOKEN_BYTES) {
        throw new ApiError("unauthorized", `bearer token is larger than ${MAX_TOKEN_BYTES} bytes`);
      }
      if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
        throw new ApiError("unauthorized", "bearer token is not a JWT (expected three base64url parts)");
      }
      let payload: JWTPayload;
      try {
        const result = await jwtVerify(token, key as Uint8Array, {
          algorithms: [...config.algorithms],
          issuer: config.issuer,
          audience: config.audience,
          requiredClaims: ["exp", "sub"],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        });
        payload = result.payload;
      } catch (err) {
        throw jwtError(err);
      }
      // jose checks `iat` only against a maxTokenAge; a token "issued" in the future is a forged or
      // mis-clocked token (and would outlive any age limit), so it is refused like a future `nbf`.
      if (typeof payload.iat === "number" && payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) {
        throw new ApiError("unauthorized", "token is not valid yet (iat is in the future)");
      }
      const claims = ClaimsSchema.safeParse(payload);
      if (!claims.success) {
        const first = claims.error.issues[0];
        throw new ApiError(
          "unauthorized",
          `token claims are invalid: ${first ? `${first.path.join(".") || "claims"}: ${first.message}` : "bad claims"}`,
        );
      }
      const { sub, role, dealerships } = claims.data;
      return {
        kind: "user",
        subject: sub,
        role,
        dealershipIds: role === "platform_admin" ? [] : [...new Set(dealerships)],
      };
    },
  };
}

function jwtError(err: unknown): ApiError {
  if (err instanceof errors.JWTExpired)
    return new ApiError("unauthorized", "token has expired; get a new one");
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === "nbf")
      return new ApiError("unauthorized", "token is not valid yet (nbf is in the future)");
    if (err.claim === "iss" || err.claim === "aud") {
      return new ApiError("unauthorized", `token was not issued for this API (${err.claim} does not match)`);
    }
    return new ApiError("unauthorized", `token claim ${err.claim} is invalid: ${err.reason}`);
  }
  if (err instanceof errors.JOSENotSupported && /Extension Header Parameter/i.test(err.message)) {
    return new ApiError("unauthorized", "token has a critical header (crit) this API does not support");
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) {
    return new ApiError("unauthorized", "token signing algorithm is not accepted here");
  }
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return new ApiError("unauthorized", "token signature is invalid");
  if (err instanceof errors.JWKSNoMatchingKey)
    return new ApiError("unauthorized", "token was signed with an unknown key (kid)");
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
    return new ApiError("service_unavailable", "signing keys could not be loaded; try again shortly");
  }
  return new ApiError("unauthorized", "bearer token is malformed");
}
