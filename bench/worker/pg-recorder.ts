// Records what a repository sends through `pg` (SQL text, parameters, wave) by wrapping
// Client.prototype.query for the duration of one capture. Works in Node and in workerd. Capturing is
// serialised (the patch is global); timed runs never go through it.
import type pg from "pg";
import { type Statement, WaveTracker } from "./statements";

let busy: Promise<unknown> = Promise.resolve();

export function capturePg<T>(
  pgModule: typeof pg,
  run: () => Promise<T>,
): Promise<{ result: T; statements: Statement[]; results: unknown[] }> {
  const next = busy.then(async () => {
    const tracker = new WaveTracker();
    const results: unknown[] = [];
    const proto = pgModule.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { text: string; values?: unknown[] };
      const text = typeof first === "string" ? first : first.text;
      // drizzle passes (config, params); pg also accepts (text, params) and ({text, values}).
      const values =
        (Array.isArray(args[1]) ? args[1] : typeof first === "string" ? undefined : first.values) ?? [];
      const callback = args.find((a) => typeof a === "function");
      if (callback) {
        tracker.statements.push({ sql: text, params: values, wave: -1, method: "query(callback)" });
        return original.apply(this, args);
      }
      return tracker.track([{ sql: text, params: values, method: "query" }], async () => {
        const r = await (original.apply(this, args) as Promise<unknown>);
        results.push(r);
        return r;
      });
    };
    try {
      const result = await run();
      return { result, statements: tracker.statements, results };
    } finally {
      proto.query = original;
    }
  });
  busy = next.catch(() => {});
  return next;
}

export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Replays recorded statements with plain `client.query(text, values)`: waves in order, a wave concurrently. */
export async function replayPg(client: PgQueryable, waves: Statement[][]): Promise<number> {
  let rows = 0;
  for (const wave of waves) {
    const results = await Promise.all(wave.map((s) => client.query(s.sql, s.params)));
    rows += results.reduce((n, r) => n + r.rows.length, 0);
  }
  return rows;
}

/**
 * Runs `run` with pg's network I/O replaced by the recorded results (connect/end resolve at once, each
 * query answers the next recorded result): everything above the socket — drizzle, the executor, row
 * decoding, cursors, facets — runs for real. Measures the repository's own CPU per call. Node only.
 */
export async function withRecordedPg<T>(
  pgModule: typeof pg,
  results: unknown[],
  run: () => Promise<T>,
): Promise<T> {
  const proto = pgModule.Client.prototype as unknown as Record<
    "query" | "connect" | "end",
    (...args: unknown[]) => unknown
  >;
  const original = { query: proto.query, connect: proto.connect, end: proto.end };
  let i = 0;
  proto.connect = async () => {};
  proto.end = async () => {};
  proto.query = async () => {
    if (i >= results.length) throw new Error("more queries than recorded");
    return results[i++];
  };
  try {
    return await run();
  } finally {
    Object.assign(proto, original);
  }
}
