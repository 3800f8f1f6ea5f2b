// `pnpm bench`: every benchmark in one run. See BENCHMARKS.md for what each measures and the latest numbers.
//   pnpm bench                                   full sizes (1,000,000 vehicles, 2,000 dealerships), all suites
//   pnpm bench --only search-d1 --vehicles 20000 --dealerships 40     a quick partial run
import os from "node:os";
import { ensureD1Dataset, prepareD1State } from "./datasets/d1";
import { planDataset } from "./datasets/plan";
import { ensurePostgresDataset } from "./datasets/postgres";
import { AI_SUITES, parseArgs, SCALE_SUITES } from "./lib/args";
import { duration } from "./lib/format";
import { log } from "./lib/http";
import { describeMachine } from "./lib/machine";
import { type RunResults, renderResults, saveResults } from "./lib/report";
import { type DevServer, startBenchWorker } from "./lib/wrangler-dev";
import { runChatTtftSuite } from "./suites/chat-ttft";
import { runEmbedderSuite } from "./suites/embedder";
import { runExtractAccuracySuite } from "./suites/extract-accuracy";
import { runExtractThroughputSuite } from "./suites/extract-throughput";
import { runLlmLocalSuite } from "./suites/llm-local";
import { runMiddlewareSuite } from "./suites/middleware";
import { runRateLimitSuite } from "./suites/rate-limit";
import { runScaleSuites } from "./suites/scrape-day-report";
import { runScrapeE2eSuite } from "./suites/scrape-e2e";
import { runSearchSuite } from "./suites/search";
import { nodePgBackend, workerBackend } from "./suites/search-backends";
import { runVectorLocalSuite } from "./suites/vector-local";

// `pnpm bench --only soak [--seconds N]`: the load and soak run of test/load (its own wrangler dev; default
// 300 s or LOAD_SOAK_SECONDS), handed over before the scale suites' argument parsing.
if (/(^| )--only[ =]soak( |$)/.test(process.argv.slice(2).join(" "))) {
  const argv = process.argv.slice(2);
  const seconds = argv[argv.indexOf("--seconds") + 1];
  const { main } = await import("../test/load/cli");
  process.exit(await main(argv.includes("--seconds") && seconds ? [seconds] : []));
}
const opts = parseArgs(process.argv.slice(2));
const started = performance.now();
const wants = (name: (typeof opts.only)[number]) => opts.only.includes(name);
const results: RunResults = {
  startedAt: new Date().toISOString(),
  totalMs: 0,
  command: ["pnpm bench", ...process.argv.slice(2)].join(" "),
  machine: await describeMachine(),
  ingest: {},
  search: [],
  setupMs: {},
};

const needsData = wants("search-pg") || wants("search-d1");
const plan = needsData ? planDataset(opts) : null;
if (plan) {
  const sizes = plan.dealerships.map((d) => d.count).sort((a, b) => a - b);
  results.dataset = {
    vehicles: plan.vehicles,
    dealerships: plan.dealerships.length,
    fingerprint: plan.fingerprint,
    smallest: sizes[0]!,
    largest: sizes.at(-1)!,
    median: sizes[Math.floor(sizes.length / 2)]!,
  };
  log(
    `dataset ${plan.fingerprint}: ${plan.vehicles} vehicles, ${plan.dealerships.length} dealerships (${sizes[0]}–${sizes.at(-1)} each)`,
  );
}

let server: DevServer | null = null;
const stop = async () => {
  await server?.stop();
  server = null;
};
process.on("SIGINT", () => void stop().then(() => process.exit(130)));

try {
  // Postgres first, while wrangler is not yet competing for the two cores.
  if (plan && wants("search-pg")) results.ingest.postgres = await ensurePostgresDataset(plan, opts);

  // The scraping suites first: extraction is pure CPU in this process (nothing else running), and the
  // end-to-end scrape starts its own wrangler dev (API + scraper Workers) on bench ports and stops it.
  if (wants("extract-throughput") || wants("extract-accuracy") || wants("scrape-e2e")) results.scraping = {};
  if (wants("extract-throughput"))
    results.scraping!.throughput = await runExtractThroughputSuite({ runs: opts.extractRuns });
  if (wants("extract-accuracy")) results.scraping!.accuracy = await runExtractAccuracySuite();
  if (wants("scrape-e2e"))
    results.scraping!.e2e = await runScrapeE2eSuite({ vehicles: opts.e2eVehicles, style: opts.e2eStyle });

  // The scale suites (reconcile-pg in Node on the Postgres dataset; reconcile-d1, cron-fanout and scrape-day
  // in their own wrangler dev on bench ports 8860-8863, d1-rows on 8864-8866, scrape-profile on 8867-8869); they print and save their own report.
  if (SCALE_SUITES.some(wants)) await runScaleSuites(opts, wants);

  // The AI suites (issue 4): the local vector store in its own workerd, the local embedding model in this
  // process, then the embedder and chat stacks (their own wrangler dev on bench ports 8840-8843), one at a time.
  if (AI_SUITES.some(wants)) results.ai = {};
  if (wants("vector-local"))
    results.ai!.vectorLocal = await runVectorLocalSuite({ sizes: opts.vectorSizes, log });
  if (wants("llm-local")) results.ai!.llmLocal = await runLlmLocalSuite();
  if (wants("embedder")) results.ai!.embedder = await runEmbedderSuite({ vehicles: opts.embedderVehicles });
  if (wants("chat-ttft")) results.ai!.chatTtft = await runChatTtftSuite({ rounds: opts.ttftRounds });

  const needsBenchWorker =
    wants("middleware") || wants("rate-limit") || wants("search-pg") || wants("search-d1");
  const d1Cached = needsBenchWorker ? prepareD1State(wants("search-d1") ? plan : null, opts) : false;
  if (needsBenchWorker) {
    const t = performance.now();
    server = await startBenchWorker({ port: opts.port });
    results.setupMs.wranglerDev = performance.now() - t;
    log(
      `bench Worker up at ${server.url} in ${duration(results.setupMs.wranglerDev)} (log: ${server.logFile})`,
    );
  }

  // Set whenever a suite below needs it (needsBenchWorker).
  const benchUrl = (server as DevServer | null)?.url ?? "";
  if (plan && wants("search-d1")) results.ingest.d1 = await ensureD1Dataset(benchUrl, plan, d1Cached);

  if (wants("middleware")) {
    results.middleware = await runMiddlewareSuite(benchUrl, {
      connections: opts.connections,
      duration: opts.duration,
    });
  }
  if (wants("rate-limit")) {
    results.rateLimit = await runRateLimitSuite(benchUrl, { burst: opts.burst, limit: opts.limit });
  }
  if (plan && wants("search-pg")) {
    const node = await nodePgBackend();
    try {
      results.search.push(await runSearchSuite(node, plan, opts.iterations));
    } finally {
      await node.close();
    }
    // Postgres inside workerd pays a per-statement latency floor on the local socket path (see
    // BENCHMARKS.md), so fewer samples there keep the run short; it is context, not the headline.
    results.search.push(
      await runSearchSuite(workerBackend(benchUrl, "pg"), plan, Math.min(opts.iterations, 60)),
    );
  }
  if (plan && wants("search-d1")) {
    results.search.push(await runSearchSuite(workerBackend(benchUrl, "d1"), plan, opts.iterations));
  }
} finally {
  await stop();
}

results.totalMs = performance.now() - started;
results.loadAverageEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
const saved = saveResults(results, opts.writeDoc);
console.log(`\n${renderResults(results)}\n`);
log(
  `done in ${duration(results.totalMs)}; results in ${saved.markdownPath}${saved.docUpdated ? "; BENCHMARKS.md updated" : ""}`,
);
process.exit(0);
