import { asText } from "./text";

export const YEAR_MIN = 1900;

export interface YearOptions {
  /** "Today" for the upper bound (current year + 1, as model years run ahead). Defaults to now. */
  now?: Date;
}

function maxYear(opts: YearOptions): number {
  const y =
    opts.now instanceof Date && !Number.isNaN(opts.now.getTime())
      ? opts.now.getUTCFullYear()
      : new Date().getUTCFullYear();
  return y + 1;
}

/**
 * A model year from a number (2019), a year string ("2019", "MY2019", "2019 (69 reg)") or a date
 * ("2019-05-01", "2019-05-01T00:00:00Z"). Null when outside 1900..next year, when the text holds
 * several different years, or when there is no year. Never throws.
 */
export function parseYear(input: unknown, opts: YearOptions = {}): number | null {
  try {
    const max = maxYear(opts);
    const ok = (y: number) => (Number.isInteger(y) && y >= YEAR_MIN && y <= max ? y : null);
    if (typeof input === "number") return ok(input);
    const s = asText(input, 80);
    if (!s || s.length > 60) return null;
    const found = new Set<number>();
    for (const m of s.matchAll(/(?<![\d.,])(1[89]\d\d|2[01]\d\d)(?![\d,]|\.\d)/g)) found.add(Number(m[1]));
    if (found.size !== 1) return null;
    return ok([...found][0]!);
  } catch {
    return null;
  }
}
