import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useLocation } from "wouter";
import { ApiProblem, api, unwrap } from "../api/client";
import { keys } from "../api/hooks";
import { canAdminister, useSession } from "../auth/session";
import { DealershipHeader } from "../components/DealershipHeader";
import { progressOf } from "../components/JobProgress";
import { Empty, ErrorPanel, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { formatAgo, formatNumber, humanize } from "../lib/format";

export function Scrapes({ params }: { params: { id: string } }) {
  const { id } = params;
  const session = useSession();
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const maxId = useId();
  const [maxPages, setMaxPages] = useState("");
  const history = useInfiniteQuery({
    queryKey: keys.jobs(id),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/v1/dealerships/{id}/jobs", {
          params: { path: { id }, query: { limit: 20, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 10_000,
  });
  const start = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/v1/dealerships/{id}/scrapes", {
          params: { path: { id }, header: { "Idempotency-Key": crypto.randomUUID() } as never },
          body: maxPages ? { maxPages: Number(maxPages) } : {},
        }),
      ),
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: keys.jobs(id) });
      navigate(`/jobs/${res.job.id}`);
    },
  });
  const activeJobId =
    start.error instanceof ApiProblem && start.error.status === 409
      ? ((start.error.details as { activeJobId?: string } | undefined)?.activeJobId ?? null)
      : null;
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <DealershipHeader id={id} screen="Scrapes" />
      {canAdminister(session) ? (
        <form
          className="card inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            start.mutate();
          }}
        >
          <label htmlFor={maxId}>Page budget (optional)</label>
          <input
            id={maxId}
            type="number"
            min={1}
            value={maxPages}
            onChange={(e) => setMaxPages(e.target.value)}
          />
          <button type="submit" className="primary" disabled={start.isPending}>
            {start.isPending ? "Starting…" : "Start a scrape"}
          </button>
        </form>
      ) : (
        <p className="muted">Dealer staff can follow scrapes; a dealer admin starts them.</p>
      )}
      {start.error && (
        <>
          <ErrorPanel error={start.error} title="Scrape not started" />
          {activeJobId && (
            <p>
              <Link href={`/jobs/${activeJobId}`}>Watch the scrape that is running</Link>
            </p>
          )}
        </>
      )}
      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        {history.isPending ? (
          <Loading what="scrape history" />
        ) : history.error ? (
          <ErrorPanel error={history.error} onRetry={() => void history.refetch()} />
        ) : items.length === 0 ? (
          <Empty>
            <p>No scrapes yet.</p>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Scrape history, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Status</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Pages</th>
                  <th scope="col">Found</th>
                  <th scope="col">New / updated / removed</th>
                  <th scope="col">Errors</th>
                </tr>
              </thead>
              <tbody>
                {items.map((j) => (
                  <tr key={j.id}>
                    <td>
                      <Link href={`/jobs/${j.id}`}>{formatAgo(j.startedAt ?? j.createdAt)}</Link>
                    </td>
                    <td>
                      <StatusBadge status={j.status} />
                      {!["succeeded", "failed", "dead", "needs_review"].includes(j.status) && (
                        <progress max={100} value={progressOf(j)} aria-label={`Progress of scrape ${j.id}`} />
                      )}
                    </td>
                    <td>{humanize(j.trigger)}</td>
                    <td>
                      {formatNumber(j.counts.pagesFetched)}
                      {j.counts.pagesFailed > 0 && (
                        <span className="error-text"> ({j.counts.pagesFailed} failed)</span>
                      )}
                    </td>
                    <td>{formatNumber(j.counts.vehiclesFound)}</td>
                    <td>
                      {j.counts.vehiclesNew} / {j.counts.vehiclesUpdated} / {j.counts.vehiclesRemoved}
                    </td>
                    <td>{j.errorCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {history.hasNextPage && (
          <button
            type="button"
            onClick={() => void history.fetchNextPage()}
            disabled={history.isFetchingNextPage}
          >
            Load older scrapes
          </button>
        )}
      </section>
    </>
  );
}
