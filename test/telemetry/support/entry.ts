// Test-only entry of the `telemetry` project: the API's fetch handler, the scraper's and the embedder's
// queue handlers and the scraper's cron in one Worker, each exactly as its Worker exports it (wrapped by
// instrumentWorker). Two request headers let a test change the env the API sees, the way a deploy would:
// - `x-test-fault: d1`: the D1 binding fails every query (an outage), to provoke an unhandled error;
// - `x-test-telemetry: off`: the telemetry settings are unset (tracing and error reporting off).
// A queue batch holding a message with `testFault: "d1"` runs its consumer against the failing D1.
import api from "../../../workers/api/src/index";
import embedder from "../../../workers/embedder/src/index";
import scraper from "../../../workers/scraper/src/index";

export { JobProgress, MetricsAggregator, RateLimiter, VectorIndex } from "../../../workers/api/src/index";

/** Failure text with personal data and secrets in it: none of it may reach a span or an error report. */
export const D1_OUTAGE_MESSAGE =
  "D1_ERROR: storage unreachable for jane.doe@example.com from 203.0.113.7 " +
  "(Authorization: Bearer sk-live-abcdef1234567890, token=s3cr3tv4lue)";

function brokenD1(): D1Database {
  const fail = () => {
    throw new Error(D1_OUTAGE_MESSAGE);
  };
  return {
    prepare: fail,
    batch: async () => fail(),
    exec: async () => fail(),
    dump: async () => fail(),
  } as never;
}

// One derived env per base env (stable identity, like the runtime's, for per-isolate caches).
const derived = new WeakMap<object, { broken: object; quiet: object }>();
function variants(env: Record<string, unknown>) {
  let v = derived.get(env);
  if (!v) {
    const quiet = { ...env };
    for (const k of Object.keys(quiet)) if (k.startsWith("OTEL_") || k.startsWith("SENTRY_")) delete quiet[k];
    v = { broken: { ...env, DB: brokenD1() }, quiet };
    derived.set(env, v);
  }
  return v;
}

export default {
  fetch(request, env, ctx) {
    const v = variants(env as Record<string, unknown>);
    const chosen =
      request.headers.get("x-test-fault") === "d1"
        ? v.broken
        : request.headers.get("x-test-telemetry") === "off"
          ? v.quiet
          : env;
    return api.fetch(request, chosen as never, ctx);
  },
  queue(batch, env, ctx) {
    // A batch with a message marked `testFault: "d1"` runs against the failing D1 (an outage mid-job).
    const faulty = batch.messages.some((m) => (m.body as { testFault?: unknown } | null)?.testFault === "d1");
    const chosen = faulty ? variants(env as Record<string, unknown>).broken : env;
    if (batch.queue.startsWith("embed-jobs")) return embedder.queue(batch as never, chosen as never, ctx);
    return scraper.queue(batch as never, chosen as never, ctx);
  },
  scheduled: (controller, env, ctx) => scraper.scheduled(controller, env as never, ctx),
} satisfies ExportedHandler<Record<string, unknown>>;
