import { env } from "cloudflare:workers";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";

const vars = env as unknown as { JWT_HS256_SECRET: string; JWT_ISSUER: string; JWT_AUDIENCE: string };

export type Role = "platform_admin" | "dealer_admin" | "dealer_staff";

export interface TokenOptions {
  sub?: string;
  dealerships?: string[];
  issuer?: string;
  audience?: string;
  /** Seconds from now (negative = already expired). */
  expiresIn?: number;
  /** Seconds from now for nbf. */
  notBefore?: number;
  secret?: string;
  extraClaims?: Record<string, unknown>;
  omitExp?: boolean;
}

/** A dev token signed HS256 with the Worker's local secret, like `npm run token` prints. */
export async function mintToken(role: Role, opts: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { role, ...opts.extraClaims };
  if (opts.dealerships !== undefined) claims.dealerships = opts.dealerships;
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(opts.sub ?? `user-${role}`)
    .setIssuer(opts.issuer ?? vars.JWT_ISSUER)
    .setAudience(opts.audience ?? vars.JWT_AUDIENCE)
    .setIssuedAt(now);
  if (!opts.omitExp) jwt = jwt.setExpirationTime(now + (opts.expiresIn ?? 3600));
  if (opts.notBefore !== undefined) jwt = jwt.setNotBefore(now + opts.notBefore);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? vars.JWT_HS256_SECRET));
}

export const platformAdmin = (sub = "ops-1") => mintToken("platform_admin", { sub });
export const dealerAdmin = (dealershipId: string, sub = `admin-${dealershipId}`) =>
  mintToken("dealer_admin", { sub, dealerships: [dealershipId] });
export const dealerStaff = (dealershipId: string, sub = `staff-${dealershipId}`) =>
  mintToken("dealer_staff", { sub, dealerships: [dealershipId] });

const b64url = (s: string) => btoa(s).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

/** An unsecured token (`alg: none`) with otherwise valid claims. */
export function algNoneToken(role: Role = "platform_admin", dealerships?: string[]): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: "none", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({
      sub: "attacker",
      role,
      dealerships,
      iss: vars.JWT_ISSUER,
      aud: vars.JWT_AUDIENCE,
      iat: now,
      exp: now + 3600,
    }),
  );
  return `${header}.${payload}.`;
}

/** A token signed RS256 with a fresh key pair, plus its public key PEM (for confusion attacks). */
export async function rs256Token(
  role: Role = "platform_admin",
): Promise<{ token: string; publicPem: string }> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ role })
    .setProtectedHeader({ alg: "RS256" })
    .setSubject("attacker")
    .setIssuer(vars.JWT_ISSUER)
    .setAudience(vars.JWT_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
  return { token, publicPem: await exportSPKI(publicKey) };
}

/** The classic HS/RS confusion: an HS256 token whose HMAC key is the server's (RSA) public key PEM. */
export async function hsSignedWithPublicKey(
  publicPem: string,
  role: Role = "platform_admin",
): Promise<string> {
  return mintToken(role, { secret: publicPem, sub: "attacker" });
}
