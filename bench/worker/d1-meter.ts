// A D1Database look-alike that forwards to the real binding and sums what D1 reports on every result:
// `meta.rows_read`, `meta.rows_written` (what D1 bills) and `meta.duration` (SQL time inside the database),
// plus the statements sent and the wall time spent waiting on D1. Used by the metered bench entries
// (metered-scraper.ts, metered-api.ts) for the `d1-rows` suite; the timed suites never run through it.
// `first()` is served by `all()` (only `all`/`run`/`batch` results carry meta); `raw()` carries no meta and is
// counted in `unmetered` (the repositories never call it: drizzle's `db.all` and `batch` only).

export interface D1Totals {
  statements: number;
  /** D1 round trips (a batch is one). */
  calls: number;
  rowsRead: number;
  rowsWritten: number;
  /** Sum of `meta.duration` (ms of SQL execution reported by D1). */
  sqlMs: number;
  /** Sum of wall ms awaiting D1 calls (overlapping calls each counted). */
  waitMs: number;
  /** Statements whose result carried no meta (raw()). */
  unmetered: number;
}

export const emptyTotals = (): D1Totals => ({
  statements: 0,
  calls: 0,
  rowsRead: 0,
  rowsWritten: 0,
  sqlMs: 0,
  waitMs: 0,
  unmetered: 0,
});

type Meta = { rows_read?: number; rows_written?: number; duration?: number };

const REAL = Symbol("real statement");

class MeteredStatement {
  [REAL]: D1PreparedStatement;
  constructor(
    private readonly meter: D1Meter,
    real: D1PreparedStatement,
  ) {
    this[REAL] = real;
  }
  bind(...params: unknown[]) {
    return new MeteredStatement(this.meter, this[REAL].bind(...params));
  }
  all<T = unknown>() {
    return this.meter.call(1, async () => {
      const r = await this[REAL].all<T>();
      this.meter.add(r.meta);
      return r;
    });
  }
  run<T = unknown>() {
    return this.meter.call(1, async () => {
      const r = await this[REAL].run<T>();
      this.meter.add(r.meta);
      return r;
    });
  }
  async first<T = unknown>(col?: string) {
    const r = await this.all<Record<string, unknown>>();
    const row = r.results[0];
    if (row === undefined) return null;
    return (col === undefined ? row : (row[col] ?? null)) as T;
  }
  raw<T = unknown[]>(opts?: { columnNames?: boolean }) {
    return this.meter.call(1, async () => {
      this.meter.totals.unmetered++;
      return (opts ? this[REAL].raw<T>(opts as { columnNames: true }) : this[REAL].raw<T>()) as Promise<T[]>;
    });
  }
}

/** A class, not a plain object: drizzle() treats a plain object as its own config. */
export class D1Meter {
  readonly totals: D1Totals = emptyTotals();
  constructor(private readonly db: D1Database) {}

  add(meta: Meta | undefined) {
    this.totals.rowsRead += meta?.rows_read ?? 0;
    this.totals.rowsWritten += meta?.rows_written ?? 0;
    this.totals.sqlMs += meta?.duration ?? 0;
  }

  async call<T>(statements: number, run: () => Promise<T>): Promise<T> {
    this.totals.statements += statements;
    this.totals.calls++;
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      this.totals.waitMs += performance.now() - t0;
    }
  }

  prepare(sql: string) {
    return new MeteredStatement(this, this.db.prepare(sql));
  }
  batch(stmts: MeteredStatement[]) {
    return this.call(stmts.length, async () => {
      const rs = await this.db.batch(stmts.map((s) => s[REAL]));
      for (const r of rs) this.add(r.meta);
      return rs;
    });
  }
  exec(sql: string) {
    return this.call(1, async () => {
      this.totals.unmetered++;
      return this.db.exec(sql);
    });
  }
  dump() {
    return this.db.dump();
  }
  withSession() {
    throw new Error("the D1 meter does not support D1 sessions");
  }

  get binding(): D1Database {
    return this as unknown as D1Database;
  }
}

/** One log line per metered unit of work; the harness reads them back from wrangler's output. */
export const METER_TAG = "BENCH_D1_METER";

export function logMeter(fields: Record<string, unknown>, totals: D1Totals) {
  console.log(`${METER_TAG} ${JSON.stringify({ ...fields, ...totals })}`);
}

/**
 * An ExecutionContext that remembers what the handler hands to `waitUntil`, so the meter line can be
 * written after that work too (D1 writes the handler leaves to run after its response count as its own).
 */
export function trackingContext(ctx: ExecutionContext): { ctx: ExecutionContext; settled(): Promise<void> } {
  const pending: Promise<unknown>[] = [];
  const tracked = {
    waitUntil(p: Promise<unknown>) {
      pending.push(p);
      ctx.waitUntil(p);
    },
    passThroughOnException() {
      ctx.passThroughOnException();
    },
    get props() {
      return (ctx as unknown as { props?: unknown }).props;
    },
  };
  return {
    ctx: tracked as unknown as ExecutionContext,
    async settled() {
      for (let seen = 0; seen < pending.length; ) {
        const now = pending.length;
        await Promise.allSettled(pending.slice(seen, now));
        seen = now;
      }
    },
  };
}
