/**
 * The messages of the `scrape-jobs` queue. Small and self-describing: the work itself (URLs, counters)
 * lives in the database, keyed by job and task, so a redelivered, duplicated or replayed message finds
 * its task there and changes nothing twice.
 *
 * - `discover`: fetch one slice of one round of listing pages (`round`, `offset`); round 0 starts with
 *   robots.txt and the sitemaps. Finds detail pages (fanned out as `fetch-batch` tasks) and the next
 *   round's listing pages (pagination).
 * - `fetch-batch`: fetch, extract and upsert one batch of detail pages (`task` = its task key).
 * - `reconcile`: once discovery is done and every batch is done: decide removals or `needs_review`.
 *
 * The scheduler's messages (no job yet; the cron tick only decides and enqueues, see ScrapeScheduler):
 * - `schedule`: start the scheduled scrapes of up to SCHEDULE_MESSAGE_MAX dealerships, each for its due
 *   slot (`at` is the cron tick's time, against which the slot is re-checked). Idempotent per slot: the
 *   slot is the job's idempotency key and `scrape_state.last_slot_at` records it, so a redelivered or
 *   duplicated message starts nothing twice.
 * - `schedule-scan`: continue the tick's scan of dealerships after `cursor` (only when one invocation's
 *   page budget did not cover them all).
 */
export type ScrapeMessage =
  | {
      v: 1;
      type: "discover";
      jobId: string;
      dealershipId: string;
      round: number;
      offset: number;
      requestId: string;
    }
  | { v: 1; type: "fetch-batch"; jobId: string; dealershipId: string; task: string; requestId: string }
  | { v: 1; type: "reconcile"; jobId: string; dealershipId: string; requestId: string }
  | ScheduleMessage
  | ScheduleScanMessage;

export interface ScheduleMessage {
  v: 1;
  type: "schedule";
  /** The cron tick's time (ISO-8601): the slots are re-checked against it. */
  at: string;
  requestId: string;
  /** 1 to SCHEDULE_MESSAGE_MAX dealerships, each with the slot (ISO-8601) that is due. */
  dealerships: { id: string; slot: string }[];
}

export interface ScheduleScanMessage {
  v: 1;
  type: "schedule-scan";
  at: string;
  /** The schedule-candidates cursor to continue after. */
  cursor: string;
  requestId: string;
}

/** Job messages (every type but the scheduler's). */
export type JobMessage = Exclude<ScrapeMessage, ScheduleMessage | ScheduleScanMessage>;

export type ScrapeMessageType = ScrapeMessage["type"];

/** A job's own message (it names a job), as opposed to the scheduler's. */
export const isJobMessage = (m: ScrapeMessage): m is JobMessage =>
  m.type !== "schedule" && m.type !== "schedule-scan";

/**
 * Dealerships per `schedule` message. Each costs at most ~4 queries plus one send when its job starts
 * (createJob's atomic write, the idempotency/busy reads, the `discover` send), so one message stays near
 * 80 queries and a consumer batch of 4 near 330, well under the 1,000 per invocation.
 */
export const SCHEDULE_MESSAGE_MAX = 20;

/** The producer side of the queue (a Cloudflare Queue binding satisfies it). */
export interface ScrapeQueue {
  send(message: ScrapeMessage, options?: { delaySeconds?: number }): Promise<unknown>;
  /** Up to 100 messages and 256 KB per call (the Queues limits); callers chunk (`sendAll`). */
  sendBatch(messages: { body: ScrapeMessage; delaySeconds?: number }[]): Promise<unknown>;
}

/** Queues limits per `sendBatch`: 100 messages, 256 KB in total (each message counted with ~100 bytes of
 * metadata); the byte budget keeps room for the `traceparent` telemetry adds to each body. */
export const SEND_BATCH_MAX_MESSAGES = 100;
export const SEND_BATCH_MAX_BYTES = 200 * 1024;
const PER_MESSAGE_OVERHEAD = 200;

/** Sends any number of messages (optionally delayed), chunked by the Queues batch limits. */
export async function sendAll(
  queue: ScrapeQueue,
  messages: (ScrapeMessage | { body: ScrapeMessage; delaySeconds?: number })[],
): Promise<void> {
  const items = messages.map((m) => ("body" in m ? m : { body: m }));
  let chunk: { body: ScrapeMessage; delaySeconds?: number }[] = [];
  let bytes = 0;
  const flush = async () => {
    if (chunk.length === 1) {
      const only = chunk[0] as { body: ScrapeMessage; delaySeconds?: number };
      if (only.delaySeconds) await queue.send(only.body, { delaySeconds: only.delaySeconds });
      else await queue.send(only.body);
    } else if (chunk.length > 1) await queue.sendBatch(chunk);
    chunk = [];
    bytes = 0;
  };
  for (const item of items) {
    const size = new TextEncoder().encode(JSON.stringify(item.body)).length + PER_MESSAGE_OVERHEAD;
    if (chunk.length >= SEND_BATCH_MAX_MESSAGES || (chunk.length > 0 && bytes + size > SEND_BATCH_MAX_BYTES))
      await flush();
    chunk.push(item.delaySeconds ? item : { body: item.body });
    bytes += size;
  }
  await flush();
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TASK = /^[A-Za-z0-9:_#-]{1,200}$/;

/** Why a body is not a valid message (null when it is one). Bodies come from our own producers, but a
 * malformed one must be recorded and dropped, never retried forever. */
export function invalidMessage(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return "the body is not an object";
  const m = body as Record<string, unknown>;
  if (m.v !== 1) return `unsupported message version ${JSON.stringify(m.v)}`;
  if (m.type === "schedule" || m.type === "schedule-scan") return invalidScheduleMessage(m);
  if (typeof m.jobId !== "string" || !ID.test(m.jobId)) return "jobId is missing or malformed";
  if (typeof m.dealershipId !== "string" || !ID.test(m.dealershipId))
    return "dealershipId is missing or malformed";
  if (typeof m.requestId !== "string" || m.requestId.length > 128) return "requestId is missing or malformed";
  switch (m.type) {
    case "discover":
      if (!Number.isInteger(m.round) || (m.round as number) < 0 || (m.round as number) > 10_000)
        return "round must be a whole number";
      if (!Number.isInteger(m.offset) || (m.offset as number) < 0) return "offset must be a whole number";
      return null;
    case "fetch-batch":
      return typeof m.task === "string" && TASK.test(m.task) ? null : "task is missing or malformed";
    case "reconcile":
      return null;
    default:
      return `unknown message type ${JSON.stringify(m.type)}`;
  }
}

const isIso = (v: unknown) => typeof v === "string" && v.length <= 40 && !Number.isNaN(Date.parse(v));

function invalidScheduleMessage(m: Record<string, unknown>): string | null {
  if (typeof m.requestId !== "string" || m.requestId.length > 128) return "requestId is missing or malformed";
  if (!isIso(m.at)) return "at must be an ISO-8601 time";
  if (m.type === "schedule-scan")
    return typeof m.cursor === "string" && m.cursor.length > 0 && m.cursor.length <= 512
      ? null
      : "cursor is missing or malformed";
  const list = m.dealerships;
  if (!Array.isArray(list) || list.length < 1 || list.length > SCHEDULE_MESSAGE_MAX)
    return `dealerships must list 1 to ${SCHEDULE_MESSAGE_MAX} dealerships`;
  for (const d of list) {
    const e = (typeof d === "object" && d !== null ? d : {}) as Record<string, unknown>;
    if (typeof e.id !== "string" || !ID.test(e.id)) return "a dealership id is missing or malformed";
    if (!isIso(e.slot)) return "a slot is missing or malformed";
  }
  return null;
}

/** Job id and dealership id of any body, as far as they can be read (for recording a dead letter). */
export function messageRefs(body: unknown): { jobId: string | null; dealershipId: string | null } {
  const m = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const id = (v: unknown) => (typeof v === "string" && ID.test(v) ? v : null);
  // A `schedule` message naming one dealership is recorded against it (several: against none).
  const only =
    Array.isArray(m.dealerships) && m.dealerships.length === 1
      ? (m.dealerships[0] as { id?: unknown } | null)?.id
      : undefined;
  return { jobId: id(m.jobId), dealershipId: id(m.dealershipId) ?? id(only) };
}

export const discoverTaskKey = (round: number, offset: number) => `d:${round}:${offset}`;
export const fetchTaskKey = (discoverKey: string, n: number) => `f:${discoverKey}#${n}`;
