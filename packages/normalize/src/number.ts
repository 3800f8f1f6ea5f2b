/**
 * A forgiving reader of human-written numbers ("23,995", "21.990", "545 900", "23.9k"), shared by the price
 * and mileage parsers. Linear in the input, no backtracking regular expressions.
 */

export interface NumberToken {
  /** Index of the first digit in the scanned text. */
  start: number;
  /** Index just past the token (after a k/K suffix when present). */
  end: number;
  /** The digits and separators as written (without the suffix). */
  raw: string;
  /** True when a thousands suffix ("k") followed the digits. */
  thousands: boolean;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** Letters that may touch an amount on its left: currency codes and symbols written as letters. */
const GLUED_PREFIX = /^(?:R|[A-Z]{3}|Fr|kr|US|CA|AU|NZ)$/;
/** Letters that may touch a number on its right: distance units. */
const GLUED_SUFFIX = /^(?:km|kms|mi|mile|miles|k|K|KM|MI)$/;
/** Characters used between digit groups: space, NBSP, narrow NBSP, thin space, apostrophe, right single quote. */
const isGroupSpace = (c: number) =>
  c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x27 || c === 0x2019;

/** Every number written in `s`, in order. Spaces and apostrophes join digit groups only before exactly 3 digits. */
export function scanNumbers(s: string, limit = 20): NumberToken[] {
  const out: NumberToken[] = [];
  const n = s.length;
  let i = 0;
  while (i < n && out.length < limit) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) {
      i++;
      continue;
    }
    // A number glued to letters on its left ("X5", "M50d", "B675VLJ") is part of a word, not an amount,
    // unless the letters are a currency ("R545 900", "CHF45'900", "EUR21.990").
    let w = i;
    while (w > 0 && isLetter(s.charCodeAt(w - 1)) && i - w < 5) w--;
    const gluedLeft = w < i && !GLUED_PREFIX.test(s.slice(w, i));
    const start = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    for (;;) {
      if (i >= n) break;
      const sep = s.charCodeAt(i);
      if (sep === 44 || sep === 46) {
        // , or . followed by at least one digit
        if (i + 1 < n && isDigit(s.charCodeAt(i + 1))) {
          i++;
          while (i < n && isDigit(s.charCodeAt(i))) i++;
          continue;
        }
        break;
      }
      if (isGroupSpace(sep)) {
        let j = i + 1;
        let d = 0;
        while (j < n && isDigit(s.charCodeAt(j)) && d < 4) {
          j++;
          d++;
        }
        if (d === 3 && (j >= n || !isDigit(s.charCodeAt(j)))) {
          i = j;
          continue;
        }
        break;
      }
      break;
    }
    const raw = s.slice(start, i);
    let end = i;
    let thousands = false;
    // "23.9k", "24K", "6k-Mile" (but not "4k" glued into a longer word such as "6kw")
    const k = i < n ? s.charCodeAt(i) : 0;
    if (k === 107 || k === 75) {
      const after = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      const isWordChar = (after >= 65 && after <= 90) || (after >= 97 && after <= 122) || isDigit(after);
      if (!isWordChar) {
        thousands = true;
        end = i + 1;
      }
    }
    // ... and a number glued to letters on its right ("2dr", "3.0L", "1e9") too, unless they are a unit.
    let r = end;
    while (r < n && isLetter(s.charCodeAt(r)) && r - end < 8) r++;
    const gluedRight = !thousands && r > end && !GLUED_SUFFIX.test(s.slice(end, r));
    if (!gluedLeft && !gluedRight) out.push({ start, end, raw, thousands });
    i = Math.max(end, i);
  }
  return out;
}

/**
 * The value of a written number as integer `units` with `decimals` fraction digits kept, deciding which of
 * "," and "." is the decimal mark: the last one when both appear; a lone separator followed by exactly three
 * digits groups thousands ("21.990" = 21990), followed by one or two digits it is the decimal mark.
 * Returns null when the writing is ambiguous or unreadable.
 */
export function readNumber(raw: string, decimals: number): { units: number; hadFraction: boolean } | null {
  const cleaned = raw.replace(/[\s\u00a0\u202f\u2009'\u2019]/g, "");
  if (!/^\d[\d.,]*$/.test(cleaned) || cleaned.length > 24) return null;
  const lastDot = cleaned.lastIndexOf(".");
  const lastComma = cleaned.lastIndexOf(",");
  let decimalMark: "." | "," | null = null;
  if (lastDot >= 0 && lastComma >= 0) decimalMark = lastDot > lastComma ? "." : ",";
  else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? "." : ",";
    const count = cleaned.split(mark).length - 1;
    const tail = cleaned.length - cleaned.lastIndexOf(mark) - 1;
    if (count > 1) decimalMark = null;
    else if (tail === 3) decimalMark = null;
    else if (tail >= 1 && tail <= 2) decimalMark = mark;
    else return null;
  }
  let intPart = cleaned;
  let frac = "";
  if (decimalMark) {
    const idx = cleaned.lastIndexOf(decimalMark);
    intPart = cleaned.slice(0, idx);
    frac = cleaned.slice(idx + 1);
  }
  const groupMark = decimalMark === "." ? "," : decimalMark === "," ? "." : null;
  // Thousands groups must be 3 digits wide: "1,2,3" is not a number.
  const groups = groupMark ? intPart.split(groupMark) : intPart.split(/[.,]/);
  if (groups.length > 1) {
    if (groups.some((g, i) => (i === 0 ? g.length < 1 || g.length > 3 : g.length !== 3))) return null;
  }
  const intDigits = groups.join("");
  if (!/^\d+$/.test(intDigits) || (frac && !/^\d+$/.test(frac))) return null;
  const fracDigits = (frac + "0".repeat(decimals)).slice(0, decimals);
  // Round half up on the first dropped digit.
  const dropped = frac.length > decimals ? Number(frac[decimals]) : 0;
  const units = Number(intDigits + fracDigits) + (dropped >= 5 ? 1 : 0);
  if (!Number.isSafeInteger(units)) return null;
  return { units, hadFraction: frac.length > 0 };
}
