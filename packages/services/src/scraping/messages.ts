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
  | { v: 1; type: "reconcile"; jobId: string; dealershipId: string; requestId: string };

export type ScrapeMessageType = ScrapeMessage["type"];

/** The producer side of the queue (a Cloudflare Queue binding satisfies it). */
export interface ScrapeQueue {
  send(message: ScrapeMessage): Promise<unknown>;
  /** Up to 100 messages per call (the Queues limit); callers chunk. */
  sendBatch(messages: { body: ScrapeMessage }[]): Promise<unknown>;
}

/** Sends any number of messages, 100 per call. */
export async function sendAll(queue: ScrapeQueue, messages: ScrapeMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 100) {
    const chunk = messages.slice(i, i + 100);
    if (chunk.length === 1) await queue.send(chunk[0] as ScrapeMessage);
    else await queue.sendBatch(chunk.map((body) => ({ body })));
  }
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TASK = /^[A-Za-z0-9:_#-]{1,200}$/;

/** Why a body is not a valid message (null when it is one). Bodies come from our own producers, but a
 * malformed one must be recorded and dropped, never retried forever. */
export function invalidMessage(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return "the body is not an object";
  const m = body as Record<string, unknown>;
  if (m.v !== 1) return `unsupported message version ${JSON.stringify(m.v)}`;
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

/** Job id and dealership id of any body, as far as they can be read (for recording a dead letter). */
export function messageRefs(body: unknown): { jobId: string | null; dealershipId: string | null } {
  const m = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const id = (v: unknown) => (typeof v === "string" && ID.test(v) ? v : null);
  return { jobId: id(m.jobId), dealershipId: id(m.dealershipId) };
}

export const discoverTaskKey = (round: number, offset: number) => `d:${round}:${offset}`;
export const fetchTaskKey = (discoverKey: string, n: number) => `f:${discoverKey}#${n}`;
