/** Description analysis: words, stock dealer phrases, shouting, repetition. Bounded work on any input. */

import { DESCRIPTION } from "./rules";

/**
 * Stock dealer phrases, as they read after normalisation (lower case, apostrophes dropped, punctuation as
 * spaces). Words inside these count as boilerplate. Kept to phrases that say nothing about this vehicle.
 */
export const BOILERPLATE_PHRASES: readonly string[] = Object.freeze([
  // calls to action
  "call today",
  "call us today",
  "call now",
  "call us now",
  "call for details",
  "call for more details",
  "call for more info",
  "call for more information",
  "call or text",
  "give us a call",
  "contact us today",
  "contact us",
  "come see",
  "come see us",
  "come in today",
  "come on down",
  "stop by",
  "stop in today",
  "test drive today",
  "schedule a test drive",
  "schedule your test drive",
  "ask for",
  "hurry in",
  "hurry",
  "act fast",
  "act now",
  "dont wait",
  "dont miss",
  "dont miss out",
  "dont miss this one",
  "dont let this one get away",
  "before its gone",
  "get it before its gone",
  "wont last",
  "wont last long",
  "will not last",
  "will not last long",
  "wont be around long",
  "first come first served",
  "must see",
  "a must see",
  "must go",
  "priced to sell",
  "priced to move",
  "priced right",
  // empty praise
  "great car",
  "nice car",
  "great deal",
  "great price",
  "best price",
  "best deal",
  "runs great",
  "runs and drives great",
  "drives great",
  "like new",
  "super clean",
  "very clean",
  "extra clean",
  "clean car",
  "mint condition",
  "excellent condition",
  "perfect condition",
  "ready to go",
  "fully loaded",
  "one of a kind",
  "a real beauty",
  "wont find a better",
  "you wont be disappointed",
  // financing pitches
  "we finance",
  "financing available",
  "easy financing",
  "all credit welcome",
  "all credit types welcome",
  "bad credit",
  "no credit",
  "bad credit no credit",
  "everyone approved",
  "everybody rides",
  "buy here pay here",
  // legal small print
  "see dealer for details",
  "see dealer",
  "prices do not include",
  "price does not include",
  "plus tax title and license",
  "tax title and license",
  "tax title license",
  "dealer fees",
  "documentation fee",
  "not responsible for typographical errors",
  "typographical errors",
  "subject to prior sale",
  "while supplies last",
]);

const PHRASES_BY_FIRST: ReadonlyMap<string, readonly string[][]> = (() => {
  const map = new Map<string, string[][]>();
  for (const phrase of BOILERPLATE_PHRASES) {
    const words = phrase.split(" ");
    const list = map.get(words[0]!) ?? [];
    list.push(words);
    map.set(words[0]!, list);
  }
  // Longest first, so "wont last long" wins over "wont last".
  for (const list of map.values()) list.sort((a, b) => b.length - a.length);
  return map;
})();

export interface DescriptionAnalysis {
  /** Text after tag stripping and whitespace folding (cut to DESCRIPTION.maxChars). */
  text: string;
  chars: number;
  words: number;
  /** Distinct words / words over the first DESCRIPTION.uniqueWindow words; 1 for an empty text. */
  uniqueRatio: number;
  /** Share of words inside boilerplate phrases. */
  boilerplateRatio: number;
  /** Distinct boilerplate phrases found, in order of first appearance. */
  boilerplatePhrases: string[];
  /** Upper-case share of cased letters; 0 when there are none. */
  upperRatio: number;
  letters: number;
  exclamations: number;
  /** Sentences (of 3+ words) that repeat an earlier one. */
  repeatedSentences: number;
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  rsquo: "'",
  lsquo: "'",
  ndash: "-",
  mdash: "-",
  hellip: "...",
};

/** Strip tags and the common entities, fold whitespace. */
export function cleanText(raw: string): string {
  const cut = raw.length > DESCRIPTION.maxChars * 2 ? raw.slice(0, DESCRIPTION.maxChars * 2) : raw;
  const text = cut
    .replace(/<(?:br|\/p|\/div|\/li|li)\b[^>]{0,500}>/gi, ". ")
    .replace(/<[^>]{0,1000}>/g, " ")
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (m, name: string) => {
      if (name.startsWith("#")) {
        const code =
          name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
          ? String.fromCodePoint(code)
          : " ";
      }
      return ENTITIES[name.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, " ")
    .trim();
  return text.length > DESCRIPTION.maxChars ? text.slice(0, DESCRIPTION.maxChars) : text;
}

/** Lower-case word tokens; apostrophes are dropped inside words ("won't" → "wont"). */
export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/['’‘`´]/g, "")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function countMatches(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

export function analyzeDescription(raw: string): DescriptionAnalysis {
  const text = cleanText(raw);
  const tokens = tokenize(text);
  const words = tokens.length;

  // Boilerplate: mark the words covered by any phrase.
  const covered = new Uint8Array(words);
  const found: string[] = [];
  for (let i = 0; i < words; i++) {
    const candidates = PHRASES_BY_FIRST.get(tokens[i]!);
    if (candidates === undefined) continue;
    for (const phrase of candidates) {
      if (i + phrase.length > words) continue;
      let ok = true;
      for (let k = 1; k < phrase.length; k++) {
        if (tokens[i + k] !== phrase[k]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      for (let k = 0; k < phrase.length; k++) covered[i + k] = 1;
      const joined = phrase.join(" ");
      if (!found.includes(joined)) found.push(joined);
      break;
    }
  }
  let coveredCount = 0;
  for (let i = 0; i < words; i++) coveredCount += covered[i]!;

  const window = tokens.slice(0, DESCRIPTION.uniqueWindow);
  const uniqueRatio = window.length === 0 ? 1 : new Set(window).size / window.length;

  const upper = countMatches(text, /\p{Lu}/gu);
  const lower = countMatches(text, /\p{Ll}/gu);
  const letters = upper + lower;

  const seen = new Set<string>();
  let repeatedSentences = 0;
  for (const sentence of text.split(/[.!?;\n\r]+/)) {
    const t = tokenize(sentence);
    if (t.length < DESCRIPTION.repeatedSentenceMinWords) continue;
    const key = t.join(" ");
    if (seen.has(key)) repeatedSentences++;
    else seen.add(key);
  }

  return {
    text,
    chars: text.length,
    words,
    uniqueRatio,
    boilerplateRatio: words === 0 ? 0 : coveredCount / words,
    boilerplatePhrases: found,
    upperRatio: letters === 0 ? 0 : upper / letters,
    letters,
    exclamations: countMatches(text, /!/g),
    repeatedSentences,
  };
}
