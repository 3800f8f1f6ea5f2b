import { type SQL, sql } from "drizzle-orm";
import type {
  VectorMigrationRecord,
  VectorMigrationRepository,
  VectorMigrationStatus,
} from "../repositories";
import { toNumber, toStringOrNull } from "../sql/decode";
import type { Row, SqlExecutor } from "../sql/executor";
import { normaliseIso, toIso, toIsoOrNull } from "../time";

const SELECT = sql.raw(
  "id, source, target, dealership_id, status, checkpoint, progress, verification, last_error, steps, version, requested_by, created_at, updated_at, finished_at",
);
const TERMINAL = new Set<VectorMigrationStatus>(["succeeded", "failed"]);

const json = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);
function parse(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  try {
    return JSON.parse(String(value));
  } catch {
    return null;
  }
}

function rowToMigration(r: Row): VectorMigrationRecord {
  return {
    id: String(r.id),
    source: String(r.source),
    target: String(r.target),
    dealershipId: toStringOrNull(r.dealership_id),
    status: String(r.status) as VectorMigrationStatus,
    checkpoint: parse(r.checkpoint),
    progress: parse(r.progress),
    verification: parse(r.verification),
    lastError: toStringOrNull(r.last_error),
    steps: toNumber(r.steps),
    version: toNumber(r.version),
    requestedBy: String(r.requested_by),
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
    finishedAt: toIsoOrNull(r.finished_at),
  };
}

/** The (source, target, tenant) slot one unfinished migration holds. */
export function activeKey(source: string, target: string, dealershipId: string | null): string {
  return JSON.stringify([source, target, dealershipId]);
}

export function vectorMigrationRepository(exec: SqlExecutor): VectorMigrationRepository {
  const { dialect } = exec;
  const get = async (id: string) => {
    const [row] = await exec.query(
      sql`SELECT ${SELECT} FROM vector_migrations WHERE id = ${id} AND ${dialect.freshRead}`,
    );
    return row ? rowToMigration(row) : null;
  };
  return {
    get,

    async startOrResume(input) {
      const now = normaliseIso(input.now);
      const key = activeKey(input.source, input.target, input.dealershipId);
      const inserted = await exec.query(sql`INSERT INTO vector_migrations
          (id, source, target, dealership_id, status, active_key, checkpoint, progress, verification, last_error,
           steps, version, requested_by, created_at, updated_at, finished_at)
        VALUES (${input.id}, ${input.source}, ${input.target}, ${input.dealershipId}, 'running', ${key}, NULL, NULL,
          NULL, NULL, 0, 0, ${input.requestedBy}, ${now}, ${now}, NULL)
        ON CONFLICT (active_key) DO NOTHING
        RETURNING ${SELECT}`);
      if (inserted[0]) return { migration: rowToMigration(inserted[0]), created: true };
      const [row] = await exec.query(
        sql`SELECT ${SELECT} FROM vector_migrations WHERE active_key = ${key} AND ${dialect.freshRead}`,
      );
      if (!row) throw new Error("vector migration slot was freed while starting; try again");
      return { migration: rowToMigration(row), created: false };
    },

    async update(id, expectedVersion, change) {
      const now = normaliseIso(change.now);
      const sets: SQL[] = [sql`version = version + 1`, sql`updated_at = ${now}`];
      if (change.status !== undefined) {
        sets.push(sql`status = ${change.status}`);
        if (TERMINAL.has(change.status)) sets.push(sql`finished_at = ${now}`, sql`active_key = NULL`);
      }
      if (change.checkpoint !== undefined) sets.push(sql`checkpoint = ${json(change.checkpoint)}`);
      if (change.progress !== undefined) sets.push(sql`progress = ${json(change.progress)}`);
      if (change.verification !== undefined) sets.push(sql`verification = ${json(change.verification)}`);
      if (change.lastError !== undefined) sets.push(sql`last_error = ${change.lastError}`);
      if (change.step) sets.push(sql`steps = steps + 1`);
      const [row] = await exec.query(sql`UPDATE vector_migrations SET ${sql.join(sets, sql`, `)}
        WHERE id = ${id} AND version = ${expectedVersion} RETURNING ${SELECT}`);
      return row ? rowToMigration(row) : null;
    },

    async list(limit) {
      const size = Math.min(200, Math.max(1, Math.floor(limit) || 1));
      const rows = await exec.query(
        sql`SELECT ${SELECT} FROM vector_migrations ORDER BY created_at DESC, id DESC LIMIT ${size}`,
      );
      return rows.map(rowToMigration);
    },
  };
}
