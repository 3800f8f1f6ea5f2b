/**
 * A D1 binding that fails on demand: every statement (run/all/first/raw, each statement of a batch, exec)
 * first asks `gate`, which throws to make that call fail as an unreachable database would. Injected through
 * the Worker's own `DB` binding (the scraper builds its repositories from it), so production code runs
 * unchanged against the real local D1 underneath.
 */
export interface StatementInfo {
  sql: string;
  params: unknown[];
}
export type Gate = (info: StatementInfo) => void;

export class DatabaseUnreachable extends Error {
  constructor(sql: string) {
    super(`D1_ERROR: Network connection lost (injected fault) at: ${sql.slice(0, 60)}`);
    this.name = "DatabaseUnreachable";
  }
}

export function faultyD1(real: D1Database, gate: Gate): D1Database {
  const realOf = new WeakMap<object, D1PreparedStatement>();
  const infoOf = new WeakMap<object, StatementInfo>();
  const wrap = (stmt: D1PreparedStatement, info: StatementInfo): D1PreparedStatement => {
    const w = {
      bind: (...params: unknown[]) => wrap(stmt.bind(...params), { sql: info.sql, params }),
      first: async (col?: string) => {
        gate(info);
        return col === undefined ? stmt.first() : stmt.first(col);
      },
      run: async () => {
        gate(info);
        return stmt.run();
      },
      all: async () => {
        gate(info);
        return stmt.all();
      },
      raw: async (opts?: { columnNames?: boolean }) => {
        gate(info);
        return stmt.raw(opts as { columnNames: true });
      },
    } as unknown as D1PreparedStatement;
    realOf.set(w, stmt);
    infoOf.set(w, info);
    return w;
  };
  return {
    prepare: (sql: string) => wrap(real.prepare(sql), { sql, params: [] }),
    batch: async (stmts: D1PreparedStatement[]) => {
      for (const s of stmts) gate(infoOf.get(s) ?? { sql: "batch", params: [] });
      return real.batch(stmts.map((s) => realOf.get(s) ?? s));
    },
    exec: async (query: string) => {
      gate({ sql: query, params: [] });
      return real.exec(query);
    },
    dump: () => real.dump(),
    withSession: (c?: string) => real.withSession(c as never),
  } as unknown as D1Database;
}

/** A gate that lets everything through until `after` statements have run, then fails the next `count`. */
export function outageAfter(after: number, count: number): Gate & { calls: number; failed: number } {
  const gate = ((info: StatementInfo) => {
    gate.calls++;
    if (gate.calls > after && gate.failed < count) {
      gate.failed++;
      throw new DatabaseUnreachable(info.sql);
    }
  }) as Gate & { calls: number; failed: number };
  gate.calls = 0;
  gate.failed = 0;
  return gate;
}
