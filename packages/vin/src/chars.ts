/**
 * Character-level inspection of a trimmed candidate VIN: one pass, no regular expressions, bounded work.
 * Only plain ASCII digits and letters are accepted; everything else is described for the person who typed it.
 */

/** Beyond this many UTF-16 units the input is only measured, not inspected character by character. */
export const SCAN_LIMIT = 256;

/** Kinds of invalid character, as bit flags. */
export const KIND_SEPARATOR = 1;
export const KIND_LOOKALIKE = 2;
export const KIND_OTHER = 4;
export type InvalidKind = typeof KIND_SEPARATOR | typeof KIND_LOOKALIKE | typeof KIND_OTHER;

export interface CharFinding {
  /** 1-based position, counted in characters (code points). */
  position: number;
  /** The character as given, e.g. "O" or "o", for forbidden letters; a description otherwise. */
  text: string;
}

export interface Scan {
  /** Length in characters (code points); UTF-16 units when the input is longer than SCAN_LIMIT. */
  length: number;
  /** False when the input was too long to inspect. */
  inspected: boolean;
  invalidCount: number;
  firstInvalid: CharFinding | null;
  /** Bit set of the kinds of invalid characters found (for the hint). */
  invalidKinds: number;
  forbiddenCount: number;
  firstForbidden: CharFinding | null;
  hasLowercase: boolean;
}

// biome-ignore format: look-alike table, code point → the Latin letter it imitates
const LOOKALIKES: ReadonlyMap<number, string> = new Map<number, string>([
  // Cyrillic
  [0x0410, "A"], [0x0412, "B"], [0x0415, "E"], [0x041a, "K"], [0x041c, "M"], [0x041d, "H"], [0x041e, "O"],
  [0x0420, "P"], [0x0421, "C"], [0x0422, "T"], [0x0423, "Y"], [0x0425, "X"], [0x0405, "S"], [0x0406, "I"],
  [0x0408, "J"], [0x051a, "Q"], [0x051c, "W"], [0x0430, "a"], [0x0435, "e"], [0x043e, "o"], [0x0440, "p"],
  [0x0441, "c"], [0x0443, "y"], [0x0445, "x"], [0x0455, "s"], [0x0456, "i"], [0x0458, "j"], [0x04bb, "h"],
  [0x0501, "d"],
  // Greek
  [0x0391, "A"], [0x0392, "B"], [0x0395, "E"], [0x0396, "Z"], [0x0397, "H"], [0x0399, "I"], [0x039a, "K"],
  [0x039c, "M"], [0x039d, "N"], [0x039f, "O"], [0x03a1, "P"], [0x03a4, "T"], [0x03a5, "Y"], [0x03a7, "X"],
  [0x03bf, "o"], [0x03bd, "v"],
  // Latin and letterlike symbols
  [0x0131, "i"], [0x017f, "s"], [0x212a, "K"], [0x212b, "A"],
]);

function hex(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

function scriptOf(codePoint: number): string {
  if (codePoint >= 0x0400 && codePoint <= 0x052f) return "Cyrillic";
  if (codePoint >= 0x0370 && codePoint <= 0x03ff) return "Greek";
  return "look-alike";
}

function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    cp === 0xfeff
  );
}

function isUnicodeSpace(cp: number): boolean {
  return (
    cp === 0x00a0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

function isDashLike(cp: number): boolean {
  return (cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0xfe58 || cp === 0xfe63 || cp === 0xff0d;
}

/** Describe a character that cannot appear in a VIN, and classify it for the hint. */
export function describeInvalid(cp: number): { text: string; kind: InvalidKind } {
  if (cp === 0x20) return { text: "a space", kind: KIND_SEPARATOR };
  if (cp === 0x2d) return { text: "a dash '-'", kind: KIND_SEPARATOR };
  if (cp === 0x09) return { text: "a tab", kind: KIND_SEPARATOR };
  if (cp === 0x0a || cp === 0x0d) return { text: `a line break (${hex(cp)})`, kind: KIND_SEPARATOR };
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
    return { text: `a control character (${hex(cp)})`, kind: KIND_OTHER };
  if (cp === 0x2e || cp === 0x2f || cp === 0x5f)
    return { text: `'${String.fromCharCode(cp)}'`, kind: KIND_SEPARATOR };
  if (cp === 0x27) return { text: `an apostrophe "'"`, kind: KIND_OTHER };
  if (cp < 0x7f) return { text: `'${String.fromCharCode(cp)}'`, kind: KIND_OTHER };
  if (isInvisible(cp)) return { text: `an invisible character (${hex(cp)})`, kind: KIND_SEPARATOR };
  if (isUnicodeSpace(cp)) return { text: `a non-standard space (${hex(cp)})`, kind: KIND_SEPARATOR };
  if (isDashLike(cp))
    return { text: `a dash-like character '${String.fromCodePoint(cp)}' (${hex(cp)})`, kind: KIND_SEPARATOR };
  if (cp >= 0xd800 && cp <= 0xdfff) return { text: `a broken character (${hex(cp)})`, kind: KIND_OTHER };
  if (cp >= 0xff10 && cp <= 0xff5a) {
    const plain = String.fromCharCode(cp - 0xfee0);
    return {
      text: `a full-width '${String.fromCodePoint(cp)}' (${hex(cp)}, the plain form is '${plain}')`,
      kind: KIND_LOOKALIKE,
    };
  }
  const latin = LOOKALIKES.get(cp);
  if (latin !== undefined) {
    return {
      text: `${scriptOf(cp)} '${String.fromCodePoint(cp)}' (${hex(cp)}, looks like Latin '${latin}')`,
      kind: KIND_LOOKALIKE,
    };
  }
  return { text: `'${String.fromCodePoint(cp)}' (${hex(cp)})`, kind: KIND_OTHER };
}

/** Inspect a trimmed, non-empty candidate. */
export function scanCandidate(s: string): Scan {
  const scan: Scan = {
    length: s.length,
    inspected: s.length <= SCAN_LIMIT,
    invalidCount: 0,
    firstInvalid: null,
    invalidKinds: 0,
    forbiddenCount: 0,
    firstForbidden: null,
    hasLowercase: false,
  };
  if (!scan.inspected) return scan;

  let position = 0;
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    position++;

    if (cp >= 48 && cp <= 57) continue; // 0-9
    const upper = cp >= 97 && cp <= 122 ? cp - 32 : cp;
    if (upper >= 65 && upper <= 90) {
      if (upper !== cp) scan.hasLowercase = true;
      if (upper === 73 || upper === 79 || upper === 81) {
        // I, O, Q
        scan.forbiddenCount++;
        if (scan.firstForbidden === null) scan.firstForbidden = { position, text: String.fromCharCode(cp) };
      }
      continue;
    }
    const { text, kind } = describeInvalid(cp);
    scan.invalidCount++;
    scan.invalidKinds |= kind;
    if (scan.firstInvalid === null) scan.firstInvalid = { position, text };
  }
  scan.length = position;
  return scan;
}

/** `s` cut to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const last = s.charCodeAt(max - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
