import { loadAiConfig, loadConfig } from "@forecourt/config";
import { createRepositories } from "@forecourt/db";
import { redactString } from "@forecourt/observability";
import { createAiProviders } from "@forecourt/providers";
import type { Bindings } from "../env";
import type { RateLimiterObject } from "../ratelimit/durable-object";

export interface CheckResult {
  name: string;
  required: boolean;
  status: "ok" | "fail" | "skipped";
  latencyMs: number;
  detail?: Record<string, unknown>;
  error?: string;
}

interface Check {
  name: string;
  required: boolean;
  run(): Promise<Record<string, unknown> | "skipped">;
}

const TIMEOUT_MS = 5000;

async function runCheck(check: Check): Promise<CheckResult> {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const run = check.run();
    run.catch(() => {}); // a check that fails after its timeout must not become an unhandled rejection
    const detail = await Promise.race([
      run,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    const latencyMs = Date.now() - started;
    if (detail === "skipped")
      return { name: check.name, required: check.required, status: "skipped", latencyMs };
    return { name: check.name, required: check.required, status: "ok", latencyMs, detail };
  } catch (err) {
    return {
      name: check.name,
      required: check.required,
      status: "fail",
      latencyMs: Date.now() - started,
      // Vendor errors can echo URLs or keys: redacted like a log line.
      error: redactString(err instanceof Error ? err.message : String(err)).slice(0, 500),
    };
  } finally {
    clearTimeout(timer);
  }
}

const hasSend = (q: unknown) => typeof (q as Queue | undefined)?.send === "function";

/**
 * Deep readiness: every binding and provider the API depends on, each with its status and latency.
 * Required checks decide the HTTP status (503 when one fails); optional ones are reported only.
 */
export async function readiness(env: Bindings): Promise<{ ready: boolean; checks: CheckResult[] }> {
  const checks: Check[] = [
    {
      name: "config",
      required: true,
      run: async () => {
        const c = loadConfig(env);
        return { environment: c.environment, dbDriver: c.db.driver, jwt: c.jwt.mode };
      },
    },
    {
      name: "database",
      required: true,
      run: async () => {
        const repos = createRepositories(loadConfig(env).db);
        try {
          const page = await repos.dealerships.list({ limit: 1 });
          return {
            driver: loadConfig(env).db.driver,
            query: "dealerships.list(limit 1)",
            rows: page.items.length,
          };
        } finally {
          await repos.close().catch(() => {});
        }
      },
    },
    {
      name: "queue:scrape-jobs",
      required: true,
      run: async () => {
        if (!hasSend(env.SCRAPE_JOBS)) throw new Error("SCRAPE_JOBS producer binding is missing");
        return { binding: "SCRAPE_JOBS" };
      },
    },
    {
      name: "queue:embed-jobs",
      required: true,
      run: async () => {
        if (!hasSend(env.EMBED_JOBS)) throw new Error("EMBED_JOBS producer binding is missing");
        return { binding: "EMBED_JOBS" };
      },
    },
    {
      name: "durable_object:RateLimiter",
      required: true,
      run: async () => {
        const ns = env.RATE_LIMITER as DurableObjectNamespace<RateLimiterObject> | undefined;
        if (!ns) throw new Error("RATE_LIMITER binding is missing");
        await ns.get(ns.idFromName("readiness-probe")).peek("public");
        return { binding: "RATE_LIMITER" };
      },
    },
    {
      name: "durable_object:JobProgress",
      required: true,
      run: async () => {
        const ns = env.JOB_PROGRESS;
        if (!ns) throw new Error("JOB_PROGRESS binding is missing");
        // A plain GET (no upgrade) is answered without touching any job: a round trip to the object.
        const res = await ns.get(ns.idFromName("readiness-probe")).fetch("https://job-progress/readiness");
        await res.body?.cancel();
        return { binding: "JOB_PROGRESS", status: res.status };
      },
    },
    {
      name: "durable_object:MetricsAggregator",
      required: true,
      run: async () => {
        const ns = env.METRICS_AGGREGATOR;
        if (!ns) throw new Error("METRICS_AGGREGATOR binding is missing");
        await ns.get(ns.idFromName("alerts")).getState("readiness-probe");
        return { binding: "METRICS_AGGREGATOR" };
      },
    },
    {
      name: "vector_store",
      required: true,
      run: async () => {
        const ai = createAiProviders(loadAiConfig(env));
        const stats = await ai.vectors.stats();
        return { store: ai.vectors.kind, ...stats };
      },
    },
    {
      name: "llm_providers",
      required: true,
      run: async () => {
        const ai = loadAiConfig(env);
        return {
          chat: ai.chat.map((p) => p.provider),
          embedding: ai.embedding.provider,
          vectorStore: ai.vectorStore.kind,
          budgets: ai.budgets,
        };
      },
    },
    {
      name: "analytics_engine",
      required: false,
      run: async () => (env.METRICS_AE ? { binding: "METRICS_AE" } : "skipped"),
    },
  ];
  const results = await Promise.all(checks.map(runCheck));
  return { ready: results.every((r) => !r.required || r.status === "ok"), checks: results };
}
