import type { VehicleFields } from "@forecourt/domain";

/**
 * Free text is a case-insensitive substring match over a maintained `search_text` column. Both sides
 * are folded here, in JavaScript (NFC + toLowerCase), so matching is the same on SQLite (whose
 * lower() is ASCII-only) and Postgres, including for non-ASCII text.
 */
export function foldText(value: string): string {
  return value.normalize("NFC").toLowerCase().replace(/\s+/g, " ");
}

/** The fields free text searches (SPEC: make, model, trim, VIN, stock number, colours, description). */
export function buildSearchText(f: VehicleFields): string {
  return foldText(
    [
      f.make,
      f.model,
      f.trim,
      f.vin,
      f.stockNumber,
      f.exteriorColor,
      f.exteriorColorFamily,
      f.interiorColor,
      f.description,
    ]
      .filter((part): part is string => typeof part === "string" && part.length > 0)
      .join(" "),
  );
}

/** The needle to look for, or null when the text is blank (no text filter). */
export function searchNeedle(text: string | undefined): string | null {
  if (text === undefined) return null;
  const folded = foldText(text).trim();
  return folded.length > 0 ? folded : null;
}

/** Escapes LIKE metacharacters for `LIKE ... ESCAPE '\'`: the user's % and _ match literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
