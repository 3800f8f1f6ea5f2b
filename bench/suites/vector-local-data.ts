// Deterministic synthetic embeddings for the local vector store benchmark, generated identically in
// workerd (the bench Worker seeds the store with them) and in Node (exact ground truth for recall).
// Clustered, like real text embeddings: 256 random unit centres; each vector = centre + Gaussian noise,
// normalised (within-cluster cosine ~0.5-0.7). Queries are fresh points drawn the same way.

export const CLUSTERS = 256;
const NOISE = 0.06;

/** mulberry32 */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  n = Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

const centreCache = new Map<string, Float32Array[]>();
function centres(dims: number, seed: number): Float32Array[] {
  const key = `${dims}:${seed}`;
  let c = centreCache.get(key);
  if (!c) {
    const next = prng(seed ^ 0x5eed);
    c = Array.from({ length: CLUSTERS }, () =>
      normalise(Float32Array.from({ length: dims }, () => gaussian(next))),
    );
    centreCache.set(key, c);
  }
  return c;
}

/** Vector number `i` of the dataset (`kind` 0) or of the query set (`kind` 1). */
export function syntheticVector(dims: number, seed: number, i: number, kind: 0 | 1 = 0): Float32Array {
  const next = prng((seed * 7919) ^ (i * 2654435761) ^ (kind * 0x9e3779b9));
  const c = centres(dims, seed)[Math.floor(next() * CLUSTERS)]!;
  const v = new Float32Array(dims);
  for (let d = 0; d < dims; d++) v[d] = c[d]! + NOISE * gaussian(next);
  return normalise(v);
}
