import type { Vehicle } from "@forecourt/domain";

/**
 * Checks an answer sentence by sentence before the shopper sees it: every cited id must be one of the
 * vehicles retrieved for this dealership, and every price, VIN, model year and mileage the sentence states
 * must be the value of a vehicle it cites (or, in a sentence citing none, of some retrieved vehicle).
 * Amounts after "under", "below", "up to"... restate a constraint and are not facts about a vehicle.
 */

export const CITATION = /\[([A-Za-z0-9_.:-]{1,64})\]/g;
const VIN = /\b(?=[A-HJ-NPR-Z0-9]{17}\b)(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-HJ-NPR-Z0-9]{17}\b/gi;
const MONEY =
  /((?:under|below|less than|up to|within|at most|over|above|more than|at least|budget of|max(?:imum)?|around|about)\s+)?(?:[A-Z]{0,3}[$€£])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(\s?[kK]\b)?/gi;
const MILES =
  /((?:under|below|less than|up to|within|at most|over|above|more than|at least|max(?:imum)?|around|about)\s+)?\b(\d{1,3}(?:,\d{3})+|\d+)(\s?[kK])?\s?(?:mi|miles|mile)\b/gi;
const YEAR = /(?<![\d,.$])\b(19[5-9]\d|20[0-4]\d)\b(?![\d,]|\.\d)/g;

export interface SentenceCheck {
  ok: boolean;
  cited: string[];
  problems: string[];
}

const exponent = (currency: string) => (currency === "JPY" || currency === "KRW" ? 0 : 2);

export function checkSentence(sentence: string, retrieved: ReadonlyMap<string, Vehicle>): SentenceCheck {
  const problems: string[] = [];
  const cited = [...new Set([...sentence.matchAll(CITATION)].map((m) => m[1]!))];
  for (const id of cited)
    if (!retrieved.has(id)) problems.push(`cites ${id}, which was not retrieved for this dealership`);
  const scope = cited.length
    ? cited.map((id) => retrieved.get(id)).filter((v): v is Vehicle => !!v)
    : [...retrieved.values()];
  let text = sentence.replace(CITATION, " ");
  for (const m of text.matchAll(VIN)) {
    const vin = m[0].toUpperCase();
    if (!scope.some((v) => v.vin.toUpperCase() === vin))
      problems.push(`VIN ${vin} is not the VIN of a cited vehicle`);
  }
  text = text.replace(VIN, " ");
  for (const m of text.matchAll(MONEY)) {
    if (m[1]) continue;
    const major = Number(m[2]!.replace(/,/g, "")) * (m[4] ? 1000 : 1);
    const cents = m[3] ? Number(m[3].padEnd(2, "0")) : 0;
    const ok = scope.some((v) => {
      if (!v.price) return false;
      const e = exponent(v.price.currency);
      return v.price.amount === Math.round(major * 10 ** e + (e ? cents : 0));
    });
    if (!ok) problems.push(`price ${m[0].trim()} is not the price of a cited vehicle`);
  }
  text = text.replace(MONEY, " ");
  for (const m of text.matchAll(MILES)) {
    if (m[1]) continue;
    const miles = Number(m[2]!.replace(/,/g, "")) * (m[3] ? 1000 : 1);
    const approx = !!m[3];
    const ok = scope.some(
      (v) => v.mileage !== null && (approx ? Math.abs(v.mileage - miles) < 1000 : v.mileage === miles),
    );
    if (!ok) problems.push(`mileage ${m[0].trim()} is not the mileage of a cited vehicle`);
  }
  text = text.replace(MILES, " ");
  for (const m of text.matchAll(YEAR)) {
    const year = Number(m[1]);
    if (!scope.some((v) => v.year === year))
      problems.push(`year ${year} is not the model year of a cited vehicle`);
  }
  return { ok: problems.length === 0, cited, problems };
}

const BOUNDARY = /([.!?](?:\s*\[[A-Za-z0-9_.:-]{1,64}\])*)(\s+)(?=\S)|(\n+)/g;

/**
 * Splits a streamed answer into sentences as the deltas arrive: a sentence ends at . ! ? (plus any
 * citations right after it) followed by white space and more text, or at a line break. `push` returns the
 * sentences completed so far; `flush` the rest at the end of the stream.
 */
export class SentenceSplitter {
  #buffer = "";
  /** Longest sentence held back before it is released for checking anyway. */
  constructor(private readonly maxChars = 2_000) {}

  push(delta: string): string[] {
    this.#buffer += delta;
    const out: string[] = [];
    for (;;) {
      BOUNDARY.lastIndex = 0;
      const m = BOUNDARY.exec(this.#buffer);
      if (!m) break;
      const end = m.index + m[0].length;
      out.push(this.#buffer.slice(0, end));
      this.#buffer = this.#buffer.slice(end);
    }
    if (this.#buffer.length > this.maxChars) {
      out.push(this.#buffer);
      this.#buffer = "";
    }
    return out;
  }

  flush(): string {
    const rest = this.#buffer;
    this.#buffer = "";
    return rest;
  }
}
