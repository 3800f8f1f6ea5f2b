/**
 * Minimal Server-Sent Events reader (https://html.spec.whatwg.org/multipage/server-sent-events.html): yields
 * the `data` of each event (multi-line data joined with "\n"), ignoring comments, `event:`/`id:`/`retry:`
 * fields. Used for the Workers AI binding's stream; the vendor SDKs parse their own streams.
 */
export async function* readSseData(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncIterable<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  let data: string[] = [];
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    while (true) {
      if (signal?.aborted) throw signal.reason;
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let nl = buf.search(/\r\n|\r|\n/);
      while (nl !== -1) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + (buf.startsWith("\r\n", nl) ? 2 : 1));
        if (line === "") {
          if (data.length) yield data.join("\n");
          data = [];
        } else if (line.startsWith("data:")) {
          data.push(line.slice(line[5] === " " ? 6 : 5));
        }
        nl = buf.search(/\r\n|\r|\n/);
      }
    }
    buf += decoder.decode();
    if (buf.startsWith("data:")) data.push(buf.slice(buf[5] === " " ? 6 : 5));
    if (data.length) yield data.join("\n");
  } finally {
    signal?.removeEventListener("abort", onAbort);
    reader.releaseLock();
  }
}
