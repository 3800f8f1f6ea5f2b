/**
 * One SQL statement as a repository sent it to the driver. `wave` groups statements that were in flight
 * together (issued while another was still running): the raw replay runs waves one after another and the
 * statements of a wave concurrently, i.e. the same SQL with the same execution shape, minus the ORM.
 * `batch` numbers statements that went through one `D1Database.batch` call.
 */
export interface Statement {
  sql: string;
  params: unknown[];
  wave: number;
  batch?: number;
  /** The driver method the repository used (D1: all/raw/first/run/batch; pg: query). */
  method: string;
}

/** Tracks in-flight statements to assign waves. */
export class WaveTracker {
  private inFlight = 0;
  private wave = -1;
  readonly statements: Statement[] = [];

  async track<T>(entries: Omit<Statement, "wave">[], run: () => Promise<T>): Promise<T> {
    if (this.inFlight === 0) this.wave++;
    for (const e of entries) this.statements.push({ ...e, wave: this.wave });
    this.inFlight++;
    try {
      return await run();
    } finally {
      this.inFlight--;
    }
  }
}

export function groupWaves(statements: Statement[]): Statement[][] {
  const waves: Statement[][] = [];
  for (const s of statements) {
    const wave = waves[s.wave] ?? [];
    wave.push(s);
    waves[s.wave] = wave;
  }
  return waves.filter(Boolean);
}
