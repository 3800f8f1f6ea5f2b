import { describe, expect, it } from "vitest";
import type { WorkersAiBinding } from "../../packages/llm/src/index";
import { ask } from "./support/fixtures";
import { chatHarnesses, collect, embeddingHarnesses } from "./support/harness";

/** What each adapter actually sends, as seen by the local wire servers / binding stand-in. */
const chat = Object.fromEntries(chatHarnesses().map((h) => [h.name, h]));
const emb = Object.fromEntries(embeddingHarnesses().map((h) => [h.name, h]));

describe("requests on the wire", () => {
  it("openai: chat.completions with max_completion_tokens; streams ask for include_usage", async () => {
    const { model, stats } = chat.openai!.make();
    await model.chat({ messages: ask("truck"), maxOutputTokens: 123, temperature: 0.5 });
    await collect(model.stream({ messages: ask("truck") }));
    const [plain, streamed] = (await stats()).requests.map((r) => r.body as Record<string, unknown>);
    expect(plain).toMatchObject({ model: "gpt-4o-mini", max_completion_tokens: 123, temperature: 0.5 });
    expect((plain!.messages as { role: string }[]).map((m) => m.role)).toEqual(["system", "user"]);
    expect(streamed).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("anthropic: system prompt moved to the top-level `system`, turns merged and starting with the user", async () => {
    const { model, stats } = chat.anthropic!.make();
    await model.chat({
      messages: [
        { role: "system", content: "rule one" },
        { role: "assistant", content: "Hi! How can I help?" },
        { role: "user", content: "red" },
        { role: "user", content: "truck" },
        { role: "system", content: "rule two" },
        { role: "assistant", content: "" },
        { role: "user", content: "please" },
      ],
    });
    const body = (await stats()).requests[0]!.body as Record<string, unknown>;
    expect(body.system).toBe("rule one\n\nrule two");
    expect(body.messages).toEqual([{ role: "user", content: "red\n\ntruck\n\nplease" }]);
    expect(body.max_tokens).toBe(model.limits.maxOutputTokens);
  });

  it("workers-ai: run(model, {messages, max_tokens, stream})", async () => {
    const { model, stats } = chat["workers-ai"]!.make();
    await collect(model.stream({ messages: ask("truck"), maxOutputTokens: 64 }));
    const call = (await stats()).requests[0]!;
    expect(call.path).toBe("@cf/meta/llama-3.1-8b-instruct");
    expect(call.body).toMatchObject({ max_tokens: 64, stream: true });
  });

  it("openai embeddings: model and the configured dimensions", async () => {
    const { model, stats } = emb.openai!.make();
    await model.embed(["red truck"]);
    expect((await stats()).requests[0]!.body).toMatchObject({
      model: "text-embedding-3-small",
      dimensions: 384,
      input: ["red truck"],
    });
  });
});

describe("types", () => {
  it("the real `Ai` binding type (@cloudflare/workers-types) satisfies WorkersAiBinding (checked by tsc)", () => {
    const asBinding = (ai: Ai): WorkersAiBinding => ai;
    expect(typeof asBinding).toBe("function");
  });
});
