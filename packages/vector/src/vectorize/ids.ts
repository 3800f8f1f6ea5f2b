import { byteLength } from "../validate";

/** Vectorize ids are at most 64 bytes and unique across the whole index (not per namespace). */
export const VECTORIZE_MAX_ID_BYTES = 64;

/**
 * The Vectorize id of (namespace, id): `namespace/id` when that fits in 64 bytes (namespaces cannot
 * contain "/", so it is unambiguous), else `#` + base64url(SHA-256(namespace NUL id)). Either way two
 * namespaces never share a Vectorize id, so `getByIds`/`deleteByIds` (not namespace-scoped in the
 * binding) can never reach another tenant's vector. The caller's id is also kept in metadata `__id`.
 */
export async function vectorizeId(namespace: string, id: string): Promise<string> {
  const plain = `${namespace}/${id}`;
  if (byteLength(plain) <= VECTORIZE_MAX_ID_BYTES) return plain;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${namespace}\u0000${id}`));
  let bin = "";
  for (const b of new Uint8Array(digest)) bin += String.fromCharCode(b);
  return `#${btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/** The caller's id from a Vectorize id, when it is the readable form for this namespace. */
export function callerIdFromVectorizeId(namespace: string, vid: string): string | null {
  return vid.startsWith(`${namespace}/`) ? vid.slice(namespace.length + 1) : null;
}
