import { ConfigError } from "./error";
import { perEnv } from "./per-env";

/**
 * Vector-store and LLM settings (SPEC capability 5), shared by the API Worker (`parseConfig`) and the
 * embedder Worker. Switching a provider is a configuration change: these settings choose the adapters
 * `@forecourt/providers` builds. Every problem names its setting; the caller collects them into the one
 * ConfigError. Bindings (Durable Object, Vectorize, Workers AI) are carried in the result as they are.
 */

export const VECTOR_STORE_KINDS = ["local", "vectorize", "pinecone", "qdrant"] as const;
export type VectorStoreKind = (typeof VECTOR_STORE_KINDS)[number];
export const CHAT_PROVIDERS = ["openai", "anthropic", "workers-ai", "local"] as const;
export type ChatProviderName = (typeof CHAT_PROVIDERS)[number];
/** Anthropic has no embeddings API. */
export const EMBEDDING_PROVIDERS = ["openai", "workers-ai", "local"] as const;
export type EmbeddingProviderName = (typeof EMBEDDING_PROVIDERS)[number];

/** Model settings left unset mean the adapter's own default model (see packages/llm/src/catalog.ts). */
export const DEFAULT_QDRANT_COLLECTION = "forecourt-vehicles";
export const DEFAULT_LLM_TIMEOUT_MS = 20_000;
/** Name of the default local vector index (one Durable Object per index and namespace). */
export const DEFAULT_LOCAL_VECTOR_INDEX = "vehicles";

/** The raw settings (all optional: validation decides). */
export interface AiEnv {
  VECTOR_STORE?: string;
  /** The local store's Durable Object namespace (VectorIndexObject). */
  VECTOR_INDEX?: DurableObjectNamespace;
  VECTOR_LOCAL_INDEX_NAME?: string;
  VECTORIZE?: Vectorize;
  PINECONE_API_KEY?: string;
  PINECONE_INDEX_HOST?: string;
  QDRANT_URL?: string;
  QDRANT_API_KEY?: string;
  QDRANT_COLLECTION?: string;
  LLM_CHAT_PROVIDERS?: string;
  /** The cheaper chat model a dealership over budget is degraded to (one provider), instead of a refusal. */
  LLM_BUDGET_FALLBACK_PROVIDER?: string;
  /** Its model (default: the provider's own chat-model setting, else the adapter's default). */
  LLM_BUDGET_FALLBACK_MODEL?: string;
  LLM_EMBEDDING_PROVIDER?: string;
  LLM_TIMEOUT_MS?: string | number;
  LLM_ALLOW_LOCAL?: string;
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_CHAT_MODEL?: string;
  OPENAI_EMBEDDING_MODEL?: string;
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL?: string;
  ANTHROPIC_CHAT_MODEL?: string;
  AI?: Ai;
  WORKERS_AI_CHAT_MODEL?: string;
  WORKERS_AI_EMBEDDING_MODEL?: string;
  AI_DAILY_BUDGET_USD?: string | number;
  AI_MONTHLY_BUDGET_USD?: string | number;
}

export type VectorStoreConfig =
  | { kind: "local"; namespace: DurableObjectNamespace; indexName: string }
  | { kind: "vectorize"; index: Vectorize }
  | { kind: "pinecone"; apiKey: string; indexHost: string }
  | { kind: "qdrant"; url: string; apiKey: string | null; collection: string };

export type ChatProviderConfig =
  | { provider: "openai"; apiKey: string; baseUrl: string | null; model: string | null }
  | { provider: "anthropic"; apiKey: string; baseUrl: string | null; model: string | null }
  | { provider: "workers-ai"; ai: Ai; model: string | null }
  | { provider: "local" };

export type EmbeddingProviderConfig =
  | { provider: "openai"; apiKey: string; baseUrl: string | null; model: string | null }
  | { provider: "workers-ai"; ai: Ai; model: string | null }
  | { provider: "local" };

export interface AiConfig {
  /** The store the product reads and writes (VECTOR_STORE). */
  vectorStore: VectorStoreConfig;
  /**
   * Every store whose settings are present, by kind (the selected one included): the sources and
   * targets a vector migration may name. A half-configured store is an error, not an omission.
   */
  vectorStores: Partial<Record<VectorStoreKind, VectorStoreConfig>>;
  /** Ordered fallback chain (LLM_CHAT_PROVIDERS), at least one. */
  chat: ChatProviderConfig[];
  /** The cheaper model over-budget dealerships are degraded to (LLM_BUDGET_FALLBACK_PROVIDER); null = refuse. */
  budgetFallback: ChatProviderConfig | null;
  embedding: EmbeddingProviderConfig;
  timeoutMs: number;
  /** Default budgets per dealership in micro-dollars (1e-6 USD); null = no limit. */
  budgets: { dailyMicroUsd: number | null; monthlyMicroUsd: number | null };
}

export interface Problem {
  setting: string;
  message: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

const hasMethods = (v: unknown, ...names: string[]) =>
  typeof v === "object" &&
  v !== null &&
  names.every((n) => typeof (v as Record<string, unknown>)[n] === "function");

function isUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Splits a comma-separated list, trimmed, empties dropped. */
function list(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

function usdToMicro(setting: string, raw: unknown, problems: Problem[]): number | null {
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) return null;
  const text = String(raw).trim();
  if (!/^\d+(\.\d{1,6})?$/.test(text)) {
    problems.push({ setting, message: "must be a non-negative amount in US dollars, e.g. 5 or 12.50" });
    return null;
  }
  const value = Number(text);
  if (value > 1_000_000) {
    problems.push({ setting, message: "must be at most 1000000" });
    return null;
  }
  return Math.round(value * 1_000_000);
}

/**
 * Validates the AI settings for `environment`. Returns the config (null when there are problems) and the
 * problems, which the caller merges into its ConfigError.
 */
export function parseAiSettings(
  env: AiEnv,
  environment: string,
): { config: AiConfig | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const deployed = environment === "staging" || environment === "production";
  const allowLocalRaw = str(env.LLM_ALLOW_LOCAL)?.toLowerCase();
  if (allowLocalRaw !== undefined && allowLocalRaw !== "true" && allowLocalRaw !== "false") {
    problems.push({ setting: "LLM_ALLOW_LOCAL", message: 'must be "true" or "false"' });
  }
  const allowLocal = !deployed || allowLocalRaw === "true";
  const refuseLocal = (setting: string, what: string) =>
    problems.push({
      setting,
      message: `the local ${what} is for development and tests; choose a real one in ${environment} (or set LLM_ALLOW_LOCAL=true to accept it knowingly)`,
    });

  // --- vector stores -----------------------------------------------------------------------------
  const stores: Partial<Record<VectorStoreKind, VectorStoreConfig>> = {};
  const storeProblems = new Map<VectorStoreKind, Problem[]>();
  const storeProblem = (kind: VectorStoreKind, setting: string, message: string) => {
    const list = storeProblems.get(kind) ?? [];
    list.push({ setting, message });
    storeProblems.set(kind, list);
  };

  const localIndex = str(env.VECTOR_LOCAL_INDEX_NAME) ?? DEFAULT_LOCAL_VECTOR_INDEX;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(localIndex)) {
    problems.push({ setting: "VECTOR_LOCAL_INDEX_NAME", message: "must be 1 to 64 letters, digits, - or _" });
  }
  if (env.VECTOR_INDEX !== undefined) {
    if (!hasMethods(env.VECTOR_INDEX, "idFromName", "get"))
      storeProblem("local", "VECTOR_INDEX", "must be a Durable Object namespace binding (VectorIndexObject)");
    else stores.local = { kind: "local", namespace: env.VECTOR_INDEX, indexName: localIndex };
  } else storeProblem("local", "VECTOR_INDEX", "the local store's Durable Object binding is required");

  if (env.VECTORIZE !== undefined) {
    if (!hasMethods(env.VECTORIZE, "query", "upsert", "deleteByIds"))
      storeProblem("vectorize", "VECTORIZE", "must be a Vectorize index binding");
    else stores.vectorize = { kind: "vectorize", index: env.VECTORIZE };
  } else storeProblem("vectorize", "VECTORIZE", "the Vectorize index binding is required");

  const pineconeKey = str(env.PINECONE_API_KEY);
  const pineconeHost = str(env.PINECONE_INDEX_HOST);
  if (pineconeKey || pineconeHost) {
    if (!pineconeKey) storeProblem("pinecone", "PINECONE_API_KEY", "is required with PINECONE_INDEX_HOST");
    if (!pineconeHost) storeProblem("pinecone", "PINECONE_INDEX_HOST", "is required with PINECONE_API_KEY");
    else if (!isUrl(pineconeHost, ["https:", "http:"]))
      storeProblem("pinecone", "PINECONE_INDEX_HOST", "must be the index's URL (https://...)");
    if (pineconeKey && pineconeHost && !storeProblems.has("pinecone"))
      stores.pinecone = { kind: "pinecone", apiKey: pineconeKey, indexHost: pineconeHost };
  } else storeProblem("pinecone", "PINECONE_API_KEY", "is required (with PINECONE_INDEX_HOST)");

  const qdrantUrl = str(env.QDRANT_URL);
  const qdrantCollection = str(env.QDRANT_COLLECTION) ?? DEFAULT_QDRANT_COLLECTION;
  if (qdrantUrl) {
    if (!isUrl(qdrantUrl, ["https:", "http:"]))
      storeProblem("qdrant", "QDRANT_URL", "must be an http(s) URL");
    if (!/^[A-Za-z0-9_.-]{1,255}$/.test(qdrantCollection))
      storeProblem("qdrant", "QDRANT_COLLECTION", "must be letters, digits, '.', '-' or '_'");
    if (!storeProblems.has("qdrant"))
      stores.qdrant = {
        kind: "qdrant",
        url: qdrantUrl,
        apiKey: str(env.QDRANT_API_KEY) ?? null,
        collection: qdrantCollection,
      };
  } else {
    storeProblem("qdrant", "QDRANT_URL", "is required");
    if (str(env.QDRANT_API_KEY) || str(env.QDRANT_COLLECTION))
      problems.push({ setting: "QDRANT_URL", message: "is required with QDRANT_API_KEY/QDRANT_COLLECTION" });
  }
  // A store someone started configuring but did not finish is a problem even when it is not selected.
  if (pineconeKey || pineconeHost) problems.push(...(storeProblems.get("pinecone") ?? []));
  if (qdrantUrl) problems.push(...(storeProblems.get("qdrant") ?? []));
  if (env.VECTOR_INDEX !== undefined && !stores.local) problems.push(...(storeProblems.get("local") ?? []));
  if (env.VECTORIZE !== undefined && !stores.vectorize)
    problems.push(...(storeProblems.get("vectorize") ?? []));

  const storeName = (str(env.VECTOR_STORE) ?? "local").toLowerCase();
  let vectorStore: VectorStoreConfig | null = null;
  if (!(VECTOR_STORE_KINDS as readonly string[]).includes(storeName)) {
    problems.push({ setting: "VECTOR_STORE", message: `must be one of ${VECTOR_STORE_KINDS.join(", ")}` });
  } else {
    const kind = storeName as VectorStoreKind;
    vectorStore = stores[kind] ?? null;
    if (!vectorStore) {
      for (const p of storeProblems.get(kind) ?? []) {
        if (!problems.some((q) => q.setting === p.setting && q.message === p.message))
          problems.push({ setting: p.setting, message: `${p.message} when VECTOR_STORE=${kind}` });
      }
    } else if (kind === "local" && !allowLocal) refuseLocal("VECTOR_STORE", "vector store");
  }

  // --- LLM providers -----------------------------------------------------------------------------
  const openaiKey = str(env.OPENAI_API_KEY);
  const openaiBase = str(env.OPENAI_BASE_URL) ?? null;
  const anthropicKey = str(env.ANTHROPIC_API_KEY);
  const anthropicBase = str(env.ANTHROPIC_BASE_URL) ?? null;
  for (const [setting, url] of [
    ["OPENAI_BASE_URL", openaiBase],
    ["ANTHROPIC_BASE_URL", anthropicBase],
  ] as const) {
    if (url && !isUrl(url, ["https:", "http:"]))
      problems.push({ setting, message: "must be an http(s) URL" });
    else if (url && deployed && !isUrl(url, ["https:"]))
      problems.push({ setting, message: `must be an https:// URL in ${environment}` });
  }
  const ai = env.AI !== undefined && hasMethods(env.AI, "run") ? env.AI : undefined;
  if (env.AI !== undefined && !ai) problems.push({ setting: "AI", message: "must be a Workers AI binding" });

  const chainRaw = str(env.LLM_CHAT_PROVIDERS) ?? "local";
  const chainNames = list(chainRaw);
  const chat: ChatProviderConfig[] = [];
  if (chainNames.length === 0) {
    problems.push({ setting: "LLM_CHAT_PROVIDERS", message: "must name at least one provider" });
  }
  /** One chat provider's settings by name, or null (with the problem recorded) when it cannot be used. */
  const chatProvider = (
    name: string,
    setting: string,
    model: string | undefined,
  ): ChatProviderConfig | null => {
    const requires = `when ${setting} ${setting === "LLM_CHAT_PROVIDERS" ? "includes" : "is"} ${name}`;
    switch (name) {
      case "openai":
        if (!openaiKey) problems.push({ setting: "OPENAI_API_KEY", message: `is required ${requires}` });
        else
          return {
            provider: "openai",
            apiKey: openaiKey,
            baseUrl: openaiBase,
            model: model ?? str(env.OPENAI_CHAT_MODEL) ?? null,
          };
        return null;
      case "anthropic":
        if (!anthropicKey)
          problems.push({ setting: "ANTHROPIC_API_KEY", message: `is required ${requires}` });
        else
          return {
            provider: "anthropic",
            apiKey: anthropicKey,
            baseUrl: anthropicBase,
            model: model ?? str(env.ANTHROPIC_CHAT_MODEL) ?? null,
          };
        return null;
      case "workers-ai":
        if (ai) return { provider: "workers-ai", ai, model: model ?? str(env.WORKERS_AI_CHAT_MODEL) ?? null };
        if (env.AI === undefined)
          problems.push({ setting: "AI", message: `the Workers AI binding is required ${requires}` });
        return null;
      case "local":
        if (!allowLocal) refuseLocal(setting, "chat model");
        else return { provider: "local" };
        return null;
      default:
        problems.push({
          setting,
          message: `unknown provider ${JSON.stringify(name)}; use ${setting === "LLM_CHAT_PROVIDERS" ? "a comma-separated list of " : "one of "}${CHAT_PROVIDERS.join(", ")}`,
        });
        return null;
    }
  };
  const seen = new Set<string>();
  for (const name of chainNames) {
    if (seen.has(name)) {
      problems.push({ setting: "LLM_CHAT_PROVIDERS", message: `names ${name} twice` });
      continue;
    }
    seen.add(name);
    const p = chatProvider(name, "LLM_CHAT_PROVIDERS", undefined);
    if (p) chat.push(p);
  }
  const fallbackName = str(env.LLM_BUDGET_FALLBACK_PROVIDER)?.toLowerCase();
  const fallbackModel = str(env.LLM_BUDGET_FALLBACK_MODEL);
  let budgetFallback: ChatProviderConfig | null = null;
  if (fallbackName)
    budgetFallback = chatProvider(fallbackName, "LLM_BUDGET_FALLBACK_PROVIDER", fallbackModel);
  else if (fallbackModel)
    problems.push({
      setting: "LLM_BUDGET_FALLBACK_PROVIDER",
      message: "is required with LLM_BUDGET_FALLBACK_MODEL",
    });
  if (budgetFallback?.provider === "local" && fallbackModel)
    problems.push({
      setting: "LLM_BUDGET_FALLBACK_MODEL",
      message: "the local chat model has no model choice",
    });

  const embeddingName = (str(env.LLM_EMBEDDING_PROVIDER) ?? "local").toLowerCase();
  let embedding: EmbeddingProviderConfig | null = null;
  switch (embeddingName) {
    case "openai":
      if (!openaiKey)
        problems.push({
          setting: "OPENAI_API_KEY",
          message: "is required when LLM_EMBEDDING_PROVIDER=openai",
        });
      else
        embedding = {
          provider: "openai",
          apiKey: openaiKey,
          baseUrl: openaiBase,
          model: str(env.OPENAI_EMBEDDING_MODEL) ?? null,
        };
      break;
    case "workers-ai":
      if (!ai) {
        if (env.AI === undefined)
          problems.push({
            setting: "AI",
            message: "the Workers AI binding is required when LLM_EMBEDDING_PROVIDER=workers-ai",
          });
      } else
        embedding = {
          provider: "workers-ai",
          ai,
          model: str(env.WORKERS_AI_EMBEDDING_MODEL) ?? null,
        };
      break;
    case "local":
      if (!allowLocal) refuseLocal("LLM_EMBEDDING_PROVIDER", "embedding model");
      else embedding = { provider: "local" };
      break;
    case "anthropic":
      problems.push({
        setting: "LLM_EMBEDDING_PROVIDER",
        message: "anthropic has no embeddings API; use openai, workers-ai or local",
      });
      break;
    default:
      problems.push({
        setting: "LLM_EMBEDDING_PROVIDER",
        message: `must be one of ${EMBEDDING_PROVIDERS.join(", ")}`,
      });
  }

  let timeoutMs = DEFAULT_LLM_TIMEOUT_MS;
  if (env.LLM_TIMEOUT_MS !== undefined && String(env.LLM_TIMEOUT_MS).trim() !== "") {
    const text = String(env.LLM_TIMEOUT_MS).trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 100 || n > 300_000)
      problems.push({
        setting: "LLM_TIMEOUT_MS",
        message: "must be a whole number of ms from 100 to 300000",
      });
    else timeoutMs = n;
  }
  const daily = usdToMicro("AI_DAILY_BUDGET_USD", env.AI_DAILY_BUDGET_USD, problems);
  const monthly = usdToMicro("AI_MONTHLY_BUDGET_USD", env.AI_MONTHLY_BUDGET_USD, problems);
  if (daily !== null && monthly !== null && monthly < daily) {
    problems.push({
      setting: "AI_MONTHLY_BUDGET_USD",
      message: "must not be smaller than AI_DAILY_BUDGET_USD",
    });
  }

  if (problems.length > 0 || !vectorStore || !embedding || chat.length === 0) {
    if (problems.length === 0)
      problems.push({ setting: "LLM_CHAT_PROVIDERS", message: "no usable chat provider configured" });
    return { config: null, problems };
  }
  return {
    config: {
      vectorStore,
      vectorStores: stores,
      chat,
      budgetFallback,
      embedding,
      timeoutMs,
      budgets: { dailyMicroUsd: daily, monthlyMicroUsd: monthly },
    },
    problems,
  };
}

/**
 * The AI configuration of a Worker (API or embedder): throws ConfigError naming every bad setting.
 * Prefer `loadAiConfig`, which caches per isolate.
 */
export function parseAiConfig(env: AiEnv & { ENVIRONMENT?: string }): AiConfig {
  const { config, problems } = parseAiSettings(env, env.ENVIRONMENT ?? "development");
  if (!config) throw new ConfigError(problems, "AI");
  return config;
}

/** Validated AI configuration for this `env`, once per isolate (errors are cached too). */
export const loadAiConfig: (env: AiEnv & { ENVIRONMENT?: string }) => AiConfig = perEnv(
  parseAiConfig,
  (err) => err instanceof ConfigError,
);
