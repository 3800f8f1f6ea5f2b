import type { DeadLetter, ScrapeJob } from "@forecourt/domain";
import { jobSnapshot } from "@forecourt/services";

export const presentJob = (job: ScrapeJob) => jobSnapshot(job);

export function presentDeadLetter(d: DeadLetter) {
  const type = typeof d.body === "object" && d.body !== null ? (d.body as { type?: unknown }).type : null;
  return {
    id: d.id,
    queue: d.queue,
    messageId: d.messageId,
    messageType: typeof type === "string" ? type : null,
    reason: d.reason,
    createdAt: d.createdAt,
    replayedAt: d.replayedAt,
  };
}
