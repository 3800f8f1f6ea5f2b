// Chat time-to-first-token overhead (issue 4): what our pipeline adds to the provider's own latency.
// Provider: the local OpenAI wire server (test/support/vendors/openai-wire-server.ts) with a FIXED first-token
// latency, driven by the API through the real OpenAI SDK (LLM_CHAT_PROVIDERS=openai, OPENAI_BASE_URL=local).
// Measured per question, alternating:
//   API     POST /v1/public/chat (X-Api-Key) on the AI bench stack: auth + rate limit, retrieval (query parse
//           with the dealership's facets, local embedding, vector query, DB load and re-check), prompt
//           building, the provider call, and the sentence-level grounding gate; time to the first `text` event.
//   direct  the SAME request body the API sent (captured by the wire server) posted straight to the wire
//           server from this process with fetch; time to the first content delta, and to the first complete
//           sentence (what the gate waits for).
// Two provider profiles: every token at once after the first-token delay (isolates our overhead), and a
// realistic inter-token delay (shows what the sentence gate holds back). Medians and ratios; no pass/fail.
//   pnpm exec tsx bench/suites/chat-ttft.ts [--rounds N]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SentenceSplitter } from "../../packages/services/src/ai/chat/grounding";
import {
  OPENAI_TEST_KEY,
  startOpenAIWireServer,
  type WireTiming,
} from "../../test/support/vendors/openai-wire-server";
import { ms, table, times } from "../lib/format";
import { log } from "../lib/http";
import { type Summary, summarize } from "../lib/percentiles";
import { bulkWrite, demoItems, untilEmbedded } from "./embedder";
import { AI_BENCH_PORTS, startAiStack } from "./embedder-stack";
import { createDealership } from "./fixtures";

/** Shopper questions over the demo inventory (each retrieves vehicles, so the provider is called). */
export const TTFT_QUESTIONS = [
  "Do you have a red pickup truck?",
  "AWD SUV under 30k with low miles",
  "I am looking for a Toyota Camry",
  "Any hybrid sedans?",
  "Show me a white SUV",
  "What trucks do you have under $40,000?",
  "Do you have a Honda with under 50,000 miles?",
  "Something with 4x4 for towing",
  "A cheap commuter car",
  "Do you have any Ford Escape?",
];

export interface TtftProfile {
  firstTokenDelayMs: number;
  interTokenDelayMs: number;
  samples: number;
  /** Questions answered without a provider call (nothing retrieved): left out of the numbers. */
  skipped: number;
  apiFirstText: Summary;
  apiRetrievalDone: Summary;
  apiTotal: Summary;
  directFirstToken: Summary;
  directFirstSentence: Summary;
  /** Median of per-sample (API first text - direct first token). */
  overheadMs: number;
  /** Median of per-sample (API first text - direct first sentence): our pipeline without the gate's wait. */
  overheadVsSentenceMs: number;
  ratio: number;
}

export interface ChatTtftResult {
  vehicles: number;
  rounds: number;
  profiles: TtftProfile[];
}

interface SseTimes {
  retrieval: number;
  firstText: number;
  total: number;
}

/** POSTs a chat message and reads the SSE stream, noting when the meta and first text events arrive. */
async function apiChat(url: string, apiKey: string, message: string): Promise<SseTimes & { texts: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/v1/public/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": apiKey },
    body: JSON.stringify({ message }),
  });
  if (res.status !== 200) throw new Error(`chat: ${res.status} ${await res.text()}`);
  const out = { retrieval: Number.NaN, firstText: Number.NaN, total: Number.NaN, texts: 0 };
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i = buf.indexOf("\n\n");
    while (i >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      i = buf.indexOf("\n\n");
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .join("");
      if (!data) continue;
      const ev = JSON.parse(data) as { type: string; code?: string; message?: string };
      const now = performance.now() - t0;
      if (ev.type === "meta" && Number.isNaN(out.retrieval)) out.retrieval = now;
      if (ev.type === "text") {
        out.texts++;
        if (Number.isNaN(out.firstText)) out.firstText = now;
      }
      if (ev.type === "error") throw new Error(`chat error event: ${ev.code}: ${ev.message}`);
    }
  }
  out.total = performance.now() - t0;
  return out;
}

/** The provider alone: the same body straight to the wire server; first content delta and first sentence. */
async function directChat(
  wireUrl: string,
  body: unknown,
): Promise<{ firstToken: number; firstSentence: number }> {
  const t0 = performance.now();
  const res = await fetch(`${wireUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${OPENAI_TEST_KEY}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`direct: ${res.status} ${await res.text()}`);
  const splitter = new SentenceSplitter();
  let firstToken = Number.NaN;
  let firstSentence = Number.NaN;
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i = buf.indexOf("\n\n");
    while (i >= 0) {
      const line = buf.slice(0, i).replace(/^data:\s*/, "");
      buf = buf.slice(i + 2);
      i = buf.indexOf("\n\n");
      if (line === "[DONE]") continue;
      const delta = (JSON.parse(line) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta
        ?.content;
      if (!delta) continue;
      const now = performance.now() - t0;
      if (Number.isNaN(firstToken)) firstToken = now;
      if (Number.isNaN(firstSentence) && splitter.push(delta).length > 0) firstSentence = now;
    }
  }
  if (Number.isNaN(firstSentence)) firstSentence = performance.now() - t0;
  return { firstToken, firstSentence };
}

const median = (xs: number[]) => summarize(xs).p50;

export async function runChatTtftSuite(
  opts: { rounds?: number; vehicles?: number; firstTokenDelayMs?: number } = {},
): Promise<ChatTtftResult> {
  const rounds = opts.rounds ?? 5;
  const vehicles = opts.vehicles ?? 240;
  const firstTokenDelayMs = opts.firstTokenDelayMs ?? 300;
  const timing: WireTiming = { firstTokenDelayMs, interTokenDelayMs: 0 };
  const wire = await startOpenAIWireServer(0, timing);
  const scenario = "ttft";
  const stack = await startAiStack(
    "chat-ttft",
    {
      LLM_CHAT_PROVIDERS: "openai",
      OPENAI_API_KEY: OPENAI_TEST_KEY,
      OPENAI_BASE_URL: `${wire.url}/s/${scenario}/ok/v1`,
    },
    AI_BENCH_PORTS.chat,
  );
  try {
    const d = await createDealership(
      stack.url,
      "Chat TTFT bench",
      { public: { limit: 100_000, windowSeconds: 60 } },
      { apiKey: true },
    );
    await bulkWrite(stack.url, d.dealershipId, demoItems(vehicles, 42));
    await untilEmbedded(() => stack.embeddedCount(d.dealershipId), vehicles, 10 * 60_000);
    const stored = await stack.vectorCount(d.dealershipId);
    if (stored !== vehicles) throw new Error(`the store holds ${stored} vectors, expected ${vehicles}`);
    log(`chat-ttft: ${vehicles} demo vehicles embedded; warming up`);
    const stats = wire.plans.stats(scenario);
    const sample = async (q: string) => {
      const before = stats.requests.length;
      const api = await apiChat(stack.url, d.apiKey!, q);
      if (stats.requests.length === before) return null; // nothing retrieved: the provider was not called
      const direct = await directChat(wire.url, stats.requests.at(-1)!.body);
      return { api, direct };
    };
    for (const q of TTFT_QUESTIONS) await sample(q);

    const profiles: TtftProfile[] = [];
    for (const interTokenDelayMs of [0, 20]) {
      timing.interTokenDelayMs = interTokenDelayMs;
      const rows: NonNullable<Awaited<ReturnType<typeof sample>>>[] = [];
      let skipped = 0;
      for (let r = 0; r < rounds; r++)
        for (const q of TTFT_QUESTIONS) {
          const s = await sample(q);
          if (s) rows.push(s);
          else skipped++;
        }
      const apiFirst = rows.map((x) => x.api.firstText);
      const directFirst = rows.map((x) => x.direct.firstToken);
      const p: TtftProfile = {
        firstTokenDelayMs,
        interTokenDelayMs,
        samples: rows.length,
        skipped,
        apiFirstText: summarize(apiFirst),
        apiRetrievalDone: summarize(rows.map((x) => x.api.retrieval)),
        apiTotal: summarize(rows.map((x) => x.api.total)),
        directFirstToken: summarize(directFirst),
        directFirstSentence: summarize(rows.map((x) => x.direct.firstSentence)),
        overheadMs: median(rows.map((x) => x.api.firstText - x.direct.firstToken)),
        overheadVsSentenceMs: median(rows.map((x) => x.api.firstText - x.direct.firstSentence)),
        ratio: median(apiFirst) / median(directFirst),
      };
      log(
        `chat-ttft (inter-token ${interTokenDelayMs} ms): API first text p50 ${p.apiFirstText.p50.toFixed(0)} ms vs provider first token ${p.directFirstToken.p50.toFixed(0)} ms (x${p.ratio.toFixed(2)}); overhead p50 ${p.overheadMs.toFixed(0)} ms`,
      );
      profiles.push(p);
    }
    return { vehicles, rounds, profiles };
  } finally {
    await stack.stop();
    await wire.close();
  }
}

export function renderChatTtft(r: ChatTtftResult): string {
  const p50 = (s: Summary) => ms(s.p50, 0);
  return [
    `### Chat time to first token: our pipeline vs the provider alone (${r.vehicles} demo vehicles, ${r.rounds} rounds of ${TTFT_QUESTIONS.length} questions)`,
    "",
    table(
      [
        "provider profile",
        "samples",
        "provider first token p50 (direct)",
        "provider first sentence p50 (direct)",
        "API retrieval done p50 (meta event)",
        "API first text p50",
        "API first text p95",
        "overhead p50 (API − provider first token)",
        "overhead p50 excl. the sentence wait",
        "ratio (API / provider, medians)",
      ],
      r.profiles.map((p) => [
        `first token ${p.firstTokenDelayMs} ms, then ${p.interTokenDelayMs ? `${p.interTokenDelayMs} ms per token` : "all at once"}`,
        `${p.samples}${p.skipped ? ` (+${p.skipped} with nothing retrieved)` : ""}`,
        p50(p.directFirstToken),
        p50(p.directFirstSentence),
        p50(p.apiRetrievalDone),
        p50(p.apiFirstText),
        ms(p.apiFirstText.p95, 0),
        ms(p.overheadMs, 0),
        ms(p.overheadVsSentenceMs, 0),
        times(p.ratio),
      ]),
    ),
  ].join("\n");
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const i = process.argv.indexOf("--rounds");
  const result = await runChatTtftSuite({ rounds: i > 0 ? Number(process.argv[i + 1]) : undefined });
  console.log(`\n${renderChatTtft(result)}\n`);
}
