import { useDealership } from "../api/hooks";
import { DealershipTabs } from "./Layout";
import { ErrorPanel } from "./States";
import { StatusBadge } from "./StatusBadge";

/**
 * Title and tabs of every dealership screen. Returns the error panel instead when the dealership cannot be
 * read: a dealership of another tenant is "not found", exactly like a missing one.
 */
export function DealershipHeader({ id, screen }: { id: string; screen: string }) {
  const q = useDealership(id);
  if (q.error) return <ErrorPanel error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <header className="page-head">
      <p className="crumb">{screen}</p>
      <h1>
        {q.data?.name ?? "Dealership"} {q.data && <StatusBadge status={q.data.status} />}
      </h1>
      <DealershipTabs id={id} name={q.data?.name} />
    </header>
  );
}
