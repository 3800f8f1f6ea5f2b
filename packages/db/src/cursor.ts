import { InvalidCursorError } from "./repositories";

/**
 * Opaque cursors: base64url of a JSON array whose last element is a checksum of the rest. The checksum
 * makes edited or truncated cursors fail loudly (InvalidCursorError) instead of silently starting
 * somewhere odd. It is not a signature: a cursor carries no authority (every query is still scoped to
 * the caller's dealership and fully parameterised), so forging one gains nothing.
 */

export function encodeCursor(payload: readonly unknown[]): string {
  const body = JSON.stringify(payload);
  return toBase64Url(JSON.stringify([...payload, checksum(body)]));
}

/** The payload of a cursor made by `encodeCursor`; InvalidCursorError if malformed or altered. */
export function decodeCursor(token: string): unknown[] {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(token) || token.length > 2048) throw new Error("bad alphabet");
    parsed = JSON.parse(fromBase64Url(token));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length < 2) throw new InvalidCursorError();
  const payload = parsed.slice(0, -1);
  if (parsed[parsed.length - 1] !== checksum(JSON.stringify(payload))) throw new InvalidCursorError();
  return payload;
}

/** 53-bit string hash (cyrb53), base36. Also used to fingerprint a query inside its cursors. */
export function checksum(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function toBase64Url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(token: string): string {
  const binary = atob(token.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
}
