/** Fixed name-space UUID for Forecourt vector point ids (random, generated once). */
const POINT_NAMESPACE = "6f1d3b52-8e4a-4c59-9a67-2f0c5b7d9e13";

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, "");
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Qdrant point ids must be unsigned integers or UUIDs. The point id of (namespace, id) is a UUID v5
 * (RFC 9562: SHA-1 over a name-space UUID and the name) of `namespace NUL id`: deterministic, so
 * re-upserts replace, and distinct per namespace, so two tenants never share a point. The caller's id
 * is kept in the payload (`__id`) and returned from there.
 */
export async function pointId(namespace: string, id: string): Promise<string> {
  const name = new TextEncoder().encode(`${namespace}\u0000${id}`);
  const ns = uuidBytes(POINT_NAMESPACE);
  const buf = new Uint8Array(ns.length + name.length);
  buf.set(ns);
  buf.set(name, ns.length);
  const h = new Uint8Array(await crypto.subtle.digest("SHA-1", buf)).slice(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = Array.from(h, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
