import {
  ACTIVE_SCRAPE_STATUSES,
  type DeadLetter,
  type Page,
  type ScrapeError,
  type ScrapeJob,
  type ScrapeRemovalCandidate,
  TERMINAL_SCRAPE_STATUSES,
} from "@forecourt/domain";
import { type SQL, sql } from "drizzle-orm";
import { decodeCursor, encodeCursor } from "../cursor";
import {
  type ClaimTaskResult,
  type CompleteTaskInput,
  type CreateScrapeJobOptions,
  type CreateScrapeJobResult,
  InvalidCursorError,
  type NewDeadLetter,
  type NewScrapeJob,
  type ScheduleCandidate,
  type ScrapeCountersDelta,
  type ScrapeJobChange,
  type ScrapePage,
  type ScrapeRepository,
  type ScrapeTask,
  type UnseenFilter,
} from "../repositories";
import { rowToDealership } from "../rows/dealership-row";
import {
  DEAD_LETTER_SELECT,
  rowToDeadLetter,
  rowToScrapeError,
  rowToScrapeJob,
  rowToScrapeTask,
  SCRAPE_COUNTER_COLUMNS,
  SCRAPE_ERROR_SELECT,
  SCRAPE_JOB_SELECT,
  SCRAPE_TASK_SELECT,
} from "../rows/scrape-job-row";
import { toNumber } from "../sql/decode";
import type { Row, SqlExecutor } from "../sql/executor";
import { insertRows } from "../sql/insert-rows";
import { normaliseIso, toIsoOrNull } from "../time";

const MAX_PAGE_SIZE = 500;
const DEFAULT_ERRORS_LIMIT = 50;
const JOBS_CURSOR = "scrape-jobs";
const SCHEDULE_CURSOR = "schedule";

/**
 * Scrape jobs and their working set. Every multi-step effect is ONE atomic write whose later statements
 * are guarded by SQL conditions on the earlier ones (D1 has no interactive transactions): claiming the
 * dealership's active-scrape slot, an idempotency key and creating the job; completing a task once and
 * applying its counters; freeing the slot when a job ends.
 */
export function scrapeRepository(exec: SqlExecutor): ScrapeRepository {
  const { dialect } = exec;
  const statusIn = (column: string, statuses: readonly string[]) => dialect.inList(sql.raw(column), statuses);

  const getJob = async (id: string, opts: { errorsLimit?: number } = {}): Promise<ScrapeJob | null> => {
    const limit = Math.max(0, Math.min(1000, opts.errorsLimit ?? DEFAULT_ERRORS_LIMIT));
    const [jobRows, errorRows] = await exec.queryAll([
      sql`SELECT ${SCRAPE_JOB_SELECT} FROM scrape_jobs WHERE id = ${id}`,
      sql`SELECT ${SCRAPE_ERROR_SELECT} FROM scrape_job_errors WHERE job_id = ${id} ORDER BY id LIMIT ${limit}`,
    ]);
    const row = jobRows?.[0];
    return row ? rowToScrapeJob(row, (errorRows ?? []).map(rowToScrapeError)) : null;
  };

  const getTask = async (jobId: string, taskKey: string): Promise<ScrapeTask | null> => {
    const [row] = await exec.query(
      sql`SELECT ${SCRAPE_TASK_SELECT} FROM scrape_job_tasks WHERE job_id = ${jobId} AND task_key = ${taskKey}`,
    );
    return row ? rowToScrapeTask(row) : null;
  };

  /** `SET` terms for counter increments (`col = col + n`) and the version bump. */
  const counterSets = (counters: ScrapeCountersDelta | undefined): SQL[] => {
    const sets: SQL[] = [];
    for (const key of Object.keys(SCRAPE_COUNTER_COLUMNS) as (keyof typeof SCRAPE_COUNTER_COLUMNS)[]) {
      const n = counters?.[key];
      if (n === undefined || n === 0) continue;
      if (!Number.isInteger(n)) throw new TypeError(`counter ${key} must be an integer, got ${n}`);
      const column = sql.raw(SCRAPE_COUNTER_COLUMNS[key]);
      sets.push(sql`${column} = ${column} + ${n}`);
    }
    return sets;
  };

  /** One INSERT per error, kept only while the job has fewer than `cap` (an optional guard must hold too). */
  const errorInserts = (jobId: string, errors: ScrapeError[], cap: number, guard: SQL | null): SQL[] =>
    errors.map(
      (e) => sql`INSERT INTO scrape_job_errors (job_id, url, code, message, at)
        SELECT ${jobId}, ${e.url}, ${e.code.slice(0, 100)}, ${e.message.slice(0, 1000)}, ${normaliseIso(e.at)}
        WHERE (SELECT count(*) FROM scrape_job_errors WHERE job_id = ${jobId}) < ${cap}${guard ? sql` AND ${guard}` : sql``}`,
    );

  const unseenWhere = (dealershipId: string, f: UnseenFilter): SQL => {
    const parts = [
      sql`vehicles.dealership_id = ${dealershipId}`,
      sql`vehicles.status = 'active'`,
      sql`vehicles.last_seen_at < ${normaliseIso(f.seenBefore)}`,
      sql`NOT EXISTS (SELECT 1 FROM scrape_job_seen WHERE scrape_job_seen.job_id = ${f.jobId} AND scrape_job_seen.vin = vehicles.vin)`,
    ];
    if (f.protectedUrls.length > 0) {
      parts.push(
        sql`(vehicles.source_url IS NULL OR NOT (${dialect.inList(sql.raw("vehicles.source_url"), f.protectedUrls)}))`,
      );
    }
    return sql.join(parts, sql` AND `);
  };

  return {
    getJob,
    getTask,

    async createJob(job: NewScrapeJob, opts: CreateScrapeJobOptions): Promise<CreateScrapeJobResult> {
      const now = normaliseIso(job.now);
      const idem = opts.idempotency;
      const statements: SQL[] = [];
      if (idem) {
        // Take the key, or take it over once it has expired; a live key keeps naming its job.
        statements.push(sql`INSERT INTO idempotency_keys (dealership_id, scope, idem_key, request_hash, resource_id, created_at)
          VALUES (${job.dealershipId}, ${idem.scope}, ${idem.key}, ${idem.requestHash}, ${job.id}, ${now})
          ON CONFLICT (dealership_id, scope, idem_key) DO UPDATE SET
            request_hash = excluded.request_hash, resource_id = excluded.resource_id, created_at = excluded.created_at
          WHERE idempotency_keys.created_at < ${normaliseIso(idem.validAfter)}`);
      }
      const keyIsOurs = idem
        ? sql`EXISTS (SELECT 1 FROM idempotency_keys WHERE dealership_id = ${job.dealershipId} AND scope = ${idem.scope} AND idem_key = ${idem.key} AND resource_id = ${job.id})`
        : sql`1 = 1`;
      // The dealership's one active scrape: free, or held by an abandoned job.
      statements.push(sql`INSERT INTO scrape_state (dealership_id, active_job_id, active_since, updated_at)
        SELECT ${job.dealershipId}, ${job.id}, ${now}, ${now} WHERE ${keyIsOurs}
        ON CONFLICT (dealership_id) DO UPDATE SET
          active_job_id = excluded.active_job_id, active_since = excluded.active_since, updated_at = excluded.updated_at
        WHERE scrape_state.active_job_id IS NULL OR scrape_state.active_since < ${normaliseIso(opts.lockStaleBefore)}`);
      statements.push(sql`INSERT INTO scrape_jobs (id, dealership_id, trigger, status, website_url, budget, requested_by,
          request_id, scheduled_for, version, created_at, updated_at)
        SELECT ${job.id}, ${job.dealershipId}, ${job.trigger}, 'queued', ${job.websiteUrl}, ${JSON.stringify(job.budget)},
          ${job.requestedBy}, ${job.requestId ?? null}, ${job.scheduledFor === null ? null : normaliseIso(job.scheduledFor)}, 1, ${now}, ${now}
        WHERE EXISTS (SELECT 1 FROM scrape_state WHERE dealership_id = ${job.dealershipId} AND active_job_id = ${job.id})
        RETURNING ${SCRAPE_JOB_SELECT}`);
      if (idem) {
        // The slot was busy: do not keep a key that names a job that was never created.
        statements.push(sql`DELETE FROM idempotency_keys
          WHERE dealership_id = ${job.dealershipId} AND scope = ${idem.scope} AND idem_key = ${idem.key}
            AND resource_id = ${job.id} AND NOT EXISTS (SELECT 1 FROM scrape_jobs WHERE id = ${job.id})`);
      }
      const results = await exec.atomic(statements);
      const created = results[idem ? 2 : 1]?.[0];
      if (created) return { outcome: "created", job: rowToScrapeJob(created) };

      if (idem) {
        const [key] = await exec.query(sql`SELECT request_hash, resource_id, created_at FROM idempotency_keys
          WHERE dealership_id = ${job.dealershipId} AND scope = ${idem.scope} AND idem_key = ${idem.key} AND ${dialect.freshRead}`);
        if (key && String(key.resource_id) !== job.id) {
          const existing = await getJob(String(key.resource_id));
          if (existing) {
            return {
              outcome: "existing",
              job: existing,
              sameRequest: String(key.request_hash) === idem.requestHash,
            };
          }
        }
      }
      const [state] = await exec.query(
        sql`SELECT active_job_id FROM scrape_state WHERE dealership_id = ${job.dealershipId} AND ${dialect.freshRead}`,
      );
      return {
        outcome: "busy",
        activeJobId: state?.active_job_id == null ? null : String(state.active_job_id),
      };
    },

    async listJobs({ dealershipIds, statuses, limit, cursor }): Promise<Page<ScrapeJob>> {
      if (dealershipIds && dealershipIds.length === 0) return { items: [], nextCursor: null };
      const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit) || 1));
      const conditions: SQL[] = [];
      if (dealershipIds) conditions.push(statusIn("dealership_id", dealershipIds));
      if (statuses && statuses.length > 0) conditions.push(statusIn("status", statuses));
      if (cursor !== undefined) conditions.push(sql`id < ${readCursor(cursor, JOBS_CURSOR)}`);
      const where = conditions.length ? sql` WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
      const rows = await exec.query(
        sql`SELECT ${SCRAPE_JOB_SELECT} FROM scrape_jobs${where} ORDER BY id DESC LIMIT ${pageSize + 1}`,
      );
      const items = rows.slice(0, pageSize).map((r) => rowToScrapeJob(r));
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > pageSize && last ? encodeCursor([JOBS_CURSOR, last.id]) : null,
      };
    },

    async updateJob(id: string, change: ScrapeJobChange): Promise<ScrapeJob | null> {
      const now = normaliseIso(change.now);
      const sets: SQL[] = counterSets(change.counters);
      if (change.status !== undefined) sets.push(sql`status = ${change.status}`);
      if (change.start) sets.push(sql`started_at = COALESCE(started_at, ${now})`);
      if (change.finish === true) sets.push(sql`finished_at = ${now}`);
      if (change.finish === false) sets.push(sql`finished_at = NULL`);
      if (change.discoveryDone) sets.push(sql`discovery_done = 1`);
      if (change.truncated !== undefined)
        sets.push(sql`truncated = COALESCE(truncated, ${change.truncated})`);
      if (change.review !== undefined)
        sets.push(sql`review = ${change.review === null ? null : JSON.stringify(change.review)}`);
      if (change.lastError !== undefined) sets.push(sql`last_error = ${change.lastError}`);
      if (change.replays) sets.push(sql`replays = replays + ${change.replays}`);
      sets.push(sql`version = version + 1`, sql`updated_at = ${now}`);

      const guards: SQL[] = [sql`id = ${id}`];
      if (change.from) guards.push(statusIn("status", change.from));
      const statements: SQL[] = [];
      if (change.reclaim) {
        statements.push(sql`UPDATE scrape_state SET active_job_id = ${id}, active_since = ${now}, updated_at = ${now}
          WHERE dealership_id = (SELECT dealership_id FROM scrape_jobs WHERE id = ${id})
            AND (active_job_id IS NULL OR active_job_id = ${id} OR active_since < ${normaliseIso(change.reclaim.staleBefore)})
            AND EXISTS (SELECT 1 FROM scrape_jobs WHERE ${sql.join(guards, sql` AND `)})`);
        guards.push(sql`EXISTS (SELECT 1 FROM scrape_state WHERE scrape_state.active_job_id = ${id})`);
      }
      statements.push(
        sql`UPDATE scrape_jobs SET ${sql.join(sets, sql`, `)} WHERE ${sql.join(guards, sql` AND `)} RETURNING ${SCRAPE_JOB_SELECT}`,
      );
      if (change.releaseClaim) {
        statements.push(sql`UPDATE scrape_state SET active_job_id = NULL, active_since = NULL, updated_at = ${now}
          WHERE dealership_id = (SELECT dealership_id FROM scrape_jobs WHERE id = ${id}) AND active_job_id = ${id}
            AND EXISTS (SELECT 1 FROM scrape_jobs WHERE id = ${id} AND ${statusIn("status", TERMINAL_SCRAPE_STATUSES)})`);
      }
      const results = await exec.atomic(statements);
      const row = results[change.reclaim ? 1 : 0]?.[0];
      return row ? rowToScrapeJob(row) : null;
    },

    async addErrors(jobId, errors, cap, nowIso) {
      if (errors.length === 0) return;
      const now = normaliseIso(nowIso);
      await exec.atomic([
        ...errorInserts(jobId, errors, cap, null),
        sql`UPDATE scrape_jobs SET error_count = error_count + ${errors.length}, version = version + 1, updated_at = ${now}
          WHERE id = ${jobId}`,
      ]);
    },

    async ensureTasks(jobId, dealershipId, tasks, nowIso) {
      if (tasks.length === 0) return;
      const now = normaliseIso(nowIso);
      const rows = tasks.map((t) => [
        jobId,
        t.taskKey,
        t.kind,
        dealershipId,
        t.urls === null ? null : JSON.stringify(t.urls),
        "pending",
        0,
        now,
      ]);
      await exec.atomic(
        insertRows(
          dialect,
          "scrape_job_tasks",
          ["job_id", "task_key", "kind", "dealership_id", "urls", "status", "attempts", "created_at"],
          rows,
          sql` ON CONFLICT (job_id, task_key) DO NOTHING`,
        ),
      );
    },

    async claimTask(jobId, taskKey, lease): Promise<ClaimTaskResult> {
      const [row] = await exec.query(sql`UPDATE scrape_job_tasks
        SET status = 'processing', lease_token = ${lease.token}, lease_until = ${normaliseIso(lease.until)}, attempts = attempts + 1
        WHERE job_id = ${jobId} AND task_key = ${taskKey}
          AND (status = 'pending' OR (status = 'processing' AND lease_until < ${normaliseIso(lease.now)}))
        RETURNING ${SCRAPE_TASK_SELECT}`);
      if (row) return { claimed: true, task: rowToScrapeTask(row) };
      return { claimed: false, task: await getTask(jobId, taskKey) };
    },

    async releaseTask(jobId, taskKey, token) {
      await exec.query(sql`UPDATE scrape_job_tasks SET status = 'pending', lease_until = NULL
        WHERE job_id = ${jobId} AND task_key = ${taskKey} AND status = 'processing' AND lease_token = ${token}`);
    },

    async completeTask(jobId, taskKey, token, input: CompleteTaskInput): Promise<ScrapeJob | null> {
      const now = normaliseIso(input.now);
      // The first statement stamps the task with a marker unique to THIS call; the rest apply only if it
      // did (so neither a stale lease holder nor a second call by the same holder applies anything).
      const marker = `${token}#done#${crypto.randomUUID()}`;
      const mine = sql`EXISTS (SELECT 1 FROM scrape_job_tasks WHERE job_id = ${jobId} AND task_key = ${taskKey} AND status = 'done' AND lease_token = ${marker})`;
      const sets = counterSets({
        ...input.counters,
        errorCount: (input.counters.errorCount ?? 0) + input.errors.length,
      });
      if (input.discoveryDone) sets.push(sql`discovery_done = 1`);
      if (input.truncated !== undefined) sets.push(sql`truncated = COALESCE(truncated, ${input.truncated})`);
      sets.push(sql`version = version + 1`, sql`updated_at = ${now}`);
      const results = await exec.atomic([
        sql`UPDATE scrape_job_tasks SET status = 'done', lease_token = ${marker}, result = ${JSON.stringify(input.result ?? null)}, completed_at = ${now}, lease_until = NULL
          WHERE job_id = ${jobId} AND task_key = ${taskKey} AND status = 'processing' AND lease_token = ${token}`,
        ...errorInserts(jobId, input.errors, input.errorCap, mine),
        sql`UPDATE scrape_jobs SET ${sql.join(sets, sql`, `)} WHERE id = ${jobId} AND ${mine} RETURNING ${SCRAPE_JOB_SELECT}`,
      ]);
      const row = results[results.length - 1]?.[0];
      return row ? rowToScrapeJob(row) : null;
    },

    async listTasks(jobId, opts = {}) {
      const conditions: SQL[] = [sql`job_id = ${jobId}`];
      if (opts.kind) conditions.push(sql`kind = ${opts.kind}`);
      if (opts.status?.length) conditions.push(statusIn("status", opts.status));
      if (opts.keyPrefix)
        conditions.push(sql`substr(task_key, 1, ${opts.keyPrefix.length}) = ${opts.keyPrefix}`);
      const rows = await exec.query(
        sql`SELECT ${SCRAPE_TASK_SELECT} FROM scrape_job_tasks WHERE ${sql.join(conditions, sql` AND `)} ORDER BY task_key`,
      );
      return rows.map(rowToScrapeTask);
    },

    async addPages(jobId, pages: ScrapePage[], foundBy, nowIso) {
      if (pages.length === 0) return;
      const now = normaliseIso(nowIso);
      // Grouped by (kind, round): one set-based INSERT per group, whatever the number of URLs.
      const groups = new Map<string, ScrapePage[]>();
      for (const p of pages) {
        const key = `${p.kind}:${p.round}`;
        const list = groups.get(key) ?? [];
        list.push(p);
        groups.set(key, list);
      }
      const statements = [...groups.values()].map((group) => {
        const { kind, round } = group[0] as ScrapePage;
        return sql`INSERT INTO scrape_job_pages (job_id, url, kind, round, found_by, created_at)
          SELECT ${jobId}, value, ${kind}, ${round}, ${foundBy}, ${now} FROM ${dialect.valuesTable(group.map((p) => p.url))}
          WHERE 1 = 1
          ON CONFLICT (job_id, url) DO NOTHING`;
      });
      await exec.atomic(statements);
    },

    async pagesFoundBy(jobId, foundBy): Promise<ScrapePage[]> {
      const rows = await exec.query(sql`SELECT url, kind, round FROM scrape_job_pages
        WHERE job_id = ${jobId} AND found_by = ${foundBy} ORDER BY url`);
      return rows.map((r) => ({
        url: String(r.url),
        kind: String(r.kind) as ScrapePage["kind"],
        round: toNumber(r.round),
      }));
    },

    async frontier(jobId, round, range) {
      const [urls, total] = await exec.queryAll([
        sql`SELECT url FROM scrape_job_pages WHERE job_id = ${jobId} AND kind = 'srp' AND round = ${round}
          ORDER BY url LIMIT ${Math.max(0, range.limit)} OFFSET ${Math.max(0, range.offset)}`,
        sql`SELECT count(*) AS n FROM scrape_job_pages WHERE job_id = ${jobId} AND kind = 'srp' AND round = ${round}`,
      ]);
      return { urls: (urls ?? []).map((r) => String(r.url)), total: toNumber(total?.[0]?.n ?? 0) };
    },

    async countPages(jobId, opts = {}) {
      const kind = opts.kind ? sql` AND kind = ${opts.kind}` : sql``;
      const [row] = await exec.query(
        sql`SELECT count(*) AS n FROM scrape_job_pages WHERE job_id = ${jobId}${kind}`,
      );
      return toNumber(row?.n ?? 0);
    },

    async markSeen(jobId, entries) {
      if (entries.length === 0) return [];
      const results = await exec.atomic(
        insertRows(
          dialect,
          "scrape_job_seen",
          ["job_id", "vin", "vehicle_id"],
          entries.map((e) => [jobId, e.vin, e.vehicleId]),
          sql` ON CONFLICT (job_id, vin) DO NOTHING RETURNING vin`,
        ),
      );
      return results.flatMap((rows) => rows.map((r) => String(r.vin)));
    },

    async activeVehicleCount(dealershipId) {
      const [row] = await exec.query(
        sql`SELECT count(*) AS n FROM vehicles WHERE dealership_id = ${dealershipId} AND status = 'active'`,
      );
      return toNumber(row?.n ?? 0);
    },

    async unseenVehicles(dealershipId, filter, limit) {
      const where = unseenWhere(dealershipId, filter);
      const [items, total] = await exec.queryAll([
        sql`SELECT id, vin FROM vehicles WHERE ${where} ORDER BY vin LIMIT ${Math.max(0, limit)}`,
        sql`SELECT count(*) AS n FROM vehicles WHERE ${where}`,
      ]);
      return {
        items: (items ?? []).map(
          (r): ScrapeRemovalCandidate => ({ vehicleId: String(r.id), vin: String(r.vin) }),
        ),
        total: toNumber(total?.[0]?.n ?? 0),
      };
    },

    async removeUnseen(dealershipId, filter, nowIso) {
      const now = normaliseIso(nowIso);
      const rows =
        await exec.query(sql`UPDATE vehicles SET status = 'removed', removed_at = ${now}, updated_at = ${now}
        WHERE ${unseenWhere(dealershipId, filter)} RETURNING id`);
      return rows.map((r) => String(r.id));
    },

    async lastSucceededJob(dealershipId, excludeJobId) {
      const [row] = await exec.query(sql`SELECT ${SCRAPE_JOB_SELECT} FROM scrape_jobs
        WHERE dealership_id = ${dealershipId} AND status = 'succeeded' AND id <> ${excludeJobId}
        ORDER BY id DESC LIMIT 1`);
      return row ? rowToScrapeJob(row) : null;
    },

    async purgeWorkingSet(jobId) {
      await exec.atomic([
        sql`DELETE FROM scrape_job_tasks WHERE job_id = ${jobId}`,
        sql`DELETE FROM scrape_job_pages WHERE job_id = ${jobId}`,
        sql`DELETE FROM scrape_job_seen WHERE job_id = ${jobId}`,
      ]);
    },

    async recordDeadLetter(input: NewDeadLetter) {
      const rows = await exec.query(sql`INSERT INTO scrape_dead_letters
          (id, job_id, dealership_id, queue, message_id, body, attempts, reason, created_at, replayed_at)
        VALUES (${input.id}, ${input.jobId}, ${input.dealershipId}, ${input.queue}, ${input.messageId}, ${input.body},
          ${input.attempts}, ${input.reason}, ${normaliseIso(input.now)}, NULL)
        ON CONFLICT (queue, message_id) DO NOTHING RETURNING id`);
      return { created: rows.length > 0 };
    },

    async deadLetters(jobId, opts = {}): Promise<DeadLetter[]> {
      const rows = await exec.query(sql`SELECT ${DEAD_LETTER_SELECT} FROM scrape_dead_letters
        WHERE job_id = ${jobId}${opts.unreplayedOnly ? sql` AND replayed_at IS NULL` : sql``}
        ORDER BY created_at, id`);
      return rows.map(rowToDeadLetter);
    },

    async deadLettersOfQueue(queue, opts): Promise<DeadLetter[]> {
      const limit = Math.min(1000, Math.max(1, Math.floor(opts.limit) || 1));
      const dealership =
        opts.dealershipId !== undefined ? sql` AND dealership_id = ${opts.dealershipId}` : sql``;
      const rows = await exec.query(sql`SELECT ${DEAD_LETTER_SELECT} FROM scrape_dead_letters
        WHERE queue = ${queue}${dealership}${opts.unreplayedOnly ? sql` AND replayed_at IS NULL` : sql``}
        ORDER BY created_at, id LIMIT ${limit}`);
      return rows.map(rowToDeadLetter);
    },

    async markDeadLettersReplayed(ids, nowIso) {
      if (ids.length === 0) return;
      await exec.query(sql`UPDATE scrape_dead_letters SET replayed_at = ${normaliseIso(nowIso)}
        WHERE ${dialect.inList(sql.raw("id"), ids)} AND replayed_at IS NULL`);
    },

    async scheduleCandidates({ limit, cursor }): Promise<Page<ScheduleCandidate>> {
      const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit) || 1));
      const after = cursor !== undefined ? sql` WHERE d.id > ${readCursor(cursor, SCHEDULE_CURSOR)}` : sql``;
      const rows =
        await exec.query(sql`SELECT d.id, d.name, d.website_url, d.timezone, d.scrape_schedule, d.rate_limits,
          d.status, d.created_at, d.updated_at, s.last_slot_at
        FROM dealerships d LEFT JOIN scrape_state s ON s.dealership_id = d.id${after}
        ORDER BY d.id LIMIT ${pageSize + 1}`);
      const items = rows.slice(0, pageSize).map(
        (r: Row): ScheduleCandidate => ({
          dealership: rowToDealership(r),
          lastSlotAt: toIsoOrNull(r.last_slot_at),
        }),
      );
      const last = items[items.length - 1];
      return {
        items,
        nextCursor:
          rows.length > pageSize && last ? encodeCursor([SCHEDULE_CURSOR, last.dealership.id]) : null,
      };
    },

    async scheduleCandidatesByIds(ids): Promise<ScheduleCandidate[]> {
      if (ids.length === 0) return [];
      if (ids.length > 100) throw new RangeError("at most 100 dealership ids per call");
      const rows =
        await exec.query(sql`SELECT d.id, d.name, d.website_url, d.timezone, d.scrape_schedule, d.rate_limits,
          d.status, d.created_at, d.updated_at, s.last_slot_at
        FROM dealerships d LEFT JOIN scrape_state s ON s.dealership_id = d.id
        WHERE ${dialect.inList(sql.raw("d.id"), ids)} AND ${dialect.freshRead}
        ORDER BY d.id`);
      return rows.map(
        (r: Row): ScheduleCandidate => ({
          dealership: rowToDealership(r),
          lastSlotAt: toIsoOrNull(r.last_slot_at),
        }),
      );
    },

    async recordScheduleResult(dealershipId, result) {
      await exec.query(scheduleResultUpsert({ dealershipId, ...result }));
    },

    async recordScheduleResults(results) {
      if (results.length === 0) return;
      await exec.atomic(results.map(scheduleResultUpsert));
    },

    async stalledJobs(before, limit) {
      const rows = await exec.query(sql`SELECT ${SCRAPE_JOB_SELECT} FROM scrape_jobs
        WHERE ${statusIn("status", ACTIVE_SCRAPE_STATUSES)} AND updated_at < ${normaliseIso(before)}
        ORDER BY updated_at LIMIT ${Math.max(1, limit)}`);
      return rows.map((r) => rowToScrapeJob(r));
    },
  };
}

/** Records a schedule decision on the dealership: the slot handled (if any) and the last error (or none). */
function scheduleResultUpsert(result: {
  dealershipId: string;
  now: string;
  slotAt?: string;
  error?: string | null;
}): SQL {
  const now = normaliseIso(result.now);
  const slot = result.slotAt === undefined ? null : normaliseIso(result.slotAt);
  const error = result.error ?? null;
  return sql`INSERT INTO scrape_state (dealership_id, last_slot_at, last_schedule_error, last_schedule_error_at, updated_at)
        VALUES (${result.dealershipId}, ${slot}, ${error}, ${error === null ? null : now}, ${now})
        ON CONFLICT (dealership_id) DO UPDATE SET
          last_slot_at = COALESCE(excluded.last_slot_at, scrape_state.last_slot_at),
          last_schedule_error = excluded.last_schedule_error,
          last_schedule_error_at = COALESCE(excluded.last_schedule_error_at, scrape_state.last_schedule_error_at),
          updated_at = excluded.updated_at`;
}

function readCursor(token: string, kind: string): string {
  const payload = decodeCursor(token);
  const [k, lastId] = payload;
  if (payload.length !== 2 || k !== kind || typeof lastId !== "string") throw new InvalidCursorError();
  return lastId;
}
