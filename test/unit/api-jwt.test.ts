import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { JwtConfig } from "../../packages/config/src/index";
import { createJwtVerifier } from "../../workers/api/src/auth/jwt";
import { ApiError } from "../../workers/api/src/lib/errors";

const SECRET = "forecourt-dev-secret-not-for-production-0123456789";
const hsConfig: JwtConfig = {
  mode: "hs256",
  secret: SECRET,
  issuer: "iss-1",
  audience: "aud-1",
  algorithms: ["HS256"],
};
const jwksConfig: JwtConfig = {
  mode: "jwks",
  jwksUrl: "https://idp.example/jwks",
  issuer: "iss-1",
  audience: "aud-1",
  algorithms: ["RS256", "ES256"],
};

async function sign(
  key: CryptoKey | Uint8Array,
  alg: string,
  claims: Record<string, unknown> = {},
  kid?: string,
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: "dealer_staff", dealerships: ["dlr_a"], ...claims })
    .setProtectedHeader(kid ? { alg, kid } : { alg })
    .setSubject("u1")
    .setIssuer("iss-1")
    .setAudience("aud-1")
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(key);
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "accepted";
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe("unauthorized");
    return (err as ApiError).message;
  }
}

describe("JWT verification", async () => {
  const rsa = await generateKeyPair("RS256", { extractable: true });
  const ec = await generateKeyPair("ES256", { extractable: true });
  const jwks = createLocalJWKSet({
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256" },
      { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256" },
    ],
  });
  const prod = createJwtVerifier(jwksConfig, jwks);
  const dev = createJwtVerifier(hsConfig);
  const hsKey = new TextEncoder().encode(SECRET);

  it("accepts RS256 and ES256 from the JWKS in production mode", async () => {
    await expect(prod.verify(await sign(rsa.privateKey, "RS256", {}, "rsa-1"))).resolves.toMatchObject({
      kind: "user",
      subject: "u1",
      role: "dealer_staff",
      dealershipIds: ["dlr_a"],
    });
    await expect(prod.verify(await sign(ec.privateKey, "ES256", {}, "ec-1"))).resolves.toMatchObject({
      subject: "u1",
    });
  });

  it("production mode refuses HS256, even one keyed with the public key (algorithm confusion)", async () => {
    expect(await reason(prod.verify(await sign(hsKey, "HS256")))).toMatch(/algorithm/);
    const pem = new TextEncoder().encode(JSON.stringify(await exportJWK(rsa.publicKey)));
    expect(await reason(prod.verify(await sign(pem, "HS256", {}, "rsa-1")))).toMatch(/algorithm/);
  });

  it("development mode refuses RS256", async () => {
    expect(await reason(dev.verify(await sign(rsa.privateKey, "RS256")))).toMatch(/algorithm/);
  });

  it("refuses unknown kids, wrong signatures, and claim problems", async () => {
    const other = await generateKeyPair("RS256");
    expect(await reason(prod.verify(await sign(other.privateKey, "RS256", {}, "rsa-1")))).toMatch(
      /signature/,
    );
    expect(await reason(prod.verify(await sign(rsa.privateKey, "RS256", {}, "nope")))).toMatch(
      /unknown key|kid/,
    );
    expect(await reason(dev.verify(await sign(hsKey, "HS256", { role: "superuser" })))).toMatch(/claims/);
    expect(await reason(dev.verify(await sign(hsKey, "HS256", { dealerships: [] })))).toMatch(/dealerships/);
    expect(await reason(dev.verify(await sign(hsKey, "HS256", { dealerships: undefined })))).toMatch(
      /dealerships/,
    );
  });

  it("platform_admin needs no dealerships and gets none", async () => {
    await expect(
      dev.verify(await sign(hsKey, "HS256", { role: "platform_admin", dealerships: ["x"] })),
    ).resolves.toMatchObject({
      role: "platform_admin",
      dealershipIds: [],
    });
  });

  it("refuses oversized and non-JWT strings before parsing", async () => {
    expect(await reason(dev.verify("a".repeat(9000)))).toMatch(/larger than/);
    expect(await reason(dev.verify("not-a-jwt"))).toMatch(/three base64url parts/);
    expect(await reason(dev.verify("a.b.c"))).toMatch(/malformed/);
  });
});
