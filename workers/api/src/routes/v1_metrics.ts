import { PROMETHEUS_CONTENT_TYPE, parseMetricsSettings, renderPrometheus } from "@forecourt/observability";
import type { App } from "../env";
import { ApiError } from "../lib/errors";
import { collectMetrics, flushMetrics } from "../metrics/client";
import { requireOperator } from "../metrics/operator-auth";

/**
 * GET /metrics: every isolate's metrics, merged across the MetricsAggregator shards, in Prometheus text
 * exposition format 0.0.4. Authenticated (METRICS_TOKEN bearer or a platform_admin JWT). Not under /v1
 * and not in the OpenAPI document: it is for Prometheus, not for API clients (docs/operations.md).
 */
export const registerV1Metrics = (app: App) =>
  app.get("/metrics", async (c) => {
    await requireOperator(c);
    const ns = c.env.METRICS_AGGREGATOR;
    if (!ns) {
      throw new ApiError(
        "service_unavailable",
        "metrics are not configured on this deployment (METRICS_AGGREGATOR binding missing)",
      );
    }
    // This isolate's own pending deltas first, so a scrape sees them.
    await flushMetrics(c.env, { force: true });
    const points = await collectMetrics(ns, parseMetricsSettings(c.env).shards);
    return c.body(renderPrometheus(points), 200, {
      "content-type": PROMETHEUS_CONTENT_TYPE,
      "cache-control": "no-store",
    });
  });
