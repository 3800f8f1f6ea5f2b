import type { Job } from "../api/client";
import { formatNumber, humanize } from "../lib/format";
import { StatusBadge } from "./StatusBadge";

const STEPS = ["queued", "discovering", "fetching", "reconciling"];

/** Progress 0-100: discovery counts 10%, fetch batches 80%, reconcile the rest. */
export function progressOf(job: Job): number {
  if (["succeeded", "needs_review", "failed"].includes(job.status)) return 100;
  const step = STEPS.indexOf(job.status);
  if (step <= 0) return 0;
  const batches = job.batches.total ? job.batches.done / job.batches.total : 0;
  if (job.status === "discovering") return 5 + (job.discoveryDone ? 5 : 0);
  if (job.status === "fetching") return Math.round(10 + 80 * batches);
  return 95;
}

export function JobProgress({ job }: { job: Job }) {
  const pct = progressOf(job);
  const c = job.counts;
  return (
    <div className="job-progress">
      <p>
        <StatusBadge status={job.status} />{" "}
        {job.status === "fetching" && (
          <span className="muted">
            batch {job.batches.done} of {job.batches.total}
          </span>
        )}
      </p>
      <progress
        max={100}
        value={pct}
        aria-label={`Scrape progress: ${humanize(job.status)}`}
        aria-valuetext={`${pct}%, ${humanize(job.status)}`}
      />
      <dl className="stats" aria-live="polite">
        <div>
          <dt>Pages fetched</dt>
          <dd data-testid="pages-fetched">
            {formatNumber(c.pagesFetched)} / {formatNumber(c.pagesQueued)}
          </dd>
        </div>
        <div>
          <dt>Pages failed</dt>
          <dd>{formatNumber(c.pagesFailed)}</dd>
        </div>
        <div>
          <dt>Vehicles found</dt>
          <dd data-testid="vehicles-found">{formatNumber(c.vehiclesFound)}</dd>
        </div>
        <div>
          <dt>New</dt>
          <dd>{formatNumber(c.vehiclesNew)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatNumber(c.vehiclesUpdated)}</dd>
        </div>
        <div>
          <dt>Unchanged</dt>
          <dd>{formatNumber(c.vehiclesUnchanged)}</dd>
        </div>
        <div>
          <dt>Removed</dt>
          <dd>{formatNumber(c.vehiclesRemoved)}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>{formatNumber(job.errorCount)}</dd>
        </div>
      </dl>
    </div>
  );
}
