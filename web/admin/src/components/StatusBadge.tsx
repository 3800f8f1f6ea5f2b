import { humanize } from "../lib/format";

const TONE: Record<string, string> = {
  active: "good",
  succeeded: "good",
  paused: "warn",
  needs_review: "warn",
  queued: "info",
  discovering: "info",
  fetching: "info",
  reconciling: "info",
  disabled: "bad",
  failed: "bad",
  dead: "bad",
  sold: "muted",
  removed: "muted",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${TONE[status] ?? "muted"}`}>{humanize(status)}</span>;
}
