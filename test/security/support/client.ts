import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { ERROR_CODES } from "../../../workers/api/src/lib/errors";

/** Bindings the `security` project adds (vitest.config.ts) on top of wrangler.toml. */
export const testEnv = env as unknown as Record<string, unknown> & {
  DB: D1Database;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  JWT_HS256_SECRET: string;
  SECURITY_SERVER_URL: string;
  SECURITY_KEYS: string;
  SECURITY_FUZZ_RUNS: string;
  SECURITY_FUZZ_SEED?: string;
  SECURITY_FUZZ_FULL?: string;
};

export const BASE = "https://api.forecourt.test";

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: any;
  /** Set when the Worker answered 101 (already accepted and closed). */
  upgraded: boolean;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Serialised as JSON with Content-Type: application/json unless a Content-Type header is given. */
  json?: unknown;
  rawBody?: BodyInit | null;
  /** Another fetch handler (e.g. the app built with a JWKS-mode environment). Default: the Worker. */
  via?: (request: Request) => Promise<Response>;
}

/** One request into the Worker under test; reads the whole body and closes any WebSocket it opened. */
export async function send(path: string, opts: SendOptions = {}): Promise<Reply> {
  const headers = new Headers(opts.headers);
  let body: BodyInit | null | undefined = opts.rawBody;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new Request(BASE + path, { method: opts.method ?? "GET", headers, body: body ?? null });
  const res: Response = opts.via ? await opts.via(request) : await (exports as any).default.fetch(request);
  let upgraded = false;
  if (res.status === 101 && res.webSocket) {
    res.webSocket.accept();
    res.webSocket.close(1000, "security suite");
    upgraded = true;
  }
  const text = res.status === 101 ? "" : await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, headers: res.headers, text, body: parsed, upgraded };
}

/** The one error shape: {error:{code,message,requestId,details?}}, code from the closed set, id echoed. */
export function errorShapeProblem(r: Reply): string | null {
  const e = r.body?.error;
  if (!e || typeof e !== "object")
    return `status ${r.status} without the JSON error body: ${r.text.slice(0, 120)}`;
  if (!(ERROR_CODES as readonly string[]).includes(e.code))
    return `unknown error code ${JSON.stringify(e.code)}`;
  if (typeof e.message !== "string" || e.message.length === 0) return "error.message missing";
  if (typeof e.requestId !== "string" || e.requestId.length === 0) return "error.requestId missing";
  if (r.headers.get("x-request-id") !== e.requestId)
    return "X-Request-Id header differs from error.requestId";
  const extra = Object.keys(r.body).filter((k) => k !== "error");
  if (extra.length) return `extra top-level keys ${extra.join(",")}`;
  if (/\bat [\w.<>]+ \(|\.ts:\d+|node_modules/.test(r.text)) return "stack trace in the error body";
  return null;
}

// ------------------------------------------------------------------------------------------------------
// "Nothing written": every table of the local D1 gets AFTER INSERT/UPDATE/DELETE triggers (test-only
// instrumentation, installed once per test file) counting row changes per table in `sec_writes`. A
// snapshot reads those counters and re-hashes only the tables whose counter moved, so it stays cheap
// however large the database grows. It compares NET state: a write undone in the same transaction (an
// Idempotency-Key reserved, then released when the request is refused) is not a write.

let instrumented: Promise<void> | null = null;
const counters: Record<string, number> = {};
const hashes: Record<string, string> = {};

async function tableNames(): Promise<string[]> {
  const rows = await testEnv.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' AND name != 'sec_writes' ORDER BY name",
  ).all<{ name: string }>();
  return rows.results.map((r) => r.name);
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

async function hashTables(names: string[]): Promise<void> {
  if (names.length === 0) return;
  const db = testEnv.DB;
  const results = await db.batch(names.map((n) => db.prepare(`SELECT * FROM "${n}"`)));
  names.forEach((n, i) => {
    const rows = ((results[i]?.results ?? []) as Record<string, unknown>[])
      .map((r) => JSON.stringify(r))
      .sort();
    hashes[n] = `${rows.length} rows, ${fnv1a(rows.join("\n"))}`;
  });
}

async function instrument(): Promise<void> {
  const db = testEnv.DB;
  const names = await tableNames();
  await db.prepare("CREATE TABLE IF NOT EXISTS sec_writes (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL)").run();
  await db.batch(
    names.flatMap((t) =>
      ["INSERT", "UPDATE", "DELETE"].map((op) =>
        db.prepare(
          `CREATE TRIGGER IF NOT EXISTS "sec_${t}_${op.toLowerCase()}" AFTER ${op} ON "${t}" BEGIN ` +
            `INSERT INTO sec_writes (tbl, n) VALUES ('${t}', 1) ON CONFLICT (tbl) DO UPDATE SET n = n + 1; END`,
        ),
      ),
    ),
  );
  await hashTables(names);
}

export type Snapshot = Record<string, string>;

/** Every table's content fingerprint (row count and hash), re-read only where rows changed. */
export async function snapshot(): Promise<Snapshot> {
  instrumented ??= instrument();
  await instrumented;
  const rows = await testEnv.DB.prepare("SELECT tbl, n FROM sec_writes").all<{ tbl: string; n: number }>();
  const moved = rows.results.filter((r) => counters[r.tbl] !== r.n);
  for (const r of moved) counters[r.tbl] = r.n;
  await hashTables(moved.map((r) => r.tbl));
  return { ...hashes };
}

/** Tables whose fingerprint differs ("" when none). */
export function diffSnapshots(before: Snapshot, after: Snapshot): string {
  return Object.keys({ ...before, ...after })
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k}: ${before[k]} -> ${after[k]}`)
    .join("; ");
}

// ------------------------------------------------------------------------------------------------------
// Counts per suite: printed, and sent to the globalSetup, which writes test-results/security-report.json.

export class Tally {
  cases = 0;
  readonly failures: string[] = [];
  constructor(readonly suite: string) {}
  ok(condition: boolean, message: () => string): boolean {
    if (!condition) this.failures.push(message());
    return condition;
  }
  async report(notes?: string): Promise<void> {
    const line = `[security] ${this.suite}: ${this.cases} cases, ${this.failures.length} failures${notes ? ` (${notes})` : ""}`;
    console.log(line);
    await fetch(`${testEnv.SECURITY_SERVER_URL}/report`, {
      method: "POST",
      body: JSON.stringify({ suite: this.suite, cases: this.cases, failures: this.failures.length, notes }),
    }).then((r) => r.body?.cancel());
  }
  /** Fails the test listing (up to 40 of) the failures (those since `from`, a `failures.length`). */
  expectNone(from = 0): void {
    const mine = this.failures.slice(from);
    expect(mine.slice(0, 40), `${mine.length} failures in ${this.suite}`).toEqual([]);
  }
  /** Runs `body`, then fails the current test with the failures it added. */
  async check(body: () => Promise<void>): Promise<void> {
    const from = this.failures.length;
    await body();
    this.expectNone(from);
  }
}
