import { useCallback, useMemo } from "react";
import { useLocation, useSearch } from "wouter";

/** URL query string as a flat record, so filters survive reloads and can be shared as links. */
export function useSearchParams(): [
  Record<string, string>,
  (next: Record<string, string | undefined>) => void,
] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = useMemo(() => Object.fromEntries(new URLSearchParams(search)), [search]);
  const set = useCallback(
    (next: Record<string, string | undefined>) => {
      const clean = Object.entries(next).filter(([, v]) => v !== undefined && v !== "") as [string, string][];
      const qs = new URLSearchParams(clean).toString();
      navigate(qs ? `${location}?${qs}` : location, { replace: true });
    },
    [location, navigate],
  );
  return [params, set];
}
