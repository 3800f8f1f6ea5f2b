/**
 * Splits a shopper's sentence into tokens with their positions: numbers (with currency, "k" and "+"
 * marks), ranges ("20k-25k", "2018-2020"), words (letters/digits joined by - ' . &, so "F-150", "4x4",
 * "CR-V" stay whole) and comparison signs. One linear regex pass over bounded input.
 */

export interface NumberInfo {
  value: number;
  /** Written with a currency sign. */
  money: boolean;
  /** Written with a thousands suffix ("30k"). */
  thousands: boolean;
  /** Written with thousands separators ("60,000"). */
  grouped: boolean;
  /** Followed by "+" ("2018+"). */
  plus: boolean;
  integer: boolean;
}

export interface Token {
  /** As written. */
  raw: string;
  /** Lower case, accents folded. */
  norm: string;
  start: number;
  end: number;
  kind: "word" | "number" | "range" | "op";
  num?: NumberInfo;
  /** For ranges: both ends. */
  range?: [NumberInfo, NumberInfo];
  /** A distance unit glued to a number ("30km", "60kmi"). */
  unit?: "mi" | "km";
}

const N = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
const K = String.raw`(?:\s?[kK](?![\p{L}\p{N}]))?`;
const C = String.raw`(?:[$€£]\s?)?`;
const TOKEN = new RegExp(
  [
    String.raw`(?<range>${C}${N}${K}\s?[-–—]\s?${C}${N}${K}(?![\p{L}\p{N}]))`,
    String.raw`(?<num>${C}${N}${K}\+?(?![\p{L}\p{N}]))`,
    String.raw`(?<word>[\p{L}\p{N}]+(?:[-'’.&][\p{L}\p{N}]+)*)`,
    String.raw`(?<op><=|>=|≤|≥|<|>|~|\$|€|£|\+)`,
  ].join("|"),
  "gu",
);
const NUMBER_PART = new RegExp(String.raw`^(${C})(${N})(\s?[kK])?(\+)?$`, "u");
const GLUED_UNIT = /^(\d{1,3}(?:,\d{3})+|\d+)(k)?(km|kms|mi|miles?)$/;

export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

export function readNumberPart(text: string): NumberInfo | null {
  const m = NUMBER_PART.exec(text.trim());
  if (!m) return null;
  const digits = m[2]!.replace(/,/g, "");
  let value = Number(digits);
  if (!Number.isFinite(value)) return null;
  const thousands = !!m[3];
  if (thousands) value *= 1000;
  return {
    value,
    money: m[1]!.trim().length > 0,
    thousands,
    grouped: m[2]!.includes(","),
    plus: !!m[4],
    integer: Number.isInteger(value) && !digits.includes("."),
  };
}

export function tokenize(text: string, maxTokens: number): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (out.length >= maxTokens) break;
    const raw = m[0];
    const start = m.index ?? 0;
    const base = { raw, norm: fold(raw), start, end: start + raw.length };
    const g = m.groups ?? {};
    if (g.range) {
      const parts = raw.split(/\s?[-–—]\s?/);
      const a = readNumberPart(parts[0] ?? "");
      const b = readNumberPart(parts.slice(1).join("-"));
      if (a && b) {
        out.push({ ...base, kind: "range", range: [a, b] });
        continue;
      }
      out.push({ ...base, kind: "word" });
    } else if (g.num) {
      const num = readNumberPart(raw);
      out.push(num ? { ...base, kind: "number", num } : { ...base, kind: "word" });
    } else if (g.word) {
      const glued = GLUED_UNIT.exec(base.norm);
      if (glued) {
        const value = Number(glued[1]!.replace(/,/g, "")) * (glued[2] ? 1000 : 1);
        out.push({
          ...base,
          kind: "number",
          num: {
            value,
            money: false,
            thousands: !!glued[2],
            grouped: glued[1]!.includes(","),
            plus: false,
            integer: true,
          },
          unit: glued[3]!.startsWith("k") ? "km" : "mi",
        });
      } else out.push({ ...base, kind: "word", norm: base.norm.replace(/['’]s$/, "") });
    } else {
      out.push({ ...base, kind: "op" });
    }
  }
  return out;
}
