// Renders one run's results as Markdown (printed, saved under .wrangler/bench/results, and spliced into
// BENCHMARKS.md between the results markers on a full run).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { LoadReport } from "../datasets/postgres";
import type { MiddlewareResult } from "../suites/middleware";
import type { RateLimitResult } from "../suites/rate-limit";
import type { SearchResult } from "../suites/search";
import { duration, int, ms, table, times } from "./format";
import type { Machine } from "./machine";
import { RESULTS_DIR, ROOT } from "./paths";
import { AI_END, AI_START, type AiResults, renderAi } from "./report-ai";
import { renderScraping, SCRAPING_END, SCRAPING_START, type ScrapingResults } from "./report-scraping";

export interface RunResults {
  startedAt: string;
  totalMs: number;
  command: string;
  machine: Machine;
  dataset?: {
    vehicles: number;
    dealerships: number;
    fingerprint: string;
    smallest: number;
    largest: number;
    median: number;
  };
  ingest: { postgres?: LoadReport; d1?: LoadReport };
  middleware?: MiddlewareResult;
  rateLimit?: RateLimitResult;
  search: SearchResult[];
  setupMs: Record<string, number>;
  /** Load averages when the run ended. */
  loadAverageEnd?: number[];
  /** extract-throughput, extract-accuracy, scrape-e2e (their own section of BENCHMARKS.md). */
  scraping?: ScrapingResults;
  /** vector-local, llm-local, embedder, chat-ttft (their own section of BENCHMARKS.md). */
  ai?: AiResults;
}

const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

function searchTable(r: SearchResult, target: number): string {
  const server = r.shapes.some((s) => s.repoServer);
  const cpu = r.shapes.some((s) => s.repoCpu);
  const rows = r.shapes.map((s) => {
    const cells: (string | number)[] = [
      `\`${s.shape}\` — ${s.describe}`,
      s.avgItems.toFixed(1),
      s.statements,
      ms(s.repo.p50),
      ms(s.repo.p95),
      ms(s.raw.p50),
      ms(s.raw.p95),
      times(s.ratioP50),
      times(s.ratioP95),
    ];
    if (server)
      cells.push(
        `${ms(s.repoServer!.p50, 0)} / ${ms(s.repoServer!.p95, 0)}`,
        `${ms(s.rawServer!.p50, 0)} / ${ms(s.rawServer!.p95, 0)}`,
      );
    if (cpu) cells.push(s.repoCpu ? `${ms(s.repoCpu.p50, 3)} / ${ms(s.repoCpu.p95, 3)}` : "n/a");
    cells.push(s.repo.p95 <= target ? "yes" : "**no**");
    return cells;
  });
  const headers = [
    "shape",
    "items",
    "SQL statements",
    "repo p50",
    "repo p95",
    "raw p50",
    "raw p95",
    "ratio p50",
    "ratio p95",
  ];
  if (server) headers.push("in-Worker repo p50 / p95", "in-Worker raw p50 / p95");
  if (cpu) headers.push("repository CPU only p50 / p95");
  headers.push(`repo p95 ≤ ${target} ms`);
  const note = server
    ? `Times in ms: the HTTP round trip from the harness to the bench Worker (request → body read; the same HTTP overhead on both paths), ${r.iterations} samples per shape and path over random dealerships. In-Worker columns: measured around the repository call / the replay inside the Worker, at workerd's 1 ms clock resolution.`
    : `Times in ms, measured in the Node process around the call (${r.iterations} samples per shape and path, random dealerships). ` +
      "Repository CPU only: the same search with pg's socket I/O replaced by the recorded answers (drizzle, executor, row decoding, cursor and facet shaping run for real; median of 5 per sample).";
  return `#### ${r.backend}\n\n${note}\n\n${table(headers, rows)}`;
}

export function renderResults(r: RunResults): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `_Run ${r.startedAt} (\`${r.command}\`), total ${duration(r.totalMs)}. Machine: ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}; ` +
      `Node ${m.node}, wrangler ${m.wrangler}, workerd ${m.workerd}, PostgreSQL ${m.postgres}. ` +
      `Load average (1/5/15 min) at start ${m.loadAverage.join(" / ")}${r.loadAverageEnd ? `, at end ${r.loadAverageEnd.join(" / ")}` : ""}._`,
  );
  if (r.middleware) {
    const mw = r.middleware;
    out.push(
      `### Middleware overhead (autocannon, ${mw.connections} connections, ${mw.durationSeconds} s per target, after 3 s warm-up)`,
    );
    out.push(
      table(
        ["route", "stack", "p50 ms", "p95 ms", "p99 ms", "req/s", "requests", "non-2xx"],
        mw.routes.flatMap((x) => [
          [
            x.route,
            "full API",
            ms(x.full.latency.p50),
            ms(x.full.latency.p95),
            ms(x.full.latency.p99),
            int(x.full.requestsPerSecond),
            int(x.full.total),
            x.full.non2xx,
          ],
          [
            x.route,
            "full API, in-memory limiter instead of the DO",
            ms(x.memoryLimiter.latency.p50),
            ms(x.memoryLimiter.latency.p95),
            ms(x.memoryLimiter.latency.p99),
            int(x.memoryLimiter.requestsPerSecond),
            int(x.memoryLimiter.total),
            x.memoryLimiter.non2xx,
          ],
          [
            x.route,
            "bare Hono route",
            ms(x.bare.latency.p50),
            ms(x.bare.latency.p95),
            ms(x.bare.latency.p99),
            int(x.bare.requestsPerSecond),
            int(x.bare.total),
            x.bare.non2xx,
          ],
        ]),
      ),
    );
    out.push(
      table(
        [
          "route",
          "latency ratio p50 (full/bare)",
          "latency ratio p95",
          "throughput ratio (bare/full req/s)",
          "same JSON body",
          "≤ 1.3x (p50 / p95)",
        ],
        mw.routes.map((x) => [
          x.route,
          times(x.ratioP50),
          times(x.ratioP95),
          times(x.rpsRatio),
          x.sameBody ? "yes" : "no",
          `${x.ratioP50 <= 1.3 ? "yes" : "**no**"} / ${x.ratioP95 <= 1.3 ? "yes" : "**no**"}`,
        ]),
      ),
    );
    out.push(
      `Unloaded (1 connection, ${mw.routes[0]?.unloaded.durationSeconds ?? 10} s each): the per-request cost without queueing on the two cores.`,
    );
    out.push(
      table(
        [
          "route",
          "full p50 / p95 ms",
          "bare p50 / p95 ms",
          "ratio p50",
          "ratio p95",
          "full req/s",
          "bare req/s",
        ],
        mw.routes.map((x) => [
          x.route,
          `${ms(x.unloaded.full.latency.p50)} / ${ms(x.unloaded.full.latency.p95)}`,
          `${ms(x.unloaded.bare.latency.p50)} / ${ms(x.unloaded.bare.latency.p95)}`,
          times(x.unloaded.ratioP50),
          times(x.unloaded.ratioP95),
          int(x.unloaded.full.requestsPerSecond),
          int(x.unloaded.bare.requestsPerSecond),
        ]),
      ),
    );
  }
  if (r.rateLimit) {
    const rl = r.rateLimit;
    out.push(
      `### Rate limiter exactness (${rl.burst} concurrent requests against a limit of ${rl.limit} per ${rl.windowSeconds} s; ${rl.route})`,
    );
    out.push(
      table(
        [
          "round",
          "A: 200",
          "A: 429",
          "A: other",
          "A: no answer (30 s)",
          "A: 429 without Retry-After",
          "Retry-After (s)",
          `B: 200 (of ${rl.limit})`,
          "B: 429",
          "B: no answer",
          "burst wall time",
          "exact",
        ],
        rl.rounds.map((x) => [
          x.round,
          x.a.ok,
          x.a.limited,
          x.a.other,
          x.a.noAnswer,
          x.a.retryAfterMissing,
          `${x.retryAfter.min}–${x.retryAfter.max}`,
          x.b.ok,
          x.b.limited,
          x.b.noAnswer,
          `${Math.round(x.burstMs)} ms`,
          x.exact ? "yes" : "**no**",
        ]),
      ),
    );
  }
  if (r.search.length || r.dataset) {
    const d = r.dataset;
    out.push(
      `### Filtered search + facets${d ? ` (${int(d.vehicles)} vehicles across ${int(d.dealerships)} dealerships; per dealership ${int(d.smallest)}–${int(d.largest)}, median ${int(d.median)}; ~85% active)` : ""}`,
    );
    const ingest: (string | number)[][] = [];
    for (const [name, l] of [
      ["Postgres (repository upsertMany from Node, 3 connections)", r.ingest.postgres],
      ["D1 (repository upsertMany in the bench Worker, 2 requests in flight)", r.ingest.d1],
    ] as const) {
      if (!l) continue;
      ingest.push([
        name,
        l.skipped
          ? Number.isFinite(l.ms)
            ? `cached; the load that made it (${l.loadedAt}): ${int(l.rows)} rows in ${duration(l.ms)}`
            : "cached (load time not recorded)"
          : `${int(l.rows)} rows in ${duration(l.ms)} (this run)`,
        Number.isFinite(l.rowsPerSecond) ? `${int(l.rowsPerSecond)} rows/s` : "—",
      ]);
    }
    if (ingest.length)
      out.push(`Bulk ingest throughput:\n\n${table(["database", "load", "throughput"], ingest)}`);
    for (const s of r.search) out.push(searchTable(s, s.backend.startsWith("D1") ? 60 : 25));
  }
  if (r.scraping) out.push(renderScraping(r.scraping));
  if (r.ai) out.push(renderAi(r.ai));
  return out.join("\n\n");
}

export function saveResults(r: RunResults, writeDoc: boolean): { markdownPath: string; docUpdated: boolean } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = r.startedAt.replace(/[:.]/g, "-");
  const markdown = renderResults(r);
  writeFileSync(path.join(RESULTS_DIR, `${stamp}.json`), JSON.stringify(r, null, 2));
  const markdownPath = path.join(RESULTS_DIR, `${stamp}.md`);
  writeFileSync(markdownPath, markdown);
  writeFileSync(path.join(RESULTS_DIR, "latest.md"), markdown);
  let docUpdated = false;
  const doc = path.join(ROOT, "BENCHMARKS.md");
  // Each section is rewritten only by a run that measured it: the scraping suites have their own markers.
  const splice = (start: string, end: string, body: string) => {
    const text = readFileSync(doc, "utf8");
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    if (a >= 0 && b > a) {
      writeFileSync(doc, `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`);
      docUpdated = true;
    }
  };
  if (writeDoc && existsSync(doc)) {
    const { scraping, ai: _ai, ...main } = r;
    if (main.middleware || main.rateLimit || main.search.length || main.dataset)
      splice(START, END, renderResults(main));
    if (scraping) {
      const m = r.machine;
      splice(
        SCRAPING_START,
        SCRAPING_END,
        `_Run ${r.startedAt} (\`${r.command}\`). Machine: ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB; Node ${m.node}, wrangler ${m.wrangler}, workerd ${m.workerd}. Load average at start ${m.loadAverage.join(" / ")}${r.loadAverageEnd ? `, at end ${r.loadAverageEnd.join(" / ")}` : ""}._\n\n${renderScraping(scraping)}`,
      );
    }
  }
  if (writeDoc && existsSync(doc) && r.ai) {
    const m = r.machine;
    splice(
      AI_START,
      AI_END,
      `_Run ${r.startedAt} (\`${r.command}\`). Machine: ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB; Node ${m.node}, wrangler ${m.wrangler}, workerd ${m.workerd}. Load average at start ${m.loadAverage.join(" / ")}${r.loadAverageEnd ? `, at end ${r.loadAverageEnd.join(" / ")}` : ""}._\n\n${renderAi(r.ai)}`,
    );
  }
  return { markdownPath, docUpdated };
}
