import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { HonoEnv } from "../env";

/**
 * Streams events as server-sent events: one `data:` line of JSON per event, flushed as produced. A client
 * that goes away stops the iteration (so the producer's cleanup runs: usage is still recorded once).
 */
export function sseJson<T>(c: Context<HonoEnv>, events: AsyncIterable<T>): Response {
  c.header("Cache-Control", "no-store");
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    const it = events[Symbol.asyncIterator]();
    let aborted = false;
    stream.onAbort(() => {
      aborted = true;
    });
    try {
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        if (aborted) break;
        await stream.writeSSE({ data: JSON.stringify(next.value) });
      }
    } finally {
      await it.return?.();
    }
  });
}
