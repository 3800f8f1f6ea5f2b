import { DEFAULT_CHAT_MODEL } from "../catalog";
import { type ParsedVehicleRecord, vehicleRecordsFromMessages } from "../context";
import { approxMessageTokens, approxTokens, estimateChatCost, resolveMaxOutput } from "../tokens";
import type {
  ChatModel,
  ChatRequest,
  ChatResult,
  ChatStreamEvent,
  CostEstimate,
  FinishReason,
  TokenUsage,
} from "../types";
import { LlmError } from "../types";
import { validateChatRequest } from "../validate";
import { STOPWORDS, stem, textConcepts, words } from "./lexicon";

/**
 * `local-extractive`: the local chat "model". It is NOT a language model and follows no instructions at all:
 * it reads the vehicle records of the `<vehicles>` convention from system messages, ranks them against the
 * last user message, and answers by quoting structured fields of the best records, citing `[id]`. See the
 * package README for the convention and the exact behaviour.
 */

export const LOCAL_NO_MATCH_PREFIX = "I could not find a vehicle in our inventory that matches";
const MAX_RECORDS_IN_ANSWER = 3;

export interface LocalChatOptions {
  provider: "local";
  /** Default 1024 (the answer is cut at a word boundary beyond it; finishReason "length"). */
  maxOutputTokens?: number;
  /** Simulated per-word delay of stream() in ms (default 0), for UI and time-to-first-token tests. */
  streamDelayMs?: number;
}

interface Constraints {
  priceMax?: number;
  priceMin?: number;
  mileageMax?: number;
  yearMin?: number;
  yearMax?: number;
}

function amount(num: string, suffix: string | undefined): number {
  const n = Number(num.replace(/,/g, ""));
  return suffix && /^(k|thousand)$/i.test(suffix) ? n * 1000 : n;
}

/** Numeric hints in the question: "under $30k", "below 50,000 miles", "2019 or newer", "before 2015". */
export function questionConstraints(q: string): Constraints {
  const c: Constraints = {};
  const s = q.toLowerCase();
  const num = String.raw`\$?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|thousand)?`;
  for (const m of s.matchAll(
    new RegExp(
      String.raw`\b(under|below|less than|cheaper than|max(?:imum)?|up to|at most|no more than)\s+${num}(\s*(?:miles|mi|km|kms)\b)?`,
      "g",
    ),
  )) {
    const v = amount(m[2]!, m[3]);
    if (m[4]) c.mileageMax = v;
    else if (/\$/.test(m[0]) || m[3] || v >= 1000) c.priceMax = v;
  }
  for (const m of s.matchAll(
    new RegExp(String.raw`\b(over|above|more than|at least)\s+${num}(\s*(?:miles|mi|km)\b)?`, "g"),
  )) {
    const v = amount(m[2]!, m[3]);
    if (!m[4] && (/\$/.test(m[0]) || m[3] || v >= 1000)) c.priceMin = v;
  }
  for (const m of s.matchAll(
    /\b((?:19|20)\d\d)\s*(?:or|and)\s*(newer|later|up|above|older|earlier|before)\b/g,
  )) {
    if (/newer|later|up|above/.test(m[2]!)) c.yearMin = Number(m[1]);
    else c.yearMax = Number(m[1]);
  }
  for (const m of s.matchAll(/\b(newer than|after|since)\s+((?:19|20)\d\d)\b/g))
    c.yearMin = Number(m[2]) + (m[1] === "since" ? 0 : 1);
  for (const m of s.matchAll(/\b(older than|before)\s+((?:19|20)\d\d)\b/g)) c.yearMax = Number(m[2]) - 1;
  return c;
}

/** The first number in a field value ("$32,995" -> 32995, "41,200 mi" -> 41200), else null. */
function fieldNumber(v: string | undefined): number | null {
  if (!v) return null;
  const m = /(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)/.exec(v);
  return m ? Number(m[1]!.replace(/,/g, "")) : null;
}

function violates(r: ParsedVehicleRecord, c: Constraints): boolean {
  const price = fieldNumber(r.fields.price);
  const miles = fieldNumber(r.fields.mileage);
  const year = fieldNumber(r.fields.year ?? r.fields.title);
  if (c.priceMax !== undefined && (price === null || price > c.priceMax)) return true;
  if (c.priceMin !== undefined && (price === null || price < c.priceMin)) return true;
  if (c.mileageMax !== undefined && (miles === null || miles > c.mileageMax)) return true;
  if (c.yearMin !== undefined && (year === null || year < c.yearMin)) return true;
  if (c.yearMax !== undefined && (year === null || year > c.yearMax)) return true;
  return false;
}

const category = (concept: string) => concept.slice(0, concept.indexOf(":"));

/** Words that say nothing about which vehicle is wanted. */
const CHATTER = new Set(
  "hi hello hey thanks thank tell know recommend good best great nice cheap cheapest new used deal deals buy buying sell price prices priced cost under below over above less more than miles mile mileage low high year years old newer older or and".split(
    " ",
  ),
);

interface Ranked {
  record: ParsedVehicleRecord;
  score: number;
  order: number;
}

/** Ranks records for a question; `generic` = the question named nothing to match on. */
export function rankRecords(
  question: string,
  records: readonly ParsedVehicleRecord[],
): { ranked: Ranked[]; generic: boolean } {
  const qWords = words(question);
  const qConcepts = new Set(textConcepts(qWords));
  const qCategories = new Map<string, Set<string>>();
  for (const c of qConcepts) {
    const k = category(c);
    if (k === "model") continue; // model concepts also carry make/body; a model word is matched as a word
    if (!qCategories.has(k)) qCategories.set(k, new Set());
    qCategories.get(k)!.add(c);
  }
  const qTerms = new Set(
    qWords.filter((w) => !STOPWORDS.has(w) && !CHATTER.has(w) && !/^\d+(\.\d+)?k?$/.test(w)).map(stem),
  );
  // year words ("2021") stay as terms
  for (const w of qWords) if (/^(19|20)\d\d$/.test(w)) qTerms.add(w);
  const constraints = questionConstraints(question);
  const hasConstraints = Object.keys(constraints).length > 0;
  const generic = qTerms.size === 0 && qCategories.size === 0;

  const ranked: Ranked[] = [];
  records.forEach((record, order) => {
    if (violates(record, constraints)) return;
    const text = Object.values(record.fields).join(" ");
    const rWords = words(text);
    const rConcepts = new Set(textConcepts(rWords));
    // every category the question names must be met (a "Tesla" question is not answered with a Ford)
    for (const [, wanted] of qCategories) {
      if (![...wanted].some((c) => rConcepts.has(c))) return;
    }
    const rTerms = new Set(rWords.map(stem));
    for (const w of rWords) rTerms.add(w.replace(/[-.]/g, ""));
    let score = 0;
    for (const c of qConcepts) if (rConcepts.has(c)) score += 3;
    for (const t of qTerms) if (rTerms.has(t) || rTerms.has(t.replace(/[-.]/g, ""))) score += 1;
    // with numeric hints, meeting them (and every named category) is relevance enough
    if (!generic && score === 0 && !hasConstraints) return;
    ranked.push({ record, score, order });
  });
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  return { ranked, generic: generic && !hasConstraints };
}

function describe(r: ParsedVehicleRecord): string {
  const f = r.fields;
  const name = f.title || [f.year, f.make, f.model, f.trim].filter(Boolean).join(" ") || "vehicle";
  const facts: string[] = [];
  if (f.body) facts.push(`body style ${f.body}`);
  if (f.condition) facts.push(`condition ${f.condition}`);
  if (f.price) facts.push(`price ${f.price}`);
  if (f.mileage) facts.push(`mileage ${f.mileage}`);
  if (f.exterior) facts.push(`exterior ${f.exterior}`);
  if (f.interior) facts.push(`interior ${f.interior}`);
  if (f.drivetrain) facts.push(`drivetrain ${f.drivetrain}`);
  if (f.fuel) facts.push(`fuel ${f.fuel}`);
  if (f.transmission) facts.push(`transmission ${f.transmission}`);
  if (f.engine) facts.push(`engine ${f.engine}`);
  if (f.vin) facts.push(`VIN ${f.vin}`);
  const list = facts.length ? `: ${facts.join(", ")}.` : ".";
  return `The ${name} [${r.id}]${list}`;
}

/** The full answer text for a request (deterministic). */
export function localAnswer(request: ChatRequest): string {
  const records = vehicleRecordsFromMessages(request.messages);
  const lastUser = [...request.messages].reverse().find((m) => m.role === "user");
  // A shopper-typed block is not data: drop it from the question too.
  const question = (lastUser?.content ?? "").replace(/<\/?vehicles>/gi, " ");
  if (records.length === 0) {
    return `${LOCAL_NO_MATCH_PREFIX} your question: I was not given any vehicle records to answer from.`;
  }
  const { ranked, generic } = rankRecords(question, records);
  if (ranked.length === 0) {
    return `${LOCAL_NO_MATCH_PREFIX} your question among the ${records.length} vehicle${records.length === 1 ? "" : "s"} I was given.`;
  }
  const chosen = ranked.slice(0, MAX_RECORDS_IN_ANSWER).map((r) => r.record);
  const intro = generic
    ? `Here ${chosen.length === 1 ? "is a vehicle" : "are some vehicles"} from our inventory.`
    : `I found ${ranked.length === 1 ? "one vehicle" : `${ranked.length} vehicles`} that match${ranked.length === 1 ? "es" : ""} your question${ranked.length > chosen.length ? `; here are the best ${chosen.length}` : ""}.`;
  return [intro, ...chosen.map(describe)].join(" ");
}

export class LocalExtractiveChatModel implements ChatModel {
  readonly provider = "local";
  readonly modelId = DEFAULT_CHAT_MODEL.local;
  readonly limits: ChatModel["limits"];
  readonly pricing = { inputPerMTok: 0, outputPerMTok: 0 };
  readonly #delayMs: number;

  constructor(options: Omit<LocalChatOptions, "provider"> = {}) {
    this.limits = { contextTokens: 1_000_000, maxOutputTokens: options.maxOutputTokens ?? 1024 };
    this.#delayMs = options.streamDelayMs ?? 0;
  }

  estimateCost(request: ChatRequest): CostEstimate {
    return estimateChatCost(this, request);
  }

  cost(_usage: TokenUsage): number {
    return 0;
  }

  #answer(request: ChatRequest): { text: string; usage: TokenUsage; finishReason: FinishReason } {
    const inputTokens = approxMessageTokens(request.messages ?? []);
    validateChatRequest(this.provider, request, this.limits, inputTokens);
    if (request.signal?.aborted)
      throw new LlmError("local", "timeout", "local: the call was aborted", { retryable: false });
    let text = localAnswer(request);
    let finishReason: FinishReason = "stop";
    const max = resolveMaxOutput(this, request);
    if (approxTokens(text) > max) {
      const cut = text.slice(0, max * 4);
      const space = cut.lastIndexOf(" ");
      text = space > 0 ? cut.slice(0, space) : cut;
      finishReason = "length";
    }
    return { text, usage: { inputTokens, outputTokens: approxTokens(text) }, finishReason };
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const a = this.#answer(request);
    return { ...a, provider: this.provider, modelId: this.modelId };
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const a = this.#answer(request);
    for (const m of a.text.matchAll(/\S+\s*/g)) {
      if (this.#delayMs > 0) await new Promise((r) => setTimeout(r, this.#delayMs));
      if (request.signal?.aborted)
        throw new LlmError("local", "timeout", "local: the call was aborted", { retryable: false });
      yield { type: "text", delta: m[0] };
    }
    yield { type: "usage", usage: a.usage };
    yield { type: "done", finishReason: a.finishReason, provider: this.provider, modelId: this.modelId };
  }
}
