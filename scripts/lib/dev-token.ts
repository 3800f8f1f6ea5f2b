import { SignJWT } from "jose";
import { devVars } from "./dev-config";

export type DevRole = "platform_admin" | "dealer_admin" | "dealer_staff";

/** Signs a development JWT (HS256) with the local secret from wrangler.toml; never usable in production. */
export async function mintDevToken(opts: {
  role: DevRole;
  dealerships?: string[];
  subject?: string;
  ttlSeconds?: number;
}) {
  const vars = devVars();
  const secret = vars.JWT_HS256_SECRET;
  if (!secret)
    throw new Error("wrangler.toml [vars] has no JWT_HS256_SECRET: the dev token cannot be signed");
  if ((opts.role === "dealer_admin" || opts.role === "dealer_staff") && !opts.dealerships?.length) {
    throw new Error(`role ${opts.role} needs --dealership <id> (one or more)`);
  }
  return new SignJWT({ role: opts.role, dealerships: opts.dealerships ?? [] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(opts.subject ?? `dev-${opts.role}`)
    .setIssuer(vars.JWT_ISSUER ?? "forecourt-dev")
    .setAudience(vars.JWT_AUDIENCE ?? "forecourt-api")
    .setIssuedAt()
    .setExpirationTime(`${opts.ttlSeconds ?? 12 * 3600}s`)
    .sign(new TextEncoder().encode(secret));
}
