import { env } from "cloudflare:workers";
import { METRICS, MetricsRecorder, recordRequest } from "@forecourt/observability";
import { describe, expect, it } from "vitest";
import { aggregatorSink, type MetricsNamespace, shardName } from "../../../workers/api/src/metrics/client";
import { dealerAdmin, mintToken, platformAdmin } from "../../api/helpers/auth";
import { call } from "../../api/helpers/http";
import { METRICS_TOKEN, sample, scrape } from "./support";

const ns = (env as unknown as { METRICS_AGGREGATOR: MetricsNamespace }).METRICS_AGGREGATOR;

describe("GET /metrics: authenticated Prometheus exposition of the aggregated metrics", () => {
  it("needs the METRICS_TOKEN or a platform_admin JWT", async () => {
    expect((await call("/metrics")).status).toBe(401);
    expect((await call("/metrics", { token: "not-the-token-not-the-token-not-the-token" })).status).toBe(401);
    expect((await call("/metrics", { token: `${METRICS_TOKEN}x` })).status).toBe(401);
    expect((await call("/metrics", { token: await dealerAdmin("dlr_any") })).status).toBe(403);
    expect(
      (await call("/metrics", { token: await mintToken("platform_admin", { expiresIn: -60 }) })).status,
    ).toBe(401);
    const admin = await call("/metrics", { token: await platformAdmin() });
    expect(admin.status).toBe(200);
    const res = await call("/metrics", { token: METRICS_TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  });

  it("counts requests by route template, method and status exactly", async () => {
    const before = (await scrape()).text;
    const route = { route: "/v1/health", method: "GET", status: "200" };
    const notFound = { route: "(unmatched)", method: "GET", status: "404" };
    const dealership = { route: "/v1/dealerships/:id", method: "GET", status: "404" };
    for (let i = 0; i < 7; i++) expect((await call("/v1/health")).status).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await call(`/v1/no-such-route-${i}`, { token: await platformAdmin() })).status).toBe(404);
    for (let i = 0; i < 2; i++)
      expect((await call(`/v1/dealerships/dlr_missing_${i}`, { token: await platformAdmin() })).status).toBe(
        404,
      );
    const { text, families } = await scrape();
    const d = (labels: Record<string, string>) =>
      sample(text, METRICS.httpRequests.name, labels) - sample(before, METRICS.httpRequests.name, labels);
    expect(d(route)).toBe(7);
    expect(d(notFound)).toBe(3);
    // Route templates, never raw paths: ids do not become labels.
    expect(
      d(dealership),
      text
        .split("\n")
        .filter((l) => l.startsWith("forecourt_http_requests_total"))
        .join("\n"),
    ).toBe(2);
    expect(text).not.toContain("dlr_missing_");
    const fam = families.find((f) => f.name === METRICS.httpRequests.name)!;
    expect(fam.type).toBe("COUNTER");
    expect(families.find((f) => f.name === METRICS.httpDuration.name)!.type).toBe("HISTOGRAM");
    const count = (t: string) => sample(t, `${METRICS.httpDuration.name}_count`, route);
    expect(count(text) - count(before)).toBe(7);
  });

  it("aggregates deltas from many isolates across the shards, and survives malformed pushes", async () => {
    const label = `/synthetic/${Date.now().toString(36)}`;
    const before = (await scrape()).text;
    // Twelve "isolates", each with its own recorder, flushing several times to the real aggregator shards.
    let expected = 0;
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const rec = new MetricsRecorder();
        const sink = {
          push: (p: unknown[]) =>
            ns
              .get(ns.idFromName(shardName(i % 3)))
              .push(p)
              .then(() => {}),
        };
        for (let round = 0; round < 3; round++) {
          for (let r = 0; r <= i; r++)
            recordRequest({ route: label, method: "POST", status: 201, durationMs: 5 + r }, rec);
          await rec.flush(sink, { force: true });
        }
      }),
    );
    for (let i = 0; i < 12; i++) expected += 3 * (i + 1);
    // Hostile pushes are refused point by point and change nothing.
    const r = await ns.get(ns.idFromName(shardName(1))).push([
      { name: METRICS.httpRequests.name, labels: [label, "POST", "201"], value: -1000 },
      { name: "evil_total", labels: [], value: 1 },
      { name: METRICS.httpRequests.name, labels: [label, "POST", "201"], value: Number.NaN },
    ]);
    expect(r).toEqual({ merged: 0, rejected: 3 });
    const { text } = await scrape();
    const labels = { route: label, method: "POST", status: "201" };
    expect(
      sample(text, METRICS.httpRequests.name, labels) - sample(before, METRICS.httpRequests.name, labels),
    ).toBe(expected);
    expect(sample(text, `${METRICS.httpDuration.name}_count`, labels)).toBe(expected);
    // Every shard took part.
    for (let i = 0; i < 3; i++)
      expect(sample(text, METRICS.flushes.name, { shard: shardName(i) })).toBeGreaterThan(0);
  });

  it("the isolate's sink writes to one shard only", async () => {
    const sink = aggregatorSink(ns, 3);
    const rec = new MetricsRecorder();
    const label = `/one-shard/${Date.now().toString(36)}`;
    recordRequest({ route: label, method: "GET", status: 200, durationMs: 1 }, rec);
    await rec.flush(sink, { force: true });
    const holders = await Promise.all(
      [0, 1, 2].map(async (i) =>
        (await ns.get(ns.idFromName(shardName(i))).snapshot()).some((p) => p.labels[0] === label),
      ),
    );
    expect(holders.filter(Boolean)).toHaveLength(1);
  });
});
