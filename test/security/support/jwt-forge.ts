/**
 * Hand-built JWS compact tokens: any header, any payload, any signature. Built with WebCrypto directly
 * (not jose's SignJWT, which refuses to produce most of these), so the attacks are exactly what an
 * attacker would send.
 */

const enc = new TextEncoder();

export function b64url(input: string | Uint8Array): string {
  const bytes = typeof input === "string" ? enc.encode(input) : input;
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

export type Json = Record<string, unknown>;

export function segments(header: Json | string, payload: Json | string): string {
  const h = typeof header === "string" ? header : JSON.stringify(header);
  const p = typeof payload === "string" ? payload : JSON.stringify(payload);
  return `${b64url(h)}.${b64url(p)}`;
}

const HMAC_HASH: Record<string, string> = { HS256: "SHA-256", HS384: "SHA-384", HS512: "SHA-512" };

/** HMAC-signed token; `key` may be anything (a PEM, a JWK's JSON, bytes, even empty). */
export async function hmacToken(
  header: Json,
  payload: Json | string,
  key: string | Uint8Array,
): Promise<string> {
  const alg = String(header.alg ?? "HS256");
  const raw = typeof key === "string" ? enc.encode(key) : key;
  // WebCrypto refuses a zero-length HMAC key; an attacker's "empty key" is one zero byte of padding.
  const k = await crypto.subtle.importKey(
    "raw",
    raw.length ? raw : new Uint8Array(1),
    { name: "HMAC", hash: HMAC_HASH[alg] ?? "SHA-256" },
    false,
    ["sign"],
  );
  const input = segments(header, payload);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(input)));
  return `${input}.${b64url(sig)}`;
}

/** RS256 / PS256 / ES256 token signed with a private JWK. */
export async function asymToken(header: Json, payload: Json, privateJwk: JsonWebKey): Promise<string> {
  const alg = String(header.alg);
  type Params = Parameters<typeof crypto.subtle.importKey>[2];
  let importAlg: Params;
  let signAlg: Parameters<typeof crypto.subtle.sign>[0];
  if (alg.startsWith("RS")) {
    importAlg = { name: "RSASSA-PKCS1-v1_5", hash: `SHA-${alg.slice(2)}` };
    signAlg = "RSASSA-PKCS1-v1_5";
  } else if (alg.startsWith("PS")) {
    importAlg = { name: "RSA-PSS", hash: `SHA-${alg.slice(2)}` };
    signAlg = { name: "RSA-PSS", saltLength: Number(alg.slice(2)) / 8 };
  } else {
    importAlg = { name: "ECDSA", namedCurve: "P-256" };
    signAlg = { name: "ECDSA", hash: "SHA-256" };
  }
  const {
    alg: _a,
    kid: _k,
    use: _u,
    key_ops: _o,
    ...jwk
  } = privateJwk as JsonWebKey & { kid?: string; use?: string };
  const key = await crypto.subtle.importKey("jwk", jwk, importAlg, false, ["sign"]);
  const input = segments(header, payload);
  const sig = new Uint8Array(await crypto.subtle.sign(signAlg, key, enc.encode(input)));
  return `${input}.${b64url(sig)}`;
}

/** Standard claims valid for `seconds` from now. */
export function claims(extra: Json, iss: string, aud: string, seconds = 600): Json {
  const now = Math.floor(Date.now() / 1000);
  return { sub: "attacker-1", iss, aud, iat: now, exp: now + seconds, ...extra };
}
