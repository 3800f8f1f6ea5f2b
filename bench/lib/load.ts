// autocannon, in-process, loopback only. Latencies are collected per response so p95 is exact (autocannon's
// own summary has p90 and p97.5 but no p95).
import autocannon from "autocannon";
import { type Summary, summarize } from "./percentiles";

export interface LoadResult {
  latency: Summary;
  requestsPerSecond: number;
  total: number;
  non2xx: number;
  errors: number;
  statusCounts: Record<string, number>;
}

export async function load(opts: {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Cycled by every connection, in order. */
  requests: { path: string; headers?: Record<string, string> }[];
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let done!: (r: autocannon.Result) => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: opts.url,
      connections: opts.connections,
      duration: opts.durationSeconds,
      requests: opts.requests.map((r) => ({
        method: "GET" as const,
        path: r.path,
        headers: r.headers ?? {},
      })),
    },
    (err, result) => (err ? fail(err) : done(result)),
  );
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
  });
  const result = await finished;
  return {
    latency: summarize(latencies),
    requestsPerSecond: result.requests.total / (result.duration || opts.durationSeconds),
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCounts,
  };
}
