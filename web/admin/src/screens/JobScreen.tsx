import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "wouter";
import { api, unwrap } from "../api/client";
import { keys } from "../api/hooks";
import { isFinal, useJobProgress } from "../api/useJobProgress";
import { canAdminister, useSession } from "../auth/session";
import { JobProgress } from "../components/JobProgress";
import { ErrorPanel, Loading } from "../components/States";
import { formatAgo, formatDate, humanize } from "../lib/format";

const LIVE_LABEL = {
  connecting: "Connecting…",
  live: "Live",
  closed: "Reconnecting (polling meanwhile)",
  done: "Finished",
};

export function JobScreen({ params }: { params: { jobId: string } }) {
  const { jobId } = params;
  const session = useSession();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: keys.job(jobId),
    queryFn: () => unwrap(api.GET("/v1/jobs/{jobId}", { params: { path: { jobId } } })),
  });
  const running = !!q.data && !isFinal(q.data.status);
  const live = useJobProgress(jobId, running);
  // Poll only while the socket is not delivering.
  useQuery({
    queryKey: [...keys.job(jobId), "poll"],
    queryFn: () => qc.invalidateQueries({ queryKey: keys.job(jobId) }).then(() => null),
    enabled: running && live !== "live",
    refetchInterval: 3000,
  });
  const onDone = () => {
    void qc.invalidateQueries({ queryKey: keys.job(jobId) });
    void qc.invalidateQueries({ queryKey: ["allJobs"] });
    void qc.invalidateQueries({ queryKey: ["jobs"] });
  };
  const act = useMutation({
    mutationFn: (action: "apply" | "discard" | "replay") => {
      const path = { params: { path: { jobId } } };
      if (action === "apply") return unwrap(api.POST("/v1/jobs/{jobId}/apply", path));
      if (action === "discard") return unwrap(api.POST("/v1/jobs/{jobId}/discard", path));
      return unwrap(api.POST("/v1/jobs/{jobId}/replay", path));
    },
    onSuccess: (res) => {
      qc.setQueryData(keys.job(jobId), (old: object | undefined) => ({
        deadLetters: [],
        ...old,
        ...res.job,
      }));
      onDone();
    },
  });

  if (q.isPending) return <Loading what="the scrape" />;
  if (q.error) return <ErrorPanel error={q.error} onRetry={() => void q.refetch()} />;
  const job = q.data;
  const admin = canAdminister(session);
  return (
    <>
      <header className="page-head">
        <p className="crumb">
          <Link href={`/dealerships/${job.dealershipId}/scrapes`}>Scrapes</Link> / {job.id}
        </p>
        <h1>Scrape of {new URL(job.websiteUrl).host}</h1>
        <p className="muted">
          {humanize(job.trigger)} · requested by {job.requestedBy} · started{" "}
          {formatAgo(job.startedAt ?? job.createdAt)}
          {job.finishedAt && <> · finished {formatDate(job.finishedAt)}</>}
          {job.replays > 0 && <> · replayed {job.replays}×</>}
        </p>
        <p className={`live live-${live}`} role="status">
          {LIVE_LABEL[live]}
        </p>
      </header>
      <section className="card" aria-labelledby="progress">
        <h2 id="progress">Progress</h2>
        <JobProgress job={job} />
        {job.truncated && <p className="notice">Stopped early: {job.truncated}</p>}
        {job.lastError && (
          <p className="error-text">
            <strong>Last error:</strong> {job.lastError}
          </p>
        )}
      </section>

      {job.review && (
        <section className="card" aria-labelledby="review">
          <h2 id="review">Needs review</h2>
          <p>This scrape was not trusted to remove vehicles:</p>
          <ul>
            {job.review.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <p>
            It would remove <strong>{job.review.wouldRemoveCount}</strong> of{" "}
            {job.review.baseline.activeBefore} active vehicles (the last healthy scrape found{" "}
            {job.review.baseline.vehiclesFound}).
          </p>
          {job.review.wouldRemove.length > 0 && (
            <details>
              <summary>Vehicles that would be removed ({job.review.wouldRemove.length} shown)</summary>
              <ul className="columns">
                {job.review.wouldRemove.map((w) => (
                  <li key={w.vehicleId}>
                    <Link href={`/dealerships/${job.dealershipId}/vehicles/${w.vehicleId}`}>
                      <code>{w.vin}</code>
                    </Link>
                  </li>
                ))}
              </ul>
            </details>
          )}
          {job.review.resolution ? (
            <p>
              {humanize(job.review.resolution.action)} by {job.review.resolution.by}{" "}
              {formatAgo(job.review.resolution.at)}
              {job.review.resolution.removed != null && <> · {job.review.resolution.removed} removed</>}
            </p>
          ) : (
            admin &&
            job.status === "needs_review" && (
              <div className="actions">
                <button
                  type="button"
                  className="danger"
                  disabled={act.isPending}
                  onClick={() => act.mutate("apply")}
                >
                  Apply: remove them
                </button>
                <button type="button" disabled={act.isPending} onClick={() => act.mutate("discard")}>
                  Discard: keep everything
                </button>
              </div>
            )
          )}
        </section>
      )}

      {job.deadLetters.length > 0 && (
        <section className="card" aria-labelledby="dead-letters">
          <h2 id="dead-letters">Dead letters</h2>
          <p>
            These messages exhausted their retries. Fix the cause (e.g. the site is back up), then replay.
          </p>
          <table>
            <caption className="sr-only">Dead letters of this scrape</caption>
            <thead>
              <tr>
                <th scope="col">Message</th>
                <th scope="col">Reason</th>
                <th scope="col">Dead since</th>
                <th scope="col">Replayed</th>
              </tr>
            </thead>
            <tbody>
              {job.deadLetters.map((d) => (
                <tr key={d.id}>
                  <td>
                    {d.messageType ?? "unknown"} <span className="muted small">({d.queue})</span>
                  </td>
                  <td>{d.reason ?? "—"}</td>
                  <td>{formatDate(d.createdAt)}</td>
                  <td>{d.replayedAt ? formatAgo(d.replayedAt) : "no"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {admin && job.status === "dead" && (
            <button
              type="button"
              className="primary"
              disabled={act.isPending}
              onClick={() => act.mutate("replay")}
            >
              Replay
            </button>
          )}
        </section>
      )}
      {act.error && <ErrorPanel error={act.error} title="Action failed" />}

      <section className="card" aria-labelledby="errors">
        <h2 id="errors">
          Errors ({job.errorCount}
          {job.errorCount > job.errors.length ? `, first ${job.errors.length} shown` : ""})
        </h2>
        {job.errors.length === 0 ? (
          <p className="muted">No errors.</p>
        ) : (
          <ol className="errors" aria-live="polite">
            {job.errors.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: errors are append-only
              <li key={i}>
                <code>{e.code}</code> {e.message}{" "}
                {e.url && <span className="muted small truncate">{e.url}</span>}{" "}
                <span className="muted small">{formatAgo(e.at)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
