import { DEFAULT_EMBEDDING_MODEL } from "../catalog";
import { approxTokens } from "../tokens";
import type { EmbeddingModel, EmbeddingResult } from "../types";
import { LlmError } from "../types";
import { validateEmbeddingInput } from "../validate";
import { STOPWORDS, stem, textConcepts, words } from "./lexicon";

/**
 * `local-hashing-384`: a deterministic feature-hashing embedder. NOT a neural model and no weights: each text
 * becomes a bag of features -- words (weight 1), character trigrams of each word (0.25 each, for typos and
 * spellings like "Silverado"/"silverado1500"), adjacent word pairs (0.5) and lexicon concepts (2.5: "pickup"
 * and "F-150" both give `body:truck`) -- hashed (FNV-1a, signed) into 384 buckets and scaled to unit length.
 * Similar vocabulary => similar vectors; it knows nothing beyond its lexicon.
 */
export const LOCAL_EMBEDDING_DIMENSIONS = 384;

const W_WORD = 1;
const W_TRIGRAM = 0.25;
const W_PAIR = 0.5;
const W_CONCEPT = 2.5;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // final avalanche (murmur3 fmix32) so nearby strings spread over buckets
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function add(v: Float64Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  const i = h % v.length;
  v[i] = v[i]! + (h & 0x80000000 ? -weight : weight);
}

/** The raw vector of one text (unit length; a text with no features maps to a fixed unit vector). */
export function hashingEmbedding(text: string, dimensions = LOCAL_EMBEDDING_DIMENSIONS): number[] {
  const v = new Float64Array(dimensions);
  const ws = words(text.length > 100_000 ? text.slice(0, 100_000) : text);
  const content: string[] = [];
  for (const w of ws) {
    if (STOPWORDS.has(w)) continue;
    const s = stem(w);
    content.push(s);
    add(v, `w:${s}`, W_WORD);
    const compactW = s.replace(/[-.]/g, "");
    if (compactW !== s) add(v, `w:${compactW}`, W_WORD * 0.5);
    const padded = ` ${compactW} `;
    if (padded.length > 4)
      for (let i = 0; i + 3 <= padded.length; i++) add(v, `t:${padded.slice(i, i + 3)}`, W_TRIGRAM);
  }
  for (let i = 0; i + 1 < content.length; i++) add(v, `p:${content[i]} ${content[i + 1]}`, W_PAIR);
  for (const c of new Set(textConcepts(ws))) add(v, `c:${c}`, W_CONCEPT);
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm === 0) {
    add(v, "empty", 1);
    norm = 1;
  }
  const n = Math.sqrt(norm);
  const out = new Array<number>(dimensions);
  for (let i = 0; i < dimensions; i++) out[i] = v[i]! / n;
  return out;
}

export interface LocalEmbeddingOptions {
  provider: "local";
  /** Only 384 (the default) is offered, matching bge-small-en-v1.5 so indexes can share a size. */
  dimensions?: 384;
}

export class LocalHashingEmbeddingModel implements EmbeddingModel {
  readonly provider = "local";
  readonly modelId = DEFAULT_EMBEDDING_MODEL.local;
  readonly dimensions = LOCAL_EMBEDDING_DIMENSIONS;
  readonly limits = { maxBatch: 1024, maxInputTokens: 100_000 };
  readonly pricing = { inputPerMTok: 0 };

  constructor(options: Omit<LocalEmbeddingOptions, "provider"> = {}) {
    if (options.dimensions !== undefined && options.dimensions !== LOCAL_EMBEDDING_DIMENSIONS) {
      throw new LlmError("local", "unsupported", `local: ${this.modelId} only produces 384 dimensions`, {
        retryable: false,
      });
    }
  }

  cost(): number {
    return 0;
  }

  async embed(texts: string[], options?: { signal?: AbortSignal }): Promise<EmbeddingResult> {
    validateEmbeddingInput(this.provider, texts);
    const embeddings: number[][] = [];
    let inputTokens = 0;
    for (const t of texts) {
      if (options?.signal?.aborted)
        throw new LlmError("local", "timeout", "local: the call was aborted", { retryable: false });
      embeddings.push(hashingEmbedding(t));
      inputTokens += approxTokens(t);
    }
    return { embeddings, usage: { inputTokens } };
  }
}
