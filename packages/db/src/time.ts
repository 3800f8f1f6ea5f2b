/**
 * Timestamps cross the repository boundary as ISO-8601 UTC strings with milliseconds
 * (`2026-01-02T03:04:05.678Z`), identically on every driver. Inputs are normalised on the way in
 * (so SQLite's text order is time order) and database values on the way out.
 */

/** Normalises any ISO-8601 timestamp (any offset, with or without ms) to `toISOString()` form. */
export function normaliseIso(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 timestamp: ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

/**
 * Database timestamp → ISO. Accepts `Date`, ISO strings (D1) and Postgres' text output
 * (`2026-01-02 03:04:05.678+00`, `...+05:30`), which drizzle's pg drivers pass through unparsed.
 */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "string")
    throw new TypeError(`expected a timestamp from the database, got ${String(value)}`);
  const pgText = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?$/.exec(value);
  if (pgText) return normaliseIso(`${pgText[1]}T${pgText[2]}${pgText[3]}:${pgText[4] ?? "00"}`);
  return normaliseIso(value);
}

export function toIsoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIso(value);
}
