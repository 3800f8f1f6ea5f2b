import { localAnswer } from "../../../packages/llm/src/local/chat";
import { hashingEmbedding } from "../../../packages/llm/src/local/embedding";
import type { ChatMessage } from "../../../packages/llm/src/types";
import { deltas, type FaultStep, serverInputTokens } from "../../llm/support/fault-plan";

/**
 * A stand-in for the Workers AI binding (`Ai` from @cloudflare/workers-types), implementing the run() shapes
 * this project uses, per the Workers AI docs (developers.cloudflare.com/workers-ai: text generation models,
 * bge embedding models, errors):
 * - text generation `{ messages, max_tokens, temperature, stream }`: `{ response, usage }`, or with
 *   stream: true a ReadableStream of SSE `data: {"response":"..."}` events, a final event with `usage`, then
 *   `data: [DONE]`;
 * - embeddings `{ text: string | string[] }` on @cf/baai/bge-*: `{ shape: [n, d], data, pooling: "mean" }`;
 * - errors thrown with the internal code in the message ("3040: ...", "5007: No such model ...");
 * - `options.signal` aborts a call.
 * Faults follow the plan given to the constructor (the same steps as the wire servers).
 */
const TEXT_MODELS = new Set(["@cf/meta/llama-3.1-8b-instruct", "@cf/meta/llama-3.3-70b-instruct-fp8-fast"]);
const EMBEDDING_DIMS: Record<string, number> = {
  "@cf/baai/bge-small-en-v1.5": 384,
  "@cf/baai/bge-base-en-v1.5": 768,
  "@cf/baai/bge-large-en-v1.5": 1024,
};

class AiError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export class WorkersAiStandIn {
  readonly calls: { model: string; inputs: Record<string, unknown>; step: FaultStep }[] = [];
  readonly usage: { inputTokens: number; outputTokens: number }[] = [];
  #steps: FaultStep[];

  constructor(steps: FaultStep[] = ["ok"]) {
    this.#steps = steps;
  }

  async run(
    model: string,
    inputs: Record<string, unknown>,
    options: { signal?: AbortSignal } = {},
  ): Promise<unknown> {
    const step = this.#steps[Math.min(this.calls.length, this.#steps.length - 1)]!;
    this.calls.push({ model, inputs, step });
    if (options.signal?.aborted) throw options.signal.reason;
    switch (step) {
      case "429":
      case "429long":
        throw new AiError("AiError", "3036: You have used up your daily free allocation of 10,000 neurons.");
      case "503":
      case "529":
        throw new AiError("InferenceUpstreamError", "3040: Capacity temporarily exceeded, please try again.");
      case "500":
        throw new AiError("InferenceUpstreamError", "InferenceUpstreamError: internal error");
      case "401":
        throw new AiError("AiError", "3023: Service unavailable for account");
      case "400":
        throw new AiError("AiError", "3003: Request is missing headers or body");
      case "hang":
        return new Promise((_, reject) => {
          options.signal?.addEventListener("abort", () => reject(options.signal?.reason), { once: true });
        });
    }
    if (model in EMBEDDING_DIMS) return this.#embed(model, inputs, step);
    if (TEXT_MODELS.has(model)) return this.#generate(model, inputs, step, options.signal);
    throw new AiError("AiError", `5007: No such model ${model} or task`);
  }

  #embed(model: string, inputs: Record<string, unknown>, step: FaultStep) {
    const text = typeof inputs.text === "string" ? [inputs.text] : inputs.text;
    if (!Array.isArray(text) || text.length === 0 || text.some((t) => typeof t !== "string")) {
      throw new AiError("AiError", "5006: Error: required properties at '/' are 'text'");
    }
    if (text.length > 100)
      throw new AiError("AiError", "5006: Error: /text must NOT have more than 100 items");
    if (step === "garbage") return { shape: [text.length], data: "not vectors" };
    const dims = EMBEDDING_DIMS[model]!;
    return {
      shape: [text.length, dims],
      data: (text as string[]).map((t) => hashingEmbedding(t, dims)),
      pooling: "mean",
    };
  }

  #generate(
    _model: string,
    inputs: Record<string, unknown>,
    step: FaultStep,
    signal: AbortSignal | undefined,
  ) {
    const messages = inputs.messages;
    if (!Array.isArray(messages) || messages.length === 0) {
      throw new AiError("AiError", "5006: Error: required properties at '/' are 'messages'");
    }
    const msgs = messages as ChatMessage[];
    const max = typeof inputs.max_tokens === "number" ? inputs.max_tokens : 256;
    const words = deltas(localAnswer({ messages: msgs })).slice(0, max);
    const usage = {
      prompt_tokens: serverInputTokens(msgs.map((m) => m.content)),
      completion_tokens: words.length,
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    if (inputs.stream !== true) {
      if (step === "garbage") return { result: "??" };
      this.usage.push({ inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens });
      return { response: words.join(""), tool_calls: [], usage };
    }
    const enc = new TextEncoder();
    const events = [
      ...words.map((w) => `data: ${JSON.stringify({ response: w, p: "abcdef" })}\n\n`),
      `data: ${JSON.stringify({ response: "", usage })}\n\n`,
      "data: [DONE]\n\n",
    ];
    const half = Math.max(1, Math.floor(events.length / 2));
    let i = 0;
    const record = () =>
      this.usage.push({ inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens });
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (signal?.aborted) return controller.error(signal.reason);
        if (step === "slow") await new Promise((r) => setTimeout(r, 40));
        if (step === "garbage" && i === 0) {
          i++;
          return controller.enqueue(enc.encode("data: {garbage\n\n"));
        }
        if ((step === "drop" || step === "errorevent") && i === half) {
          return controller.error(new Error("Network connection lost."));
        }
        if (i >= events.length) {
          record();
          return controller.close();
        }
        controller.enqueue(enc.encode(events[i++]!));
      },
    });
  }
}
