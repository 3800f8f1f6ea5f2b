import { describe, expect, it } from "vitest";
import { ConfigError, parseAiConfig } from "../../packages/config/src/index";
import { formatVehicleContext, LlmError, MemoryUsageLedger, withBudget } from "../../packages/llm/src/index";
import { createAiProviders } from "../../packages/providers/src/index";

// The budget degrade model (issue 4 item 5) is built from configuration: LLM_BUDGET_FALLBACK_PROVIDER
// (+ LLM_BUDGET_FALLBACK_MODEL) -> AiConfig.budgetFallback -> AiProviders.cheaperChat, which the chat
// service hands to withBudget as its cheaperModel.
const ns = { idFromName() {}, get() {} } as unknown as DurableObjectNamespace;
const ai = { run() {} } as unknown as Ai;
const env = (over: Record<string, unknown> = {}) => ({
  ENVIRONMENT: "development",
  VECTOR_INDEX: ns,
  LLM_CHAT_PROVIDERS: "openai",
  OPENAI_API_KEY: "sk-test",
  // Nothing listens here: the main chain must never be called when the budget degrades.
  OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
  ...over,
});
const problems = (e: Record<string, unknown>) => {
  try {
    parseAiConfig(e);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
};

const request = {
  messages: [
    {
      role: "system" as const,
      content: `Answer from these records only.\n${formatVehicleContext([
        {
          id: "veh_1",
          fields: {
            title: "2021 Ford F-150 XLT",
            make: "Ford",
            body: "truck",
            exterior: "Red",
            price: "$32,995",
          },
        },
        {
          id: "veh_2",
          fields: {
            title: "2020 Honda Accord",
            make: "Honda",
            body: "sedan",
            exterior: "White",
            price: "$21,500",
          },
        },
      ])}`,
    },
    { role: "user" as const, content: "Do you have a red pickup truck?" },
  ],
};

describe("budget fallback model from configuration", () => {
  it("is off unless configured", () => {
    const c = parseAiConfig(env());
    expect(c.budgetFallback).toBeNull();
    expect(createAiProviders(c).cheaperChat).toBeNull();
  });

  it("reads the provider and its model (default: the provider's own chat-model setting)", () => {
    expect(
      parseAiConfig(
        env({ LLM_BUDGET_FALLBACK_PROVIDER: " OpenAI ", LLM_BUDGET_FALLBACK_MODEL: "gpt-4.1-nano" }),
      ).budgetFallback,
    ).toEqual({
      provider: "openai",
      apiKey: "sk-test",
      baseUrl: "http://127.0.0.1:9/v1",
      model: "gpt-4.1-nano",
    });
    expect(
      parseAiConfig(
        env({ LLM_BUDGET_FALLBACK_PROVIDER: "workers-ai", AI: ai, WORKERS_AI_CHAT_MODEL: "@cf/x" }),
      ).budgetFallback,
    ).toEqual({ provider: "workers-ai", ai, model: "@cf/x" });
    expect(parseAiConfig(env({ LLM_BUDGET_FALLBACK_PROVIDER: "local" })).budgetFallback).toEqual({
      provider: "local",
    });
  });

  it("names the bad setting", () => {
    expect(problems(env({ LLM_BUDGET_FALLBACK_PROVIDER: "gpt" }))).toEqual([
      expect.objectContaining({
        setting: "LLM_BUDGET_FALLBACK_PROVIDER",
        message: expect.stringMatching(/unknown provider "gpt"/),
      }),
    ]);
    expect(problems(env({ LLM_BUDGET_FALLBACK_PROVIDER: "anthropic" }))).toEqual([
      { setting: "ANTHROPIC_API_KEY", message: "is required when LLM_BUDGET_FALLBACK_PROVIDER is anthropic" },
    ]);
    expect(problems(env({ LLM_BUDGET_FALLBACK_PROVIDER: "workers-ai" })).map((p) => p.setting)).toEqual([
      "AI",
    ]);
    expect(problems(env({ LLM_BUDGET_FALLBACK_MODEL: "gpt-4.1-nano" })).map((p) => p.setting)).toEqual([
      "LLM_BUDGET_FALLBACK_PROVIDER",
    ]);
    expect(
      problems(env({ LLM_BUDGET_FALLBACK_PROVIDER: "local", LLM_BUDGET_FALLBACK_MODEL: "x" })).map(
        (p) => p.setting,
      ),
    ).toEqual(["LLM_BUDGET_FALLBACK_MODEL"]);
    // The local model is refused in production like everywhere else (unless LLM_ALLOW_LOCAL=true).
    expect(
      problems({
        ENVIRONMENT: "production",
        VECTOR_STORE: "vectorize",
        VECTORIZE: { query() {}, upsert() {}, deleteByIds() {} },
        LLM_CHAT_PROVIDERS: "openai",
        LLM_EMBEDDING_PROVIDER: "openai",
        OPENAI_API_KEY: "sk",
        LLM_BUDGET_FALLBACK_PROVIDER: "local",
      }).map((p) => p.setting),
    ).toEqual(["LLM_BUDGET_FALLBACK_PROVIDER"]);
  });

  it("a dealership over budget is answered by the configured cheaper model, charged once at its price", async () => {
    const providers = createAiProviders(parseAiConfig(env({ LLM_BUDGET_FALLBACK_PROVIDER: "local" })));
    expect(providers.cheaperChat?.provider).toBe("fallback");
    const ledger = new MemoryUsageLedger();
    let degraded = 0;
    const model = withBudget(providers.chat, {
      ledger,
      dealershipId: "dlr_a",
      feature: "chat",
      dailyMicroUsd: 1, // far below any OpenAI call's estimate, above the local model's (price 0)
      cheaperModel: providers.cheaperChat!,
      onDegrade: () => degraded++,
    });
    const r = await model.chat(request);
    expect(degraded).toBe(1);
    expect(r.provider).toBe("local");
    expect(r.text).toContain("[veh_1]");
    const entries = ledger.entries({ dealershipId: "dlr_a" });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ provider: "local", feature: "chat", costMicroUsd: 0 });

    // Without the setting the same call is refused and nothing is charged.
    const strict = createAiProviders(parseAiConfig(env()));
    const refusing = withBudget(strict.chat, {
      ledger,
      dealershipId: "dlr_b",
      feature: "chat",
      dailyMicroUsd: 1,
      ...(strict.cheaperChat ? { cheaperModel: strict.cheaperChat } : {}),
    });
    await expect(refusing.chat(request)).rejects.toMatchObject({ code: "budget_exceeded" });
    await expect(refusing.chat(request)).rejects.toBeInstanceOf(LlmError);
    expect(ledger.entries({ dealershipId: "dlr_b" })).toHaveLength(0);
  });
});
