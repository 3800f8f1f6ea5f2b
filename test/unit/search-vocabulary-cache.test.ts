import { afterEach, describe, expect, it } from "vitest";
import {
  cachedVocabulary,
  clearVocabularyCache,
  rememberVocabulary,
  VOCABULARY_TTL_MS,
} from "../../packages/services/src/ai/search/vocabulary-cache";

const v = (make: string) => ({ makes: [make], models: [], currency: "USD" });

describe("semantic search vocabulary cache (per isolate, short TTL)", () => {
  afterEach(() => clearVocabularyCache());

  it("answers within the TTL, per dealership, and forgets after it", () => {
    rememberVocabulary("dlr_a", v("Ford"), 1_000);
    rememberVocabulary("dlr_b", v("Kia"), 1_000);
    expect(cachedVocabulary("dlr_a", 1_000 + VOCABULARY_TTL_MS - 1)).toEqual(v("Ford"));
    expect(cachedVocabulary("dlr_b", 1_000)).toEqual(v("Kia"));
    expect(cachedVocabulary("dlr_c", 1_000)).toBeUndefined();
    expect(cachedVocabulary("dlr_a", 1_000 + VOCABULARY_TTL_MS)).toBeUndefined();
    // Expired entries are gone, not resurrected by an earlier clock.
    expect(cachedVocabulary("dlr_a", 1_000)).toBeUndefined();
  });

  it("a newer value replaces the old one and restarts its TTL", () => {
    rememberVocabulary("dlr_a", v("Ford"), 0);
    rememberVocabulary("dlr_a", v("Rivian"), VOCABULARY_TTL_MS - 10);
    expect(cachedVocabulary("dlr_a", VOCABULARY_TTL_MS + 10)).toEqual(v("Rivian"));
  });

  it("stays bounded: the oldest dealership is evicted first", () => {
    for (let i = 0; i <= 2_000; i++) rememberVocabulary(`dlr_${i}`, v("Ford"), 0);
    expect(cachedVocabulary("dlr_0", 1)).toBeUndefined();
    expect(cachedVocabulary("dlr_1", 1)).toEqual(v("Ford"));
    expect(cachedVocabulary("dlr_2000", 1)).toEqual(v("Ford"));
  });
});
