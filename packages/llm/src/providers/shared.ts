import { type FinishReason, LlmError } from "../types";

export function invalidResponse(provider: string, what: string, cause?: unknown): LlmError {
  return new LlmError(provider, "invalid_response", `${provider}: unreadable response: ${what}`, {
    retryable: true,
    cause,
  });
}

export function interrupted(provider: string, what: string, cause?: unknown): LlmError {
  return new LlmError(provider, "stream_interrupted", `${provider}: stream interrupted: ${what}`, {
    retryable: false,
    cause,
  });
}

/** Unit length (in place); a zero vector is an invalid response. */
export function normalizeInPlace(provider: string, v: number[]): number[] {
  let s = 0;
  for (const x of v) {
    if (typeof x !== "number" || !Number.isFinite(x))
      throw invalidResponse(provider, "embedding has a non-number");
    s += x * x;
  }
  if (s === 0) throw invalidResponse(provider, "embedding is all zeros");
  const n = Math.sqrt(s);
  if (Math.abs(n - 1) > 1e-9) for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
  return v;
}

/** Runs `fn` over consecutive slices of at most `size` texts, concatenating the vectors in order. */
export async function inBatches(
  texts: string[],
  size: number,
  fn: (batch: string[]) => Promise<{ embeddings: number[][]; inputTokens: number }>,
): Promise<{ embeddings: number[][]; usage: { inputTokens: number } }> {
  const embeddings: number[][] = [];
  let inputTokens = 0;
  for (let i = 0; i < texts.length; i += size) {
    const batch = texts.slice(i, i + size);
    const r = await fn(batch);
    embeddings.push(...r.embeddings);
    inputTokens += r.inputTokens;
  }
  return { embeddings, usage: { inputTokens } };
}

export function mapFinish(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "stop":
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "length":
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "content_filter":
    case "refusal":
      return "content_filter";
    default:
      return "stop";
  }
}
