// A D1Database look-alike that forwards to the real binding and records every statement (SQL, bound
// parameters, method, wave, batch). Used only to capture what the repository sends; never while timing.
import { type Statement, WaveTracker } from "./statements";

const REAL = Symbol("real statement");

class RecordingStatement {
  [REAL]: D1PreparedStatement;
  constructor(
    private readonly tracker: WaveTracker,
    real: D1PreparedStatement,
    readonly sql: string,
    readonly params: unknown[],
  ) {
    this[REAL] = real;
  }
  bind(...params: unknown[]) {
    return new RecordingStatement(this.tracker, this[REAL].bind(...params), this.sql, params);
  }
  private exec<T>(method: string, run: () => Promise<T>) {
    return this.tracker.track([{ sql: this.sql, params: this.params, method }], run);
  }
  all<T = unknown>() {
    return this.exec("all", () => this[REAL].all<T>());
  }
  raw<T = unknown[]>(opts?: { columnNames?: boolean }) {
    return this.exec(
      "raw",
      () => (opts ? this[REAL].raw<T>(opts as { columnNames: true }) : this[REAL].raw<T>()) as Promise<T[]>,
    );
  }
  first<T = unknown>(col?: string) {
    return this.exec("first", () => (col === undefined ? this[REAL].first<T>() : this[REAL].first<T>(col)));
  }
  run<T = unknown>() {
    return this.exec("run", () => this[REAL].run<T>());
  }
}

export function recordingD1(db: D1Database): { db: D1Database; statements: Statement[] } {
  const tracker = new WaveTracker();
  let batches = 0;
  const wrapper = {
    prepare: (sql: string) => new RecordingStatement(tracker, db.prepare(sql), sql, []),
    batch: (stmts: RecordingStatement[]) => {
      const batch = batches++;
      return tracker.track(
        stmts.map((s) => ({ sql: s.sql, params: s.params, method: "batch", batch })),
        () => db.batch(stmts.map((s) => s[REAL])),
      );
    },
    exec: (sql: string) => db.exec(sql),
    dump: () => db.dump(),
    withSession: () => {
      throw new Error("the bench recorder does not support D1 sessions");
    },
  };
  return { db: wrapper as unknown as D1Database, statements: tracker.statements };
}

/** Replays recorded statements straight on the binding: `prepare(sql).bind(...).all()`, batches as one batch. */
export async function replayD1(db: D1Database, waves: Statement[][]): Promise<number> {
  let rows = 0;
  for (const wave of waves) {
    const batches = new Map<number, Statement[]>();
    const singles: Statement[] = [];
    for (const s of wave) {
      if (s.batch === undefined) singles.push(s);
      else batches.set(s.batch, [...(batches.get(s.batch) ?? []), s]);
    }
    const results = await Promise.all([
      ...singles.map((s) =>
        db
          .prepare(s.sql)
          .bind(...s.params)
          .all()
          .then((r) => r.results.length),
      ),
      ...[...batches.values()].map((b) =>
        db
          .batch(b.map((s) => db.prepare(s.sql).bind(...s.params)))
          .then((rs) => rs.reduce((n, r) => n + r.results.length, 0)),
      ),
    ]);
    rows += results.reduce((a, b) => a + b, 0);
  }
  return rows;
}
