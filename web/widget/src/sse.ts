/**
 * A server-sent events reader for the chat stream (text/event-stream, WHATWG HTML §9.2): feed it decoded
 * text chunks as they arrive, split anywhere; it hands back the `data` of each complete event, joined
 * across several `data:` lines. Comments (`:`), `event:`/`id:`/`retry:` fields and blank events are
 * ignored; CRLF, CR and LF line ends all work. `flush()` ends the stream (a final event without its blank
 * line is dropped, as the spec says).
 */
export class SseReader {
  private buffer = "";
  private data: string[] = [];
  private sawCR = false;
  private started = false;

  push(chunk: string): string[] {
    const out: string[] = [];
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // one leading BOM is not data
    }
    // A CR at the end of the previous chunk followed by LF here is one line end.
    if (this.sawCR && text.startsWith("\n")) text = text.slice(1);
    this.sawCR = text.endsWith("\r");
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "") {
        if (this.data.length > 0) out.push(this.data.join("\n"));
        this.data = [];
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "data") this.data.push(value);
    }
    return out;
  }

  flush(): void {
    this.buffer = "";
    this.data = [];
    this.sawCR = false;
    this.started = false;
  }
}

/** Events of POST /v1/public/chat (docs/api.md "Chat"). Unknown types are passed on as they are. */
export type ChatEvent =
  | { type: "meta"; conversationId: string; retrieval?: string; retrieved?: number }
  | { type: "text"; delta: string }
  | {
      type: "citation";
      vehicleId: string;
      year: number;
      make: string;
      model: string;
      trim: string | null;
      price: { amount: number; currency: string } | null;
      mileage: number | null;
      vin: string;
    }
  | {
      type: "usage";
      inputTokens: number;
      outputTokens: number;
      costMicroUsd: number;
      provider?: string;
      model?: string;
    }
  | { type: "error"; code: string; message: string }
  | { type: "done"; withheld: number };

/** Parses one event's data; null for anything that is not a JSON object with a string `type`. */
export function parseChatEvent(data: string): ChatEvent | null {
  try {
    const v = JSON.parse(data) as unknown;
    if (typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string") {
      return v as ChatEvent;
    }
  } catch {}
  return null;
}

/**
 * Reads a fetch Response body as chat events, calling `onEvent` for each in order. Resolves when the
 * stream ends (normally after `done`); rejects when the connection breaks.
 */
export async function readChatStream(body: ReadableStream<Uint8Array>, onEvent: (e: ChatEvent) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const sse = new SseReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const chunk = done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (const data of sse.push(chunk)) {
        const event = parseChatEvent(data);
        if (event) onEvent(event);
      }
      if (done) break;
    }
  } finally {
    sse.flush();
    reader.releaseLock();
  }
}
