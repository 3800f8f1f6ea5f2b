// Reconciliation of a 5,000-vehicle dealership on Postgres, inside the 1,000,000-vehicle bench dataset
// (suite `reconcile-pg`). The real ScrapePipeline (packages/services/src/scraping/pipeline.ts) runs in Node with
// the real Postgres repositories (drizzle + node-postgres, the same code the scraper Worker runs through
// Hyperdrive); only the transport is in-process: an in-memory FIFO stands in for the scrape-jobs queue, and
// the crawler answers from web/demo-site's renderer (`DemoSite.render`, no socket). Node rather than workerd
// because local Hyperdrive pays a ~45 ms per-statement socket floor (BENCHMARKS.md), which would measure
// that floor instead of the reconcile. The D1 twin runs in the real scraper Worker (bench/suites/scrape-day.ts).
//
// Two scrapes of one dealership: the first imports the lot (every vehicle new); then the demo lot moves
// forward (sold, repriced, new arrivals) and the second scrape is timed per message type: discover,
// fetch-batch (extraction, getByVins, upserts with price history, markSeen, scoring), reconcile (plan
// removals, removeUnseen, job end, rescore), with the SQL statements each sends (pg.Client.prototype.query).
import { createRepositories } from "@forecourt/db";
import {
  createServices,
  DEFAULT_SCRAPE_SETTINGS,
  nullProgress,
  type ScrapeMessage,
  ScrapePipeline,
  type ScrapeQueue,
  systemClock,
} from "@forecourt/services";
import pg from "pg";
import { DemoSite } from "../../web/demo-site/src/index";
import { planDataset } from "../datasets/plan";
import { ensurePostgresDataset, type LoadReport } from "../datasets/postgres";
import { log } from "../lib/http";
import { PG_URL } from "../lib/paths";

export interface PhaseTiming {
  messages: number;
  ms: number;
  statements: number;
}

export interface ReconcileScrape {
  label: string;
  status: string;
  wallMs: number;
  phases: Record<"discover" | "fetch-batch" | "reconcile", PhaseTiming>;
  found: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  priceHistoryRows: number;
}

export interface ReconcilePgResult {
  datasetVehicles: number;
  dealerships: number;
  load: LoadReport;
  vehicles: number;
  changes: { sold: number; repriced: number; arrived: number; generations: number };
  scrapes: ReconcileScrape[];
}

const HOST = "http://demo-reconcile.bench";

export async function runReconcilePgSuite(opts: {
  vehicles: number;
  dealerships: number;
  reconcileVehicles: number;
  reload: boolean;
}): Promise<ReconcilePgResult> {
  const plan = planDataset({ vehicles: opts.vehicles, dealerships: opts.dealerships });
  // The suite's own dealership never stays in the dataset (the cache check counts vehicles): remove any left
  // by an interrupted run before the check, and this run's in `finally` (every table cascades from it).
  await dropBenchDealerships();
  const load = await ensurePostgresDataset(plan, { reload: opts.reload });

  const site = new DemoSite(
    { siteUrl: HOST, dealershipIndex: 0, dealerName: "Reconcile Bench Motors" },
    { seed: 4242, count: opts.reconcileVehicles, style: "jsonld", pageSize: 48 },
  );
  const repos = createRepositories({ driver: "hyperdrive", connectionString: PG_URL });
  const fifo: ScrapeMessage[] = [];
  const queue: ScrapeQueue = {
    send: async (m) => void fifo.push(m),
    sendBatch: async (ms) => void fifo.push(...ms.map((m) => m.body)),
  };
  const services = createServices({ repos, scrapeQueue: queue });
  // The in-process crawler: every URL is answered by the demo site's renderer.
  const crawler = {
    refusal: () => null,
    robots: async () => ({
      state: "allow_all" as const,
      detail: "bench",
      isAllowed: () => true,
      sitemaps: () => [`${HOST}/sitemap.xml`],
    }),
    fetchPage: async (url: string) => {
      const u = new URL(url);
      const res = site.render("GET", `${u.pathname}${u.search}`);
      if (res.status !== 200)
        return {
          ok: false as const,
          url,
          code: "http_error",
          message: `HTTP ${res.status}`,
          status: res.status,
          transient: false,
        };
      return { ok: true as const, url, body: res.body, bytes: res.body.length, status: 200 };
    },
  };
  const pipeline = new ScrapePipeline({
    repos,
    clock: systemClock,
    queue,
    progress: nullProgress,
    crawlers: { forJob: () => crawler },
    inventory: services.inventory,
    quality: services.quality,
    events: null,
    settings: DEFAULT_SCRAPE_SETTINGS,
  });

  // Statement counter on node-postgres (every repository query goes through Client.prototype.query).
  let statements = 0;
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    return original.apply(this, args);
  };

  try {
    const dealership = await services.dealerships.create(
      { kind: "user", role: "platform_admin", subject: "bench", dealershipIds: [] },
      {
        name: BENCH_DEALER,
        websiteUrl: `${HOST}/`,
        timezone: "UTC",
        scrapeSchedule: { enabled: false, cron: "0 3 * * *" },
      },
    );
    const scrapes: ReconcileScrape[] = [];
    let changes = { sold: 0, repriced: 0, arrived: 0, generations: 0 };
    for (const label of ["first scrape (every vehicle new)", "re-scrape after the lot moved"]) {
      if (scrapes.length === 1) {
        const sold = new Set<string>();
        const repriced = new Set<string>();
        const arrived = new Set<string>();
        let by = 0;
        while (sold.size < opts.reconcileVehicles * 0.03 && by < 50) {
          const { changes: c } = site.advance(1);
          by++;
          for (const v of c.sold) sold.add(v);
          for (const v of c.repriced) repriced.add(v.vin);
          for (const v of c.arrived) arrived.add(v);
        }
        changes = { sold: sold.size, repriced: repriced.size, arrived: arrived.size, generations: by };
      }
      const phases = {
        discover: { messages: 0, ms: 0, statements: 0 },
        "fetch-batch": { messages: 0, ms: 0, statements: 0 },
        reconcile: { messages: 0, ms: 0, statements: 0 },
      };
      const t0 = performance.now();
      const slot = new Date(Date.now() - scrapes.length * 1000);
      const start = await services.scraping.startScheduled(dealership, slot, `req_bench_${scrapes.length}`);
      if (!start.job) throw new Error(`could not start the scrape: ${start.outcome}`);
      let n = 0;
      while (fifo.length > 0) {
        const msg = fifo.shift()!;
        const s0 = statements;
        const m0 = performance.now();
        const outcome = await pipeline.handle(msg, { id: `m${n++}`, attempts: 1 });
        if (outcome.action === "retry")
          throw new Error(`message ${msg.type} asked for a retry: ${outcome.note}`);
        // Only job messages here (the scrape is started directly, not through the scheduler's messages).
        if (!(msg.type in phases)) throw new Error(`unexpected ${msg.type} message`);
        const p = phases[msg.type as keyof typeof phases];
        p.messages++;
        p.ms += performance.now() - m0;
        p.statements += statements - s0;
      }
      const wallMs = performance.now() - t0;
      const job = await repos.scrapes.getJob(start.job.id, { errorsLimit: 3 });
      const ph = new pg.Client({ connectionString: PG_URL });
      await ph.connect();
      const hist = await ph.query(
        "SELECT count(*)::int AS n FROM price_history WHERE vehicle_id IN (SELECT id FROM vehicles WHERE dealership_id = $1)",
        [dealership.id],
      );
      await ph.end();
      const c = job!.counts;
      scrapes.push({
        label,
        status: job!.status,
        wallMs,
        phases,
        found: c.vehiclesFound,
        created: c.vehiclesNew,
        updated: c.vehiclesUpdated,
        unchanged: c.vehiclesUnchanged,
        removed: c.vehiclesRemoved,
        priceHistoryRows: hist.rows[0].n,
      });
      log(
        `reconcile-pg ${label}: ${job!.status} in ${(wallMs / 1000).toFixed(1)} s; reconcile ${Math.round(phases.reconcile.ms)} ms / ${phases.reconcile.statements} statements; fetch-batch ${Math.round(phases["fetch-batch"].ms)} ms / ${phases["fetch-batch"].statements} statements`,
      );
    }
    return {
      datasetVehicles: plan.vehicles,
      dealerships: plan.dealerships.length,
      load,
      vehicles: opts.reconcileVehicles,
      changes,
      scrapes,
    };
  } finally {
    proto.query = original;
    await repos.close();
    await dropBenchDealerships();
  }
}

const BENCH_DEALER = "Reconcile Bench Motors";

async function dropBenchDealerships() {
  const c = new pg.Client({ connectionString: PG_URL });
  try {
    await c.connect();
    await c.query("DELETE FROM dealerships WHERE name = $1", [BENCH_DEALER]);
  } catch {
    // no database yet: nothing to remove
  } finally {
    await c.end().catch(() => {});
  }
}
