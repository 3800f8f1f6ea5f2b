import { useEffect, useState } from "react";
import { ApiProblem } from "../api/client";

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      {children}
    </div>
  );
}

function RetryCountdown({ seconds, onRetry }: { seconds: number; onRetry?: () => void }) {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    if (left <= 0) return;
    const t = setTimeout(() => setLeft((l) => l - 1), 1000);
    return () => clearTimeout(t);
  }, [left]);
  return left > 0 ? (
    <p>Too many requests: you can retry in {left} s.</p>
  ) : (
    <p>
      You can retry now.{" "}
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          Retry
        </button>
      )}
    </p>
  );
}

/** The API's message, code and request id (to quote when reporting), and when to retry after a 429. */
export function ErrorPanel({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const p = error instanceof ApiProblem ? error : null;
  const heading =
    title ?? (p?.isNotFound ? "Not found" : p?.status === 403 ? "Not allowed" : "Something went wrong");
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{heading}</p>
      <p>{p ? p.message : ((error as Error)?.message ?? String(error))}</p>
      {p && (
        <p className="muted small">
          {p.code}
          {p.status ? ` · HTTP ${p.status}` : ""}
          {p.requestId && (
            <>
              {" "}
              · request id <code>{p.requestId}</code>
            </>
          )}
        </p>
      )}
      {p?.status === 429 ? (
        <RetryCountdown seconds={p.retryAfter ?? 1} onRetry={onRetry} />
      ) : (
        onRetry &&
        !p?.isNotFound &&
        p?.status !== 403 && (
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        )
      )}
    </div>
  );
}

/** One query's three states, then its content. */
export function QueryView<T>({
  query,
  what,
  children,
}: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  what: string;
  children: (data: T) => React.ReactNode;
}) {
  if (query.isPending) return <Loading what={what} />;
  if (query.error) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data as T)}</>;
}
