import { describe, expect, it } from "vitest";
import {
  formatReport,
  longestSegment,
  MEMORY_GROWTH_TOLERANCE,
  MEMORY_JUDGED_FROM_SECONDS,
  MEMORY_MAX_KB_PER_REQUEST,
  MEMORY_SLACK_MB,
  memoryJudged,
  memoryVerdict,
  runSoak,
  splitWorkerd,
} from "./soak";

/**
 * Load and soak against the real local stack (see soak.ts). `npm test` runs it for LOAD_SOAK_SECONDS
 * (default 20 s of judged traffic, after wrangler start-up, seeding and a warm-up of
 * LOAD_SOAK_WARMUP_REQUESTS, default 1,500 requests); `LOAD_SOAK_SECONDS=300` or
 * `pnpm bench --only soak` for a several-minute soak whose memory is judged (warm-up default 120,000). No pass/fail on absolute latency or throughput:
 * the machine is shared; the assertions are about errors and memory stability.
 */
const SECONDS = Number(process.env.LOAD_SOAK_SECONDS ?? 20);

/** LOAD_SOAK_PORT: wrangler dev on this port and the next (inspector), e.g. on a shared machine. */
const PORT = process.env.LOAD_SOAK_PORT ? Number(process.env.LOAD_SOAK_PORT) : undefined;

describe("load and soak: mixed dealer-site reads and staff writes on the local stack", () => {
  let report: Awaited<ReturnType<typeof runSoak>> | null = null;

  it(`${SECONDS} s of sustained traffic: zero 5xx, zero non-rate-limit errors`, async () => {
    report = await runSoak({
      seconds: SECONDS,
      ...(PORT ? { port: PORT, inspectorPort: PORT + 1 } : {}),
      log: (l) => console.log(`[load] ${l}`),
    });
    console.log(`[load]\n${formatReport(report)}`);
    expect(report.requests).toBeGreaterThan(SECONDS * 5);
    expect(report.serverErrors, JSON.stringify(report.statuses)).toBe(0);
    expect(report.otherErrors, JSON.stringify(report.statuses)).toBe(0);
    expect(report.connectionErrors).toBe(0);
    expect(report.timeouts).toBe(0);
    // The hot dealership's public limit (30/min) is meant to be hit: 429s are counted, not failures.
    expect(report.rateLimited).toBeGreaterThan(0);
    for (const kind of ["search", "detail", "semantic", "update", "upsert"]) {
      expect(report.byKind[kind]?.count ?? 0, kind).toBeGreaterThan(0);
    }
  });

  // Judged only on windows of 5 minutes or more (LOAD_SOAK_SECONDS=300 / `pnpm bench --only soak`), which
  // start after a JUDGED_WARMUP_REQUESTS warm-up: the local runtime ramps for its first ~75,000-120,000
  // requests and then levels off (docs/operations.md "Load and soak"). `npm test`'s 20 s window after a
  // 1,500-request warm-up sits in that ramp, so a verdict there would pass or fail with the machine's speed
  // and prove nothing. Its numbers are printed above.
  it.skipIf(!memoryJudged(SECONDS))(
    `memory of the workerd running our Workers does not grow (growth rule; judged on runs of ≥ ${MEMORY_JUDGED_FROM_SECONDS} s, skipped on shorter ones; wrangler's dev proxy reported, not judged)`,
    () => {
      expect(report, "the traffic test above must have run").not.toBeNull();
      const verdict = memoryVerdict(longestSegment(report!.memory.samples), {
        requestsPerSecond: report!.requestsPerSecond,
      });
      expect(
        verdict.ok,
        `last-third median ${verdict.lastThirdMedianMb.toFixed(0)} MB (limit ${verdict.limitMb.toFixed(0)} MB: second third ${verdict.secondThirdMedianMb.toFixed(0)} MB × ${1 + MEMORY_GROWTH_TOLERANCE} + ${MEMORY_SLACK_MB} MB); growth ${verdict.kbPerRequest?.toFixed(2)} KB/request (limit ${MEMORY_MAX_KB_PER_REQUEST})`,
      ).toBe(true);
    },
  );
});

describe("splitWorkerd: wrangler's dev proxy told apart from the Workers process", () => {
  const bin = "/x/node_modules/@cloudflare/workerd-linux-64/bin/workerd serve --binary --experimental";
  it("the proxy binds its entry socket to the public port; the Workers process to port 0", () => {
    expect(
      splitWorkerd(
        [
          { pid: 11, cmdline: `${bin} --socket-addr=entry=127.0.0.1:8900 --control-fd=3 -` },
          {
            pid: 12,
            cmdline: `${bin} --socket-addr=entry=127.0.0.1:0 --control-fd=3 - --inspector-addr=localhost:0`,
          },
        ],
        8900,
      ),
    ).toEqual({ workers: [12], proxy: [11] });
  });
  it("a port that only prefixes another is not a match", () => {
    expect(
      splitWorkerd([{ pid: 11, cmdline: `${bin} --socket-addr=entry=127.0.0.1:89001 -` }], 8900),
    ).toEqual({ workers: [11], proxy: [] });
  });
});

describe("memoryVerdict: warm-up ignored, noise tolerated, growth caught", () => {
  const series = (f: (i: number) => number, n = 60) =>
    Array.from({ length: n }, (_, i) => ({ t: i * 1000, rssMb: f(i) }));
  it("a warm-up ramp then a flat noisy plateau is stable", () => {
    expect(memoryVerdict(series((i) => (i < 20 ? 100 + i * 10 : 300 + ((i * 37) % 11) - 5))).ok).toBe(true);
  });
  it("steady growth through the run is not", () => {
    expect(memoryVerdict(series((i) => 200 + i * 4)).ok).toBe(false);
  });
  it("a slow leak on a large process passes the thirds rule but not the per-request slope", () => {
    // 1.2 GB growing 30 MB/min at 250 req/s: ~2 KB per request, 8% between the thirds' medians.
    const leak = series((i) => 1200 + i * 0.5 + ((i * 37) % 11) - 5, 300);
    const v = memoryVerdict(leak, { requestsPerSecond: 250 });
    expect(v.lastThirdMedianMb).toBeLessThanOrEqual(v.limitMb);
    expect(v.kbPerRequest).toBeGreaterThan(MEMORY_MAX_KB_PER_REQUEST);
    expect(v.ok).toBe(false);
    expect(memoryVerdict(leak).ok, "without a request rate only the thirds rule applies").toBe(true);
  });
  it("the local runtime's measured residual after its ramp (~6 MB/min at 250 req/s) passes", () => {
    const plateau = series((i) => 1200 + i * 0.1 + ((i * 37) % 11) - 5, 300);
    const v = memoryVerdict(plateau, { requestsPerSecond: 250 });
    expect(v.kbPerRequest).toBeLessThan(0.5);
    expect(v.ok).toBe(true);
  });
  it("too few samples decide nothing", () => {
    expect(memoryVerdict(series(() => 100, 3)).ok).toBe(false);
  });
});
