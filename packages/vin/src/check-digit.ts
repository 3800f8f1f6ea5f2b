/**
 * ISO 3779 / 49 CFR 565.15 check digit (position 9).
 *
 * Each character is transliterated to a number (digits as themselves; letters per the table below, I, O and Q
 * never occur), multiplied by the weight of its position, and the sum taken modulo 11; a remainder of 10 is
 * written 'X'. Position 9 itself has weight 0, so whatever it holds does not affect the result.
 */

const WEIGHTS: readonly number[] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

// biome-ignore format: transliteration table
const LETTER_VALUES: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};

/** Char code (0–127) → transliterated value, or -1 for a character that cannot appear in a VIN. */
const VALUE_BY_CODE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let d = 0; d <= 9; d++) table[48 + d] = d;
  for (const [letter, value] of Object.entries(LETTER_VALUES)) table[letter.charCodeAt(0)] = value;
  return table;
})();

/**
 * The check digit ('0'–'9' or 'X') for a 17-character VIN in canonical form (upper-case ASCII letters other
 * than I, O, Q, and digits), or null when the argument is not such a string. Does not trim or change case:
 * pass the result of `normaliseVin`.
 */
export function computeCheckDigit(vin17: string): string | null {
  if (typeof vin17 !== "string" || vin17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const code = vin17.charCodeAt(i);
    const value = code < 128 ? (VALUE_BY_CODE[code] ?? -1) : -1;
    if (value < 0) return null;
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const remainder = sum % 11;
  return remainder === 10 ? "X" : String(remainder);
}
