import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { api, type Job, unwrap } from "../api/client";
import { keys } from "../api/hooks";
import { isOperator, useSession } from "../auth/session";
import { Empty, ErrorPanel, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { formatAgo } from "../lib/format";

/** The newest job per dealership, from one jobs call (operators: all dealerships; dealer roles: their own). */
function useLatestJobs() {
  return useQuery({
    queryKey: keys.allJobs({ latest: true }),
    queryFn: async () => {
      const list = await unwrap(api.GET("/v1/jobs", { params: { query: { limit: 100 } } }));
      const latest = new Map<string, Job>();
      for (const j of list.items) if (!latest.has(j.dealershipId)) latest.set(j.dealershipId, j);
      return latest;
    },
  });
}

export function Dealerships() {
  const session = useSession();
  const list = useInfiniteQuery({
    queryKey: keys.dealerships,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/v1/dealerships", { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const latest = useLatestJobs();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <header className="page-head row">
        <h1>Dealerships</h1>
        {isOperator(session) && (
          <Link href="/dealerships/new" className="button primary">
            Onboard a dealership
          </Link>
        )}
      </header>
      {list.isPending ? (
        <Loading what="dealerships" />
      ) : list.error ? (
        <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty>
          <p>No dealerships yet.</p>
          {isOperator(session) && <Link href="/dealerships/new">Onboard the first one</Link>}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Dealerships</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Website</th>
                <th scope="col">Status</th>
                <th scope="col">Schedule</th>
                <th scope="col">Last scrape</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => {
                const job = latest.data?.get(d.id);
                return (
                  <tr key={d.id}>
                    <td>
                      <Link href={`/dealerships/${d.id}`}>{d.name}</Link>
                      <div className="muted small">{d.id}</div>
                    </td>
                    <td className="truncate">{d.websiteUrl}</td>
                    <td>
                      <StatusBadge status={d.status} />
                    </td>
                    <td>
                      {d.scrapeSchedule.enabled ? (
                        <code>{d.scrapeSchedule.cron}</code>
                      ) : (
                        <span className="muted">off</span>
                      )}{" "}
                      <span className="muted small">{d.timezone}</span>
                    </td>
                    <td>
                      {latest.isPending ? (
                        "…"
                      ) : job ? (
                        <Link href={`/jobs/${job.id}`}>
                          <StatusBadge status={job.status} />{" "}
                          <span className="small">{formatAgo(job.finishedAt ?? job.createdAt)}</span>
                        </Link>
                      ) : (
                        <span className="muted">never</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading…" : "Load more dealerships"}
        </button>
      )}
      {latest.error && <ErrorPanel title="Last scrapes could not be loaded" error={latest.error} />}
    </>
  );
}
