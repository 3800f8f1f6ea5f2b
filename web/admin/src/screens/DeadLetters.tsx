import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "wouter";
import { api, unwrap } from "../api/client";
import { keys } from "../api/hooks";
import { canAdminister, useSession } from "../auth/session";
import { Empty, ErrorPanel, Loading } from "../components/States";
import { formatAgo } from "../lib/format";

/** Scrapes whose messages exhausted their retries (operators: every dealership; dealer roles: their own). */
export function DeadLetters() {
  const session = useSession();
  const qc = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: keys.allJobs({ status: "dead" }),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/v1/jobs", { params: { query: { status: "dead", limit: 50, cursor: pageParam } as never } }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const replay = useMutation({
    mutationFn: (jobId: string) =>
      unwrap(api.POST("/v1/jobs/{jobId}/replay", { params: { path: { jobId } } })),
    onSuccess: (res) => {
      // The job screen must start from the replayed (running) job, not a cached dead one.
      qc.setQueryData(keys.job(res.job.id), (old: object | undefined) => ({
        deadLetters: [],
        ...old,
        ...res.job,
      }));
      void qc.invalidateQueries({ queryKey: keys.job(res.job.id) });
      void qc.invalidateQueries({ queryKey: ["allJobs"] });
    },
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <header className="page-head">
        <h1>Dead letters</h1>
        <p className="muted">
          Scrapes that stopped after their last retry. Replay one once its cause is fixed.
        </p>
      </header>
      {replay.error && <ErrorPanel error={replay.error} title="Not replayed" />}
      {replay.isSuccess && (
        <p role="status" className="ok-text">
          Replayed: <Link href={`/jobs/${replay.data.job.id}`}>watch it run</Link>.
        </p>
      )}
      {list.isPending ? (
        <Loading what="dead letters" />
      ) : list.error ? (
        <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty>
          <p>No dead scrapes. Everything that failed was retried successfully.</p>
        </Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Dead scrapes</caption>
            <thead>
              <tr>
                <th scope="col">Scrape</th>
                <th scope="col">Website</th>
                <th scope="col">Last error</th>
                <th scope="col">Died</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((j) => (
                <tr key={j.id} data-job-id={j.id}>
                  <td>
                    <Link href={`/jobs/${j.id}`}>{j.id}</Link>
                    <div className="muted small">
                      <Link href={`/dealerships/${j.dealershipId}`}>{j.dealershipId}</Link>
                    </div>
                  </td>
                  <td className="truncate">{j.websiteUrl}</td>
                  <td>{j.lastError ?? "—"}</td>
                  <td>{formatAgo(j.finishedAt ?? j.updatedAt)}</td>
                  <td>
                    {canAdminister(session) && (
                      <button
                        type="button"
                        className="primary"
                        disabled={replay.isPending}
                        onClick={() => replay.mutate(j.id)}
                      >
                        Replay<span className="sr-only"> scrape {j.id}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()}>
          Load more
        </button>
      )}
    </>
  );
}
