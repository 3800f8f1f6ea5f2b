/** Decoding of driver values into domain values, tolerant of how each driver returns them. */

/** Integers: D1 returns numbers; Postgres bigint/count(*) arrive as strings. */
export function toNumber(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`expected a number from the database, got ${String(value)}`);
  return n;
}

export function toNumberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value);
}

export function toStringOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** JSON columns: SQLite returns the text, Postgres (jsonb) the parsed value. */
export function fromJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
