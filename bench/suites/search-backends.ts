// Where a search runs. Every backend offers the same two paths over the same connection type:
// `search` (the repository) and `raw` (the SQL the repository issued, recorded once, replayed directly).
import { createRepositories } from "@forecourt/db";
import type { VehicleQuery } from "@forecourt/domain";
import pg from "pg";
import { benchCall } from "../lib/http";
import { PG_URL } from "../lib/paths";
import { capturePg, replayPg, withRecordedPg } from "../worker/pg-recorder";
import type { Statement } from "../worker/statements";

export interface Timing {
  /** Measured by the harness: for Worker backends the HTTP round trip, for Node the call itself. */
  ms: number;
  /** Measured inside the Worker around the repository call / the replay only (Worker backends). */
  serverMs?: number;
}

export interface SearchBackend {
  label: string;
  search(
    dealershipId: string,
    query: VehicleQuery,
    capture: boolean,
  ): Promise<Timing & { nextCursor: string | null; items: number; statements?: Statement[] }>;
  raw(dealershipId: string, waves: Statement[][]): Promise<Timing>;
  /** The repository's own CPU for this search, the database answers replayed from memory (Node only). */
  cpuOnly?(dealershipId: string, query: VehicleQuery): Promise<number>;
  close(): Promise<void>;
}

/** D1 or Postgres-through-Hyperdrive inside the bench Worker under `wrangler dev`. */
export function workerBackend(url: string, backend: "d1" | "pg"): SearchBackend {
  return {
    label:
      backend === "d1" ? "D1 (local, in wrangler dev)" : "Postgres via Hyperdrive (local, in wrangler dev)",
    async search(dealershipId, query, capture) {
      const r = await benchCall<{
        serverMs: number;
        nextCursor: string | null;
        items: number;
        statements?: Statement[];
      }>(`${url}/__bench/search`, { backend, dealershipId, query, capture });
      return { ms: r.ms, ...r.body };
    },
    async raw(dealershipId, waves) {
      const r = await benchCall<{ serverMs: number }>(`${url}/__bench/raw`, { backend, dealershipId, waves });
      return { ms: r.ms, serverMs: r.body.serverMs };
    },
    close: async () => {},
  };
}

/**
 * Postgres from Node: the repository's Hyperdrive implementation is drizzle + node-postgres, which runs
 * unchanged in Node. One long-lived repository (one connection) vs one long-lived pg.Client: the same
 * driver, connection and SQL, no HTTP in between — the cleanest measure of what the repository adds.
 */
const CPU_REPEATS = 5;

export async function nodePgBackend(): Promise<SearchBackend> {
  const repos = createRepositories({ driver: "hyperdrive", connectionString: PG_URL });
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  return {
    label: "Postgres (local, from Node: repository vs pg)",
    async search(dealershipId, query, capture) {
      const t0 = performance.now();
      if (capture) {
        const { result, statements } = await capturePg(pg, () => repos.vehicles.search(dealershipId, query));
        return {
          ms: performance.now() - t0,
          nextCursor: result.nextCursor,
          items: result.items.length,
          statements,
        };
      }
      const page = await repos.vehicles.search(dealershipId, query);
      return { ms: performance.now() - t0, nextCursor: page.nextCursor, items: page.items.length };
    },
    async raw(_dealershipId, waves) {
      const t0 = performance.now();
      await replayPg(client, waves);
      return { ms: performance.now() - t0 };
    },
    async cpuOnly(dealershipId, query) {
      const { results } = await capturePg(pg, () => repos.vehicles.search(dealershipId, query));
      const times: number[] = [];
      for (let k = 0; k < CPU_REPEATS; k++) {
        await withRecordedPg(pg, results, async () => {
          const t0 = performance.now();
          const fresh = createRepositories({ driver: "hyperdrive", connectionString: PG_URL });
          await fresh.vehicles.search(dealershipId, query);
          times.push(performance.now() - t0);
          await fresh.close();
        });
      }
      return times.sort((a, b) => a - b)[Math.floor(CPU_REPEATS / 2)]!;
    },
    async close() {
      await repos.close();
      await client.end();
    },
  };
}
