import { type ChatRequest, LlmError } from "./types";

const ROLES = new Set(["system", "user", "assistant"]);

/**
 * Checks a chat request before any network call (the same rules for every adapter, so bad input gets the
 * same clear `bad_request` whatever the provider): at least one message, known roles, string contents, the
 * last message from the user, a sane maxOutputTokens and temperature, input within the context window.
 */
export function validateChatRequest(
  provider: string,
  request: ChatRequest,
  limits: { contextTokens: number; maxOutputTokens: number },
  inputTokens: number,
): void {
  const bad = (msg: string) => new LlmError(provider, "bad_request", msg, { retryable: false });
  if (!request || !Array.isArray(request.messages) || request.messages.length === 0) {
    throw bad("chat request needs at least one message");
  }
  for (const [i, m] of request.messages.entries()) {
    if (!m || typeof m !== "object" || !ROLES.has(m.role)) {
      throw bad(`message ${i}: role must be one of system, user, assistant`);
    }
    if (typeof m.content !== "string") throw bad(`message ${i}: content must be a string`);
  }
  const last = request.messages[request.messages.length - 1]!;
  if (last.role !== "user") throw bad("the last message must come from the user");
  if (!request.messages.some((m) => m.role !== "system" && m.content.trim() !== "")) {
    throw bad("the conversation has no non-empty user or assistant message");
  }
  if (request.maxOutputTokens !== undefined) {
    if (!Number.isFinite(request.maxOutputTokens) || request.maxOutputTokens < 1) {
      throw bad("maxOutputTokens must be a positive number");
    }
  }
  if (request.temperature !== undefined) {
    if (!Number.isFinite(request.temperature) || request.temperature < 0 || request.temperature > 2) {
      throw bad("temperature must be between 0 and 2");
    }
  }
  if (inputTokens > limits.contextTokens) {
    throw bad(
      `input of about ${inputTokens} tokens exceeds the model's context of ${limits.contextTokens} tokens`,
    );
  }
}

/** Embedding inputs: an array of non-blank strings. */
export function validateEmbeddingInput(provider: string, texts: unknown): asserts texts is string[] {
  if (!Array.isArray(texts)) throw new LlmError(provider, "bad_request", "embed() takes an array of strings");
  for (const [i, t] of texts.entries()) {
    if (typeof t !== "string") throw new LlmError(provider, "bad_request", `text ${i} is not a string`);
    if (t.trim() === "") throw new LlmError(provider, "bad_request", `text ${i} is empty: nothing to embed`);
  }
}

/** Cuts a text to about `maxTokens` (3 chars per token here: conservative, vendor tokenizers vary). */
export function truncateForEmbedding(text: string, maxTokens: number): string {
  const max = maxTokens * 3;
  return text.length <= max ? text : text.slice(0, max);
}

/** Rethrows the caller's abort as LlmError (a timeout wrapper's abort is a retryable timeout). */
export function abortError(
  provider: string,
  signal: AbortSignal | undefined,
  cause?: unknown,
): LlmError | null {
  if (!signal?.aborted) return null;
  const reason = signal.reason as { name?: string } | undefined;
  const isTimeout = reason?.name === "TimeoutError";
  return new LlmError(
    provider,
    "timeout",
    isTimeout ? "the call timed out" : "the call was aborted by the caller",
    { retryable: isTimeout, cause: cause ?? signal.reason },
  );
}
