import { createRepositories, type Repositories } from "@forecourt/db";
import type { VehicleQuery } from "@forecourt/domain";
import { Hono } from "hono";
import pg from "pg";
import { recordingD1, replayD1 } from "./d1-recorder";
import { capturePg, replayPg } from "./pg-recorder";
import type { Statement } from "./statements";

type Env = { DB: D1Database; HYPERDRIVE: Hyperdrive };
type Backend = "d1" | "pg";

export const benchApp = new Hono<{ Bindings: Env }>();

benchApp.get("/__bench/health", (c) => c.json({ ok: true }));

/** Wall time of `fn` inside the Worker (workerd advances the clock across I/O, which is what we time). */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * Postgres in workerd: a connection cannot outlive its request, so each request opens one (Hyperdrive's
 * local mode is a plain connection to the database, no pool) and warms it with one tiny query; only the
 * search / replay itself is timed in `serverMs`. The HTTP round trip measured outside includes the connect.
 */
async function withPgRepos<T>(env: Env, dealershipId: string, fn: (repos: Repositories) => Promise<T>) {
  const repos = createRepositories({
    driver: "hyperdrive",
    connectionString: env.HYPERDRIVE.connectionString,
  });
  try {
    await repos.dealerships.get(dealershipId);
    return await fn(repos);
  } finally {
    await repos.close();
  }
}

benchApp.post("/__bench/search", async (c) => {
  const body = await c.req.json<{
    backend: Backend;
    dealershipId: string;
    query: VehicleQuery;
    capture?: boolean;
  }>();
  const run = (repos: Repositories) => timed(() => repos.vehicles.search(body.dealershipId, body.query));
  let statements: Statement[] | undefined;
  let result: Awaited<ReturnType<typeof run>>;
  if (body.backend === "d1") {
    if (body.capture) {
      const rec = recordingD1(c.env.DB);
      result = await run(createRepositories({ driver: "d1", d1: rec.db }));
      statements = rec.statements;
    } else {
      result = await run(createRepositories({ driver: "d1", d1: c.env.DB }));
    }
  } else if (body.capture) {
    const captured = await withPgRepos(c.env, body.dealershipId, (repos) => capturePg(pg, () => run(repos)));
    result = captured.result;
    statements = captured.statements;
  } else {
    result = await withPgRepos(c.env, body.dealershipId, run);
  }
  const page = result.value;
  return c.json({
    serverMs: result.ms,
    items: page.items.length,
    nextCursor: page.nextCursor,
    facets: page.facets ? Object.keys(page.facets).length : 0,
    statements,
  });
});

benchApp.post("/__bench/raw", async (c) => {
  const body = await c.req.json<{ backend: Backend; dealershipId: string; waves: Statement[][] }>();
  if (body.backend === "d1") {
    const r = await timed(() => replayD1(c.env.DB, body.waves));
    return c.json({ serverMs: r.ms, rows: r.value });
  }
  const client = new pg.Client({ connectionString: c.env.HYPERDRIVE.connectionString });
  await client.connect();
  try {
    await client.query("SELECT id FROM dealerships WHERE id = $1", [body.dealershipId]);
    const r = await timed(() => replayPg(client, body.waves));
    return c.json({ serverMs: r.ms, rows: r.value });
  } finally {
    await client.end();
  }
});

interface IngestBody {
  dealerships?: Parameters<Repositories["dealerships"]["create"]>[0][];
  groups?: {
    dealershipId: string;
    now: string;
    writes: Parameters<Repositories["vehicles"]["upsertMany"]>[1];
  }[];
}

/** D1 bulk load through the repository (the same upsertMany the bulk API and the scraper use). */
benchApp.post("/__bench/ingest", async (c) => {
  const body = await c.req.json<IngestBody>();
  const repos = createRepositories({ driver: "d1", d1: c.env.DB });
  const r = await timed(async () => {
    let rows = 0;
    for (const d of body.dealerships ?? []) {
      await repos.dealerships.create(d);
      rows++;
    }
    for (const g of body.groups ?? []) {
      rows += (await repos.vehicles.upsertMany(g.dealershipId, g.writes, { now: g.now, source: "seed" }))
        .length;
    }
    return rows;
  });
  return c.json({ serverMs: r.ms, rows: r.value });
});

benchApp.get("/__bench/d1/stats", async (c) => {
  const [v, d] = await c.env.DB.batch([
    // Only the dataset's dealerships: the HTTP suites add fixture dealerships (and a vehicle) of their own.
    c.env.DB.prepare(
      "SELECT count(*) AS n FROM vehicles WHERE dealership_id IN (SELECT id FROM dealerships WHERE name LIKE 'Bench Motors %')",
    ),
    c.env.DB.prepare("SELECT count(*) AS n FROM dealerships WHERE name LIKE 'Bench Motors %'"),
  ]);
  return c.json({
    vehicles: (v!.results[0] as { n: number }).n,
    dealerships: (d!.results[0] as { n: number }).n,
  });
});
