/**
 * Prefixed, time-sortable ids: `<prefix>_` + 10 chars of millisecond time + 16 chars of randomness
 * (80 bits), both in lower-case Crockford base32 (ULID layout). Lexicographic order = creation order
 * (to the millisecond), so ids work as stable keyset-pagination tie-breakers.
 */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export const ID_PREFIXES = {
  dealership: "dlr",
  vehicle: "veh",
  apiKey: "key",
  request: "req",
  scrapeJob: "job",
  deadLetter: "dlq",
  vectorMigration: "vmig",
  aiUsage: "use",
  conversation: "cnv",
} as const;
export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

export function newId(prefix: IdPrefix, nowMs: number = Date.now()): string {
  let time = "";
  let t = Math.max(0, Math.floor(nowMs));
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let rand = "";
  for (const b of bytes) rand += ALPHABET[b & 31];
  return `${prefix}_${time}${rand}`;
}

const ID_RE = /^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/;
export function isWellFormedId(id: string, prefix?: IdPrefix): boolean {
  return ID_RE.test(id) && (!prefix || id.startsWith(`${prefix}_`));
}
