import {
  analyticsEnginePoint,
  derivedPoints,
  escapeLabelValue,
  instrumentQueue,
  instrumentVectorStore,
  METRICS,
  MetricsRecorder,
  type MetricsSink,
  mergePoints,
  recordQueueMessage,
  recordRequest,
  recordScrapeJob,
  renderPrometheus,
  type SeriesPoint,
  validPoint,
} from "@forecourt/observability";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";

/** An aggregator shard as the Durable Object keeps it: cumulative points, merged on push. */
class MemoryShard implements MetricsSink {
  points: SeriesPoint[] = [];
  pushes = 0;
  async push(points: SeriesPoint[]) {
    this.pushes++;
    const valid = points.map(validPoint).filter((p): p is SeriesPoint => p !== null);
    this.points = mergePoints(this.points, valid);
  }
}

/** Every sample line must match the 0.0.4 grammar; every family has exactly one HELP and TYPE before its samples. */
function assertExpositionGrammar(text: string) {
  expect(text.endsWith("\n")).toBe(true);
  const sample =
    /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\\\|\\"|\\n)*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/;
  const seen = new Map<string, { help: number; type: number }>();
  let current = "";
  for (const line of text.trimEnd().split("\n")) {
    const m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (m) {
      const e = seen.get(m[2]!) ?? { help: 0, type: 0 };
      if (m[1] === "HELP") e.help++;
      else {
        e.type++;
        expect(["counter", "gauge", "histogram"]).toContain(m[3]);
      }
      seen.set(m[2]!, e);
      current = m[2]!;
      continue;
    }
    expect(line, line).toMatch(sample);
    expect(line.startsWith(current), `${line} outside its family ${current}`).toBe(true);
  }
  for (const [name, e] of seen) expect(e, name).toEqual({ help: 1, type: 1 });
}

describe("metrics: aggregation across isolates and the Prometheus exposition format", () => {
  it("counts from several isolates flushed to several shards add up exactly, and parse with a real parser", async () => {
    const shards = [new MemoryShard(), new MemoryShard()];
    const isolates = Array.from({ length: 5 }, () => new MetricsRecorder());
    let expected200 = 0;
    let expected404 = 0;
    let expected429 = 0;
    for (let round = 0; round < 4; round++) {
      for (const [i, rec] of isolates.entries()) {
        for (let r = 0; r < 3 + i; r++) {
          const status = r % 5 === 4 ? 429 : r % 3 === 2 ? 404 : 200;
          if (status === 200) expected200++;
          else if (status === 404) expected404++;
          else expected429++;
          recordRequest(
            {
              route: "/v1/dealerships/:dealershipId",
              method: "get",
              status,
              durationMs: 7 + r * 40,
              principal: "user",
            },
            rec,
          );
        }
        // Isolate i always flushes to the same shard (like the Workers: one shard per isolate).
        await rec.flush(shards[i % 2]!, { force: true });
      }
    }
    // A flush with nothing pending sends nothing.
    const before = shards[0]!.pushes;
    await isolates[0]!.flush(shards[0]!, { force: true });
    expect(shards[0]!.pushes).toBe(before);

    const text = renderPrometheus(mergePoints(shards[0]!.points, shards[1]!.points));
    assertExpositionGrammar(text);
    const families = parsePrometheusTextFormat(text);
    const requests = families.find((f) => f.name === "forecourt_http_requests_total")!;
    expect(requests.type).toBe("COUNTER");
    expect(requests.help).toBe(METRICS.httpRequests.help);
    const byStatus = Object.fromEntries(requests.metrics.map((m) => [m.labels!.status, Number(m.value)]));
    expect(byStatus).toEqual({ "200": expected200, "404": expected404, "429": expected429 });
    expect(requests.metrics[0]!.labels).toMatchObject({
      route: "/v1/dealerships/:dealershipId",
      method: "GET",
    });

    // parse-prometheus-text-format 1.1.1 flattens histograms WITH labels into one sample (it keeps only
    // label-less _sum/_count), so labelled histograms are checked on the text: every series' +Inf bucket
    // equals its _count, buckets are cumulative, and the counts add up to the requests.
    expect(families.find((f) => f.name === "forecourt_http_request_duration_seconds")!.type).toBe(
      "HISTOGRAM",
    );
    const counts = [...text.matchAll(/^forecourt_http_request_duration_seconds_count\{([^}]*)\} (\d+)$/gm)];
    expect(counts.reduce((a, m) => a + Number(m[2]), 0)).toBe(expected200 + expected404 + expected429);
    for (const [, labels, count] of counts) {
      const buckets = [
        ...text.matchAll(
          new RegExp(
            `^forecourt_http_request_duration_seconds_bucket\\{${labels!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")},le="([^"]+)"\\} (\\d+)$`,
            "gm",
          ),
        ),
      ].map((m) => Number(m[2]));
      expect(buckets).toHaveLength(METRICS.httpDuration.buckets.length + 1);
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]!).toBeGreaterThanOrEqual(buckets[i - 1]!);
      expect(buckets.at(-1)).toBe(Number(count));
    }
    const rejections = families.find((f) => f.name === "forecourt_rate_limit_rejections_total")!;
    expect(Number(rejections.metrics[0]!.value)).toBe(expected429);
  });

  it("the parser is a real validator: it rejects malformed label sets (values are checked by our grammar)", () => {
    expect(() => parsePrometheusTextFormat("# TYPE x counter\nx{a=b} 1\n")).toThrow(/invalid line/);
    expect(() => parsePrometheusTextFormat('# TYPE x counter\nx{a="b" 1\n')).toThrow(/invalid line/);
    // It is lenient about sample values, so assertExpositionGrammar checks those.
    expect(() => assertExpositionGrammar("# HELP x h\n# TYPE x counter\nx one\n")).toThrow();
    expect(() => parsePrometheusTextFormat(renderPrometheus([]))).not.toThrow();
  });

  it("histogram lines: cumulative buckets with le labels, +Inf equals _count, _sum is the sum", () => {
    const rec = new MetricsRecorder();
    for (const ms of [3, 4, 30, 30, 200, 20_000])
      recordRequest({ route: "/x", method: "POST", status: 201, durationMs: ms }, rec);
    const text = renderPrometheus(rec.registry.drain());
    const b = (le: string) =>
      new RegExp(
        `forecourt_http_request_duration_seconds_bucket\\{route="/x",method="POST",status="201",le="${le}"\\} (\\d+)`,
      ).exec(text)?.[1];
    expect(b("0.005")).toBe("2");
    expect(b("0.025")).toBe("2");
    expect(b("0.05")).toBe("4");
    expect(b("0.25")).toBe("5");
    expect(b("10")).toBe("5");
    expect(b("\\+Inf")).toBe("6");
    expect(text).toContain(
      'forecourt_http_request_duration_seconds_count{route="/x",method="POST",status="201"} 6',
    );
    expect(text).toMatch(
      /forecourt_http_request_duration_seconds_sum\{route="\/x",method="POST",status="201"\} 20\.267/,
    );
  });

  it("label values with quotes, backslashes, newlines and unicode are escaped and parse back unchanged", () => {
    const rec = new MetricsRecorder();
    const hostile = ['a"b', "back\\slash", "line\nbreak", "ünïcødé 🚗", 'all\\"\n"', "{}=,", ""];
    for (const route of hostile) recordRequest({ route, method: "GET", status: 200, durationMs: 1 }, rec);
    const text = renderPrometheus(rec.registry.drain());
    assertExpositionGrammar(text);
    const fam = parsePrometheusTextFormat(text).find((f) => f.name === "forecourt_http_requests_total")!;
    const routes = fam.metrics.map((m) => m.labels!.route).sort();
    expect(routes).toEqual(hostile.map((r) => (r === "" ? "none" : r)).sort());
    expect(escapeLabelValue('x"\\\ny')).toBe('x\\"\\\\\\ny');
  });

  it("a failed flush puts the deltas back: nothing lost, nothing counted twice", async () => {
    const rec = new MetricsRecorder();
    const shard = new MemoryShard();
    let fail = true;
    const flaky: MetricsSink = {
      push: async (p) => {
        if (fail) throw new Error("aggregator unavailable");
        await shard.push(p);
      },
    };
    recordRequest({ route: "/a", method: "GET", status: 200, durationMs: 5 }, rec);
    await rec.flush(flaky, { force: true });
    recordRequest({ route: "/a", method: "GET", status: 200, durationMs: 5 }, rec);
    fail = false;
    await rec.flush(flaky, { force: true });
    await rec.flush(flaky, { force: true });
    const count = shard.points.find((p) => p.name === METRICS.httpRequests.name)!;
    expect(count.value).toBe(2);
  });

  it("flush interval: deltas wait until the interval has passed", async () => {
    const rec = new MetricsRecorder();
    const shard = new MemoryShard();
    recordRequest({ route: "/a", method: "GET", status: 200, durationMs: 5 }, rec);
    await rec.flush(shard, { intervalMs: 10_000, now: 20_000 });
    expect(shard.pushes).toBe(1);
    recordRequest({ route: "/a", method: "GET", status: 200, durationMs: 5 }, rec);
    await rec.flush(shard, { intervalMs: 10_000, now: 25_000 });
    expect(shard.pushes).toBe(1);
    await rec.flush(shard, { intervalMs: 10_000, now: 30_001 });
    expect(shard.pushes).toBe(2);
  });

  it("a busy isolate flushes every maxCalls-th invocation inside the interval (bounded loss on eviction)", async () => {
    const rec = new MetricsRecorder();
    const shard = new MemoryShard();
    const opts = { intervalMs: 10_000, maxCalls: 100 };
    recordRequest({ route: "/a", method: "GET", status: 200, durationMs: 5 }, rec);
    await rec.flush(shard, { ...opts, now: 20_000 }); // interval due: flushed, the count restarts
    expect(shard.pushes).toBe(1);
    // 250 invocations within one second: far inside the 10 s interval.
    for (let i = 1; i <= 250; i++) {
      recordRequest({ route: "/a", method: "GET", status: 200, durationMs: 5 }, rec);
      await rec.flush(shard, { ...opts, now: 20_000 + i * 4 });
      // Flushed on the 100th and 200th call only; never more than 99 invocations pending.
      expect(shard.pushes).toBe(1 + Math.floor(i / 100));
    }
    const count = () => shard.points.find((p) => p.name === METRICS.httpRequests.name)!.value;
    expect(count()).toBe(201);
    // The 50 still pending go with the next flush the interval allows: nothing lost, nothing twice.
    await rec.flush(shard, { ...opts, now: 40_000 });
    expect(count()).toBe(251);
    // Without maxCalls the interval alone decides (the previous behaviour).
    const quiet = new MetricsRecorder();
    const other = new MemoryShard();
    for (let i = 0; i < 150; i++) {
      recordRequest({ route: "/a", method: "GET", status: 200, durationMs: 5 }, quiet);
      await quiet.flush(other, { intervalMs: 10_000, now: 20_000 + i });
    }
    expect(other.pushes).toBe(1);
  });

  it("the aggregator refuses malformed or hostile points", () => {
    const ok = { name: METRICS.httpRequests.name, labels: ["/a", "GET", "200"], value: 1 };
    expect(validPoint(ok)).toEqual(ok);
    for (const bad of [
      null,
      "x",
      { ...ok, name: "evil_metric" },
      { ...ok, value: -1 },
      { ...ok, value: Number.NaN },
      { ...ok, value: "1" },
      { ...ok, labels: ["/a", "GET"] },
      { ...ok, labels: ["/a", "GET", 200] },
      { ...ok, labels: ["x".repeat(500), "GET", "200"] },
      { name: METRICS.httpDuration.name, labels: ["/a", "GET", "200"], buckets: [1], sum: 1, count: 1 },
      {
        name: METRICS.httpDuration.name,
        labels: ["/a", "GET", "200"],
        buckets: new Array(12).fill(-1),
        sum: 1,
        count: 1,
      },
    ]) {
      expect(validPoint(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it("a cardinality guard: series past the cap are dropped and counted", () => {
    const rec = new MetricsRecorder({ maxSeries: 10 });
    for (let i = 0; i < 50; i++)
      recordRequest({ route: `/r/${i}`, method: "GET", status: 200, durationMs: 1 }, rec);
    const points = rec.registry.drain();
    const dropped = points.find((p) => p.name === METRICS.droppedSeries.name);
    expect(points.length).toBeLessThanOrEqual(12); // 10 series + one dropped-series counter per metric
    expect(dropped?.value).toBeGreaterThan(0);
  });

  it("queue metrics, job outcomes, the backlog estimate and the Analytics Engine layout", async () => {
    const rec = new MetricsRecorder();
    const written: unknown[] = [];
    rec.useAnalyticsEngine({ writeDataPoint: (p) => written.push(p) });
    const sent: unknown[] = [];
    const q = instrumentQueue(
      {
        send: async (m: unknown) => void sent.push(m),
        sendBatch: async (ms: unknown[]) => void sent.push(...ms),
      },
      "scrape-jobs-staging",
      rec,
    );
    await q.send({ a: 1 } as never);
    await (q as unknown as { sendBatch: (m: unknown[]) => Promise<void> }).sendBatch([{ b: 1 }, { c: 1 }]);
    const now = Date.now();
    recordQueueMessage(
      {
        queue: "scrape-jobs-staging",
        type: "discover",
        outcome: "ack",
        enqueuedAt: now - 90_000,
        attempts: 1,
        now,
      },
      rec,
    );
    recordQueueMessage(
      {
        queue: "scrape-jobs",
        type: "fetch-batch",
        outcome: "retry",
        enqueuedAt: new Date(now - 1000),
        attempts: 2,
        now,
      },
      rec,
    );
    recordScrapeJob(
      {
        id: "job_1",
        dealershipId: "dlr_1",
        status: "succeeded",
        trigger: "schedule",
        counts: { pagesFetched: 30, vehiclesFound: 25, vehiclesNew: 5, vehiclesUnchanged: 20 },
      },
      rec,
    );
    const points = rec.registry.drain();
    const all = [...points, ...derivedPoints(points)];
    const text = renderPrometheus(all);
    assertExpositionGrammar(text);
    expect(text).toContain('forecourt_queue_messages_sent_total{queue="scrape-jobs"} 3');
    expect(text).toContain('forecourt_queue_backlog_estimate{queue="scrape-jobs"} 2');
    expect(text).toContain('forecourt_queue_message_age_seconds_bucket{queue="scrape-jobs",le="60"} 1');
    expect(text).toContain('forecourt_queue_message_age_seconds_bucket{queue="scrape-jobs",le="300"} 2');
    expect(text).toContain('forecourt_scrape_jobs_total{outcome="succeeded",trigger="schedule"} 1');
    expect(text).toContain('forecourt_scrape_vehicles_total{dealership="dlr_1",change="new"} 5');
    expect(text).toMatch(/forecourt_scrape_last_success_timestamp_seconds\{dealership="dlr_1"\} \d{10}/);
    // A label-less histogram through the real parser: buckets by le, count and sum.
    const pages = parsePrometheusTextFormat(text).find((f) => f.name === "forecourt_scrape_pages_per_job")!;
    expect(pages.type).toBe("HISTOGRAM");
    expect(pages.metrics[0]).toMatchObject({
      count: "1",
      sum: "30",
      buckets: { "25": "0", "50": "1", "+Inf": "1" },
    });
    // One Analytics Engine data point per event: blob1 = metric, blob2… = labels, double1 = value, index = dealership.
    expect(written).toContainEqual({
      indexes: ["forecourt_queue_messages_sent_total"],
      blobs: ["forecourt_queue_messages_sent_total", "scrape-jobs"],
      doubles: [2, 1],
    });
    expect(written).toContainEqual({
      indexes: ["dlr_1"],
      blobs: ["forecourt_scrape_pages_total", "dlr_1"],
      doubles: [30, 1],
    });
    expect(analyticsEnginePoint(METRICS.httpRequests.name, ["/a", "GET", "200"], 1).blobs).toEqual([
      METRICS.httpRequests.name,
      "/a",
      "GET",
      "200",
    ]);
  });

  it("vector store calls are counted and timed per dealership, errors included, and pass through", async () => {
    const rec = new MetricsRecorder();
    const store = instrumentVectorStore(
      {
        kind: "local",
        limits: { dimensions: 3 },
        async query(ns: string) {
          return [{ id: ns }];
        },
        async upsert() {
          throw new Error("backend down");
        },
      },
      rec,
    );
    expect(await store.query("dlr_9")).toEqual([{ id: "dlr_9" }]);
    await expect(store.upsert()).rejects.toThrow("backend down");
    expect(store.limits.dimensions).toBe(3);
    const text = renderPrometheus(rec.registry.drain());
    expect(text).toContain(
      'forecourt_vector_calls_total{dealership="dlr_9",store="local",op="query",outcome="ok"} 1',
    );
    expect(text).toContain(
      'forecourt_vector_calls_total{dealership="all",store="local",op="upsert",outcome="error"} 1',
    );
    expect(text).toContain('forecourt_vector_call_duration_seconds_count{store="local",op="query"} 1');
  });
});
