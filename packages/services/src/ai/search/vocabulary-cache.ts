/**
 * The query parser's vocabulary per dealership (its own make and model names, its currency), cached per
 * isolate for a short time: semantic search and every chat question otherwise run one facets query (the
 * dealership's make/model counts) before each search. A vehicle of a new make is recognised as a make filter
 * at most `VOCABULARY_TTL_MS` later; until then its name still reaches the vector search as free text.
 */
export interface Vocabulary {
  makes: string[];
  models: string[];
  currency: string;
}

export const VOCABULARY_TTL_MS = 60_000;
const MAX_ENTRIES = 2_000;

const entries = new Map<string, { value: Vocabulary; expires: number }>();

export function cachedVocabulary(dealershipId: string, now: number): Vocabulary | undefined {
  const hit = entries.get(dealershipId);
  if (!hit) return undefined;
  if (hit.expires <= now) {
    entries.delete(dealershipId);
    return undefined;
  }
  return hit.value;
}

export function rememberVocabulary(dealershipId: string, value: Vocabulary, now: number): void {
  entries.delete(dealershipId);
  if (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  entries.set(dealershipId, { value, expires: now + VOCABULARY_TTL_MS });
}

/** Tests: forget everything. */
export function clearVocabularyCache(): void {
  entries.clear();
}
