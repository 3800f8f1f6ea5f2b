import { FINAL_JOB_STATUSES, recordScrapeJob } from "@forecourt/observability";
import type { ProgressSink } from "@forecourt/services";

/** Job ids already counted by this isolate (bounded): a terminal snapshot published twice counts once. */
const counted = new Set<string>();
const MAX_REMEMBERED = 5000;

/**
 * The progress sink, plus job-outcome metrics: every snapshot the pipeline publishes passes through, and
 * the first terminal one of a job records its outcome, pages and vehicles (forecourt_scrape_*).
 */
export function metricsProgress(inner: ProgressSink): ProgressSink {
  return {
    async publish(snapshot) {
      if (FINAL_JOB_STATUSES.has(snapshot.status) && !counted.has(`${snapshot.id}:${snapshot.status}`)) {
        if (counted.size >= MAX_REMEMBERED) counted.clear();
        counted.add(`${snapshot.id}:${snapshot.status}`);
        recordScrapeJob(snapshot);
      }
      return inner.publish(snapshot);
    },
  };
}
