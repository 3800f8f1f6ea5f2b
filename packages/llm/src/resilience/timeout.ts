import { type ChatModel, type ChatRequest, type ChatResult, type ChatStreamEvent, LlmError } from "../types";
import { DelegatingChatModel } from "./delegate";

export interface TimeoutOptions {
  /** chat(): whole call. stream(): until the first event, and then between two events (idle). */
  timeoutMs: number;
}

/** Links the caller's signal to a fresh controller that `fire()` aborts with a TimeoutError. */
function linked(signal: AbortSignal | undefined) {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener("abort", onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fired = false;
  return {
    signal: controller.signal,
    get fired() {
      return fired;
    },
    arm(ms: number) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        fired = true;
        controller.abort(new DOMException(`timed out after ${ms} ms`, "TimeoutError"));
      }, ms);
    },
    dispose() {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    },
  };
}

function timeoutError(provider: string, ms: number, cause: unknown): LlmError {
  return new LlmError(provider, "timeout", `${provider}: no answer within ${ms} ms`, {
    retryable: true,
    cause,
  });
}

/** Per-call timeout through AbortSignal (the SDK request is really cancelled, not just abandoned). */
export class TimeoutChatModel extends DelegatingChatModel {
  readonly #ms: number;
  constructor(inner: ChatModel, options: TimeoutOptions) {
    super(inner);
    if (!(options.timeoutMs > 0)) throw new Error("timeoutMs must be > 0");
    this.#ms = options.timeoutMs;
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const t = linked(request.signal);
    t.arm(this.#ms);
    try {
      return await this.inner.chat({ ...request, signal: t.signal });
    } catch (err) {
      if (t.fired) throw timeoutError(this.inner.provider, this.#ms, err);
      throw err;
    } finally {
      t.dispose();
    }
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const t = linked(request.signal);
    t.arm(this.#ms);
    let emitted = false;
    try {
      for await (const ev of this.inner.stream({ ...request, signal: t.signal })) {
        if (ev.type === "text") emitted = true;
        t.arm(this.#ms);
        yield ev;
      }
    } catch (err) {
      if (t.fired) {
        const e = timeoutError(this.inner.provider, this.#ms, err);
        if (emitted) {
          throw new LlmError(
            e.provider,
            "stream_interrupted",
            `${e.provider}: stream stalled for ${this.#ms} ms`,
            {
              retryable: false,
              cause: err,
            },
          );
        }
        throw e;
      }
      throw err;
    } finally {
      t.dispose();
    }
  }
}

export function withTimeout(model: ChatModel, options: TimeoutOptions): ChatModel {
  return new TimeoutChatModel(model, options);
}
