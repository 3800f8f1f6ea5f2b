import { describe, expect, it } from "vitest";
import { ConfigError, loadAiConfig, parseAiConfig } from "../../packages/config/src/index";

const ns = { idFromName() {}, get() {} } as unknown as DurableObjectNamespace;
const vectorize = { query() {}, upsert() {}, deleteByIds() {} } as unknown as Vectorize;
const ai = { run() {} } as unknown as Ai;

const dev = (over: Record<string, unknown> = {}) => ({
  ENVIRONMENT: "development",
  VECTOR_INDEX: ns,
  ...over,
});
const prod = (over: Record<string, unknown> = {}) => ({
  ENVIRONMENT: "production",
  VECTOR_STORE: "vectorize",
  VECTORIZE: vectorize,
  LLM_CHAT_PROVIDERS: "anthropic,openai,workers-ai",
  LLM_EMBEDDING_PROVIDER: "workers-ai",
  ANTHROPIC_API_KEY: "sk-ant-x",
  OPENAI_API_KEY: "sk-x",
  AI: ai,
  ...over,
});

function problems(env: Record<string, unknown>): { setting: string; message: string }[] {
  try {
    parseAiConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/^Invalid AI configuration: /);
    return (err as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}
const settings = (env: Record<string, unknown>) => problems(env).map((p) => p.setting);

describe("AI configuration", () => {
  it("defaults to the local store, local chat and local embeddings in development", () => {
    const c = parseAiConfig(dev());
    expect(c.vectorStore).toEqual({ kind: "local", namespace: ns, indexName: "vehicles" });
    expect(c.chat).toEqual([{ provider: "local" }]);
    expect(c.embedding).toEqual({ provider: "local" });
    expect(c.timeoutMs).toBe(20_000);
    expect(c.budgets).toEqual({ dailyMicroUsd: null, monthlyMicroUsd: null });
    expect(Object.keys(c.vectorStores)).toEqual(["local"]);
  });

  it("builds an ordered fallback chain with models and base URLs", () => {
    const c = parseAiConfig(
      dev({
        LLM_CHAT_PROVIDERS: " Anthropic , openai,workers-ai,local ",
        ANTHROPIC_API_KEY: "a",
        ANTHROPIC_CHAT_MODEL: "claude-x",
        OPENAI_API_KEY: "o",
        OPENAI_BASE_URL: "http://127.0.0.1:8841/v1",
        AI: ai,
        WORKERS_AI_CHAT_MODEL: "@cf/x",
        LLM_EMBEDDING_PROVIDER: "openai",
        LLM_TIMEOUT_MS: "5000",
        AI_DAILY_BUDGET_USD: "2.5",
        AI_MONTHLY_BUDGET_USD: "50",
      }),
    );
    expect(c.chat.map((p) => p.provider)).toEqual(["anthropic", "openai", "workers-ai", "local"]);
    expect(c.chat[0]).toMatchObject({ apiKey: "a", model: "claude-x", baseUrl: null });
    expect(c.chat[1]).toMatchObject({ baseUrl: "http://127.0.0.1:8841/v1", model: null });
    expect(c.chat[2]).toMatchObject({ ai, model: "@cf/x" });
    expect(c.embedding).toEqual({
      provider: "openai",
      apiKey: "o",
      baseUrl: "http://127.0.0.1:8841/v1",
      model: null,
    });
    expect(c.timeoutMs).toBe(5000);
    expect(c.budgets).toEqual({ dailyMicroUsd: 2_500_000, monthlyMicroUsd: 50_000_000 });
  });

  it("production with real providers is accepted", () => {
    const c = parseAiConfig(prod());
    expect(c.vectorStore).toEqual({ kind: "vectorize", index: vectorize });
    expect(c.embedding).toMatchObject({ provider: "workers-ai", model: null });
  });

  it.each([
    [{ VECTOR_STORE: "pinecone" }, ["PINECONE_API_KEY"]],
    [{ VECTOR_STORE: "qdrant" }, ["QDRANT_URL"]],
    [{ VECTOR_STORE: "vectorize" }, ["VECTORIZE"]],
    [{ VECTOR_STORE: "local", VECTOR_INDEX: undefined }, ["VECTOR_INDEX"]],
    [{ VECTOR_STORE: "chroma" }, ["VECTOR_STORE"]],
    [{ PINECONE_API_KEY: "k" }, ["PINECONE_INDEX_HOST"]],
    [{ PINECONE_INDEX_HOST: "https://idx.pinecone.io" }, ["PINECONE_API_KEY"]],
    [{ PINECONE_API_KEY: "k", PINECONE_INDEX_HOST: "not a url" }, ["PINECONE_INDEX_HOST"]],
    [{ QDRANT_URL: "ftp://q" }, ["QDRANT_URL"]],
    [{ QDRANT_API_KEY: "k" }, ["QDRANT_URL"]],
    [{ QDRANT_URL: "http://q:6333", QDRANT_COLLECTION: "bad name!" }, ["QDRANT_COLLECTION"]],
    [{ VECTORIZE: { query: 1 } }, ["VECTORIZE"]],
    [{ LLM_CHAT_PROVIDERS: "openai" }, ["OPENAI_API_KEY"]],
    [{ LLM_CHAT_PROVIDERS: "anthropic,openai" }, ["ANTHROPIC_API_KEY", "OPENAI_API_KEY"]],
    [{ LLM_CHAT_PROVIDERS: "workers-ai" }, ["AI"]],
    [{ LLM_CHAT_PROVIDERS: "gemini" }, ["LLM_CHAT_PROVIDERS"]],
    [{ LLM_CHAT_PROVIDERS: " , " }, ["LLM_CHAT_PROVIDERS"]],
    [{ LLM_CHAT_PROVIDERS: "local,local" }, ["LLM_CHAT_PROVIDERS"]],
    [{ LLM_EMBEDDING_PROVIDER: "openai" }, ["OPENAI_API_KEY"]],
    [{ LLM_EMBEDDING_PROVIDER: "anthropic" }, ["LLM_EMBEDDING_PROVIDER"]],
    [{ LLM_EMBEDDING_PROVIDER: "workers-ai" }, ["AI"]],
    [{ AI: { notRun: true } }, ["AI"]],
    [{ OPENAI_BASE_URL: "javascript:alert(1)" }, ["OPENAI_BASE_URL"]],
    [{ LLM_TIMEOUT_MS: "50" }, ["LLM_TIMEOUT_MS"]],
    [{ LLM_TIMEOUT_MS: "1e4" }, ["LLM_TIMEOUT_MS"]],
    [{ AI_DAILY_BUDGET_USD: "-1" }, ["AI_DAILY_BUDGET_USD"]],
    [{ AI_DAILY_BUDGET_USD: "five" }, ["AI_DAILY_BUDGET_USD"]],
    [{ AI_DAILY_BUDGET_USD: "10", AI_MONTHLY_BUDGET_USD: "5" }, ["AI_MONTHLY_BUDGET_USD"]],
    [{ VECTOR_LOCAL_INDEX_NAME: "../etc" }, ["VECTOR_LOCAL_INDEX_NAME"]],
    [{ LLM_ALLOW_LOCAL: "yes" }, ["LLM_ALLOW_LOCAL"]],
  ])("%j fails naming %j", (over, expected) => {
    expect([...new Set(settings(dev(over)))].sort()).toEqual([...expected].sort());
  });

  it("says which selection needs a missing credential", () => {
    expect(problems(dev({ VECTOR_STORE: "qdrant" }))[0]?.message).toMatch(
      /required when VECTOR_STORE=qdrant/,
    );
    expect(problems(dev({ LLM_CHAT_PROVIDERS: "openai" }))[0]?.message).toMatch(
      /required when LLM_CHAT_PROVIDERS includes openai/,
    );
  });

  it("staging and production refuse local providers unless explicitly allowed", () => {
    for (const environment of ["staging", "production"]) {
      expect(settings({ ENVIRONMENT: environment, VECTOR_INDEX: ns }).sort()).toEqual([
        "LLM_CHAT_PROVIDERS",
        "LLM_EMBEDDING_PROVIDER",
        "VECTOR_STORE",
      ]);
      expect(settings(prod({ ENVIRONMENT: environment, LLM_CHAT_PROVIDERS: "anthropic,local" }))).toEqual([
        "LLM_CHAT_PROVIDERS",
      ]);
      const allowed = parseAiConfig({ ENVIRONMENT: environment, VECTOR_INDEX: ns, LLM_ALLOW_LOCAL: "true" });
      expect(allowed.vectorStore.kind).toBe("local");
    }
    expect(settings(prod({ OPENAI_BASE_URL: "http://proxy.internal/v1" }))).toEqual(["OPENAI_BASE_URL"]);
  });

  it("lists every fully configured store as a migration source or target", () => {
    const c = parseAiConfig(
      dev({
        VECTORIZE: vectorize,
        PINECONE_API_KEY: "pk",
        PINECONE_INDEX_HOST: "https://idx-abc.svc.pinecone.io",
        QDRANT_URL: "http://127.0.0.1:6333",
      }),
    );
    expect(Object.keys(c.vectorStores).sort()).toEqual(["local", "pinecone", "qdrant", "vectorize"]);
    expect(c.vectorStores.qdrant).toEqual({
      kind: "qdrant",
      url: "http://127.0.0.1:6333",
      apiKey: null,
      collection: "forecourt-vehicles",
    });
    expect(c.vectorStore.kind).toBe("local");
  });

  it("loadAiConfig caches per env, errors included", () => {
    const env = dev();
    expect(loadAiConfig(env)).toBe(loadAiConfig(env));
    const bad: Record<string, unknown> = dev({ VECTOR_STORE: "nope" });
    expect(() => loadAiConfig(bad)).toThrow(ConfigError);
    bad.VECTOR_STORE = "local";
    expect(() => loadAiConfig(bad)).toThrow(ConfigError);
  });
});
