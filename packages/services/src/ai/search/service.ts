import type { Repositories } from "@forecourt/db";
import type { Principal, Vehicle } from "@forecourt/domain";
import { AccountedEmbeddingModel, LlmError } from "@forecourt/llm";
import { type NlFilters, type ParsedQuery, parseQuery, type Recognized } from "@forecourt/nl-query";
import { VectorStoreError } from "@forecourt/vector";
import type { Clock } from "../../clock";
import { validationFailed } from "../../errors";
import { authorizeDealership } from "../../policy";
import type { AiDeps } from "../deps";
import { RepositoryUsageLedger } from "../usage/ledger";
import type { AiUsageService } from "../usage/service";
import { sortBy, toMetadataFilter, toVehicleQuery, vehicleMatches } from "./filters";
import { cachedVocabulary, rememberVocabulary } from "./vocabulary-cache";

export const SEARCH_QUERY_MAX_CHARS = 500;
export const SEMANTIC_LIMIT_DEFAULT = 10;
export const SEMANTIC_LIMIT_MAX = 50;
/** Candidates fetched per result wanted: room for vehicles the store still has but the inventory removed. */
const OVERFETCH = 3;

export interface SemanticSearchResult {
  query: string;
  parsed: { filters: NlFilters; recognized: Recognized[]; remainder: string; sort: ParsedQuery["sort"] };
  results: { vehicle: Vehicle; score: number | null }[];
  mode: "semantic" | "structured";
  /** Why the search fell back to structured filters only (absent in semantic mode). */
  degraded?: {
    reason: "ai_disabled" | "embedding_failed" | "vector_store_failed" | "budget_exceeded";
    message: string;
  };
}

/**
 * Semantic search: the query is parsed into structured filters (@forecourt/nl-query), which become the
 * vector store's metadata filter; the rest of the query (or all of it) is embedded and matched by
 * similarity in the dealership's namespace; the matches are loaded from the inventory and re-checked
 * (this dealership, active, filters still true), so a vehicle the store has not caught up with never
 * shows. When the embeddings or the store fail, or the budget is spent, the structured filters alone
 * answer (mode "structured", with the reason).
 */
export class SemanticSearchService {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly ai: AiDeps | null,
    private readonly usage: AiUsageService,
  ) {}

  /** Validates the text of a query; returns it trimmed. */
  static checkQuery(q: unknown, field = "q"): string {
    const text = typeof q === "string" ? q.trim() : "";
    if (!text) {
      throw validationFailed(`${field} is empty: write what you are looking for, e.g. "AWD SUV under 30k"`, [
        { path: [field], code: "empty", message: "must not be empty" },
      ]);
    }
    if (text.length > SEARCH_QUERY_MAX_CHARS) {
      throw validationFailed(
        `${field} is ${text.length} characters; the limit is ${SEARCH_QUERY_MAX_CHARS}`,
        [{ path: [field], code: "too_long", message: `at most ${SEARCH_QUERY_MAX_CHARS} characters` }],
      );
    }
    return text;
  }

  /**
   * The parse of a query with the dealership's own make and model names as vocabulary (cached per isolate
   * for VOCABULARY_TTL_MS, see vocabulary-cache.ts).
   */
  async parse(dealershipId: string, text: string): Promise<ParsedQuery> {
    const now = this.clock.now();
    let vocabulary = cachedVocabulary(dealershipId, now.getTime());
    if (!vocabulary) {
      const page = await this.repos.vehicles.search(dealershipId, {
        status: ["active"],
        sort: "newest",
        limit: 1,
        facets: ["make", "model"],
      });
      vocabulary = {
        currency: page.items[0]?.price?.currency ?? "USD",
        makes: page.facets?.make?.map((f) => f.value) ?? [],
        models: page.facets?.model?.map((f) => f.value) ?? [],
      };
      rememberVocabulary(dealershipId, vocabulary, now.getTime());
    }
    return parseQuery(text, { now, ...vocabulary });
  }

  /** Staff (JWT) and public (API key) search: the principal must be able to read the dealership. */
  async search(
    principal: Principal,
    dealershipId: string,
    q: unknown,
    opts: { limit?: number } = {},
  ): Promise<SemanticSearchResult> {
    authorizeDealership(principal, dealershipId, "read");
    return this.searchAuthorized(dealershipId, q, opts);
  }

  /** For services acting for an already-authorized request (chat retrieval). */
  async searchAuthorized(
    dealershipId: string,
    q: unknown,
    opts: { limit?: number } = {},
  ): Promise<SemanticSearchResult> {
    const text = SemanticSearchService.checkQuery(q);
    const limit = Math.min(SEMANTIC_LIMIT_MAX, Math.max(1, Math.floor(opts.limit ?? SEMANTIC_LIMIT_DEFAULT)));
    const parsed = await this.parse(dealershipId, text);
    const base = {
      query: text,
      parsed: {
        filters: parsed.filters,
        recognized: parsed.recognized,
        remainder: parsed.remainder,
        sort: parsed.sort,
      },
    };
    if (!this.ai) {
      return this.structured(dealershipId, base, parsed, limit, {
        reason: "ai_disabled",
        message: "semantic search is not configured here; results use the filters read from the query only",
      });
    }
    let vector: number[];
    try {
      const budget = await this.usage.effectiveBudget(dealershipId);
      const embeddings = new AccountedEmbeddingModel(this.ai.embeddings, {
        ledger: new RepositoryUsageLedger(this.repos, this.clock),
        dealershipId,
        feature: "search",
        ...(budget?.dailyMicroUsd != null ? { dailyMicroUsd: budget.dailyMicroUsd } : {}),
        ...(budget?.monthlyMicroUsd != null ? { monthlyMicroUsd: budget.monthlyMicroUsd } : {}),
      });
      const res = await embeddings.embed([parsed.remainder || text]);
      const first = res.embeddings[0];
      if (!first) throw new LlmError(embeddings.provider, "invalid_response", "no embedding returned");
      vector = first;
    } catch (err) {
      const budgetHit = err instanceof LlmError && err.code === "budget_exceeded";
      return this.structured(dealershipId, base, parsed, limit, {
        reason: budgetHit ? "budget_exceeded" : "embedding_failed",
        message: budgetHit
          ? "the dealership's AI budget is spent; results use the filters read from the query only"
          : `the embedding provider failed (${describe(err)}); results use the filters read from the query only`,
      });
    }
    let matches: { id: string; score: number }[];
    try {
      matches = await this.ai.vectors.query(dealershipId, vector, {
        topK: Math.min(this.ai.vectors.limits.maxTopK, limit * OVERFETCH),
        filter: toMetadataFilter(parsed.filters),
        includeMetadata: false,
      });
    } catch (err) {
      return this.structured(dealershipId, base, parsed, limit, {
        reason: "vector_store_failed",
        message: `the vector store failed (${describe(err)}); results use the filters read from the query only`,
      });
    }
    const vehicles = await this.repos.vehicles.getByIds(
      dealershipId,
      matches.map((m) => m.id),
    );
    const byId = new Map(vehicles.map((v) => [v.id, v]));
    const results: SemanticSearchResult["results"] = [];
    for (const m of matches) {
      const v = byId.get(m.id);
      if (!v || v.dealershipId !== dealershipId || !vehicleMatches(v, parsed.filters)) continue;
      results.push({ vehicle: v, score: Math.round(m.score * 10_000) / 10_000 });
    }
    return { ...base, results: sortBy(results, parsed.sort).slice(0, limit), mode: "semantic" };
  }

  private async structured(
    dealershipId: string,
    base: Pick<SemanticSearchResult, "query" | "parsed">,
    parsed: ParsedQuery,
    limit: number,
    degraded: NonNullable<SemanticSearchResult["degraded"]>,
  ): Promise<SemanticSearchResult> {
    const page = await this.repos.vehicles.search(
      dealershipId,
      toVehicleQuery(parsed.filters, parsed.sort, limit),
    );
    return {
      ...base,
      results: page.items.map((vehicle) => ({ vehicle, score: null })),
      mode: "structured",
      degraded,
    };
  }
}

function describe(err: unknown): string {
  if (err instanceof LlmError || err instanceof VectorStoreError)
    return `${err.code}: ${err.message}`.slice(0, 200);
  return err instanceof Error ? err.name : "unknown error";
}
