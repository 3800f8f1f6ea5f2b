import type { EmbeddingModel, EmbeddingResult } from "../types";

export interface EmbeddingCacheOptions {
  /** Most vectors kept (least recently used evicted first); default 10,000. */
  maxEntries?: number;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * An LRU cache in front of an embedding model, keyed by provider, model id, dimensions and sha256(text): a
 * batch embeds only its misses (each distinct text once), in one call to the model, and returns vectors in
 * input order. Usage reports only what the model was actually asked (hits cost nothing). Vectors are copied
 * out so callers cannot corrupt the cache. In-memory per isolate: a Worker's cache lives as long as its isolate.
 */
export class CachedEmbeddingModel implements EmbeddingModel {
  readonly #lru = new Map<string, number[]>();
  readonly #max: number;
  hits = 0;
  misses = 0;

  constructor(
    private readonly inner: EmbeddingModel,
    options: EmbeddingCacheOptions = {},
  ) {
    this.#max = Math.max(1, options.maxEntries ?? 10_000);
  }
  get provider() {
    return this.inner.provider;
  }
  get modelId() {
    return this.inner.modelId;
  }
  get dimensions() {
    return this.inner.dimensions;
  }
  get limits() {
    return this.inner.limits;
  }
  get pricing() {
    return this.inner.pricing;
  }
  get size(): number {
    return this.#lru.size;
  }
  cost(usage: { inputTokens: number }): number {
    return this.inner.cost(usage);
  }

  async embed(texts: string[], options?: { signal?: AbortSignal }): Promise<EmbeddingResult> {
    if (!Array.isArray(texts)) return this.inner.embed(texts, options);
    const prefix = `${this.inner.provider}\u0000${this.inner.modelId}\u0000${this.inner.dimensions}\u0000`;
    const keys = await Promise.all(
      texts.map(async (t) => (typeof t === "string" ? prefix + (await sha256Hex(t)) : "")),
    );
    const out: (number[] | undefined)[] = new Array(texts.length);
    const missIndex = new Map<string, number[]>(); // key -> positions
    const missTexts: string[] = [];
    keys.forEach((k, i) => {
      const hit = k ? this.#lru.get(k) : undefined;
      if (hit) {
        this.#lru.delete(k);
        this.#lru.set(k, hit);
        out[i] = hit.slice();
        this.hits++;
        return;
      }
      const pos = missIndex.get(k);
      if (pos && k) pos.push(i);
      else {
        missIndex.set(k || `#${i}`, [i]);
        missTexts.push(texts[i]!);
      }
    });
    let inputTokens = 0;
    if (missTexts.length > 0) {
      // Invalid texts reach the model, which rejects them with its usual clear error.
      const r = await this.inner.embed(missTexts, options);
      inputTokens = r.usage.inputTokens;
      [...missIndex.entries()].forEach(([k, positions], j) => {
        const v = r.embeddings[j]!;
        this.misses++;
        for (const p of positions) out[p] = v.slice();
        if (!k.startsWith("#")) {
          this.#lru.set(k, v.slice());
          if (this.#lru.size > this.#max) this.#lru.delete(this.#lru.keys().next().value!);
        }
      });
    }
    return { embeddings: out as number[][], usage: { inputTokens } };
  }
}
