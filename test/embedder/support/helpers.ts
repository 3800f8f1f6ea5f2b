import { env } from "cloudflare:workers";
import { expect, inject } from "vitest";
import { buildVectorStore } from "../../../packages/providers/src/vectors";
import type { VectorRecord, VectorStore } from "../../../packages/vector/src/index";
import { dealerAdmin, dealerStaff, platformAdmin } from "../../api/helpers/auth";
import { createDealership, vehicleInput } from "../../api/helpers/fixtures";
import { call, del, patch, post } from "../../api/helpers/http";
import { makeVin, WMI } from "../../api/helpers/vins";

export { call, createDealership, dealerAdmin, dealerStaff, del, patch, platformAdmin, post, vehicleInput };

export const testEnv = env as unknown as {
  DB: D1Database;
  VECTOR_INDEX: DurableObjectNamespace;
  EMBED_JOBS: Queue;
};

/** text-embedding-3-small through the local OpenAI wire server. */
export const DIMENSIONS = 1536;

/** The local vector store the embedder writes (index `vehicles`), or another local index. */
export function localStore(indexName = "vehicles"): VectorStore {
  return buildVectorStore({ kind: "local", namespace: testEnv.VECTOR_INDEX, indexName }, DIMENSIONS);
}

/** Switches the embedding provider's outage on or off; returns its call counters. */
export async function provider(action: "outage-on" | "outage-off" | "stats"): Promise<{
  calls: number;
  texts: number;
  refused: number;
  outage: boolean;
}> {
  const base = inject("embedderOpenAI").replace(/\/v1$/, "");
  const res =
    action === "stats"
      ? await fetch(`${base}/__admin/stats`)
      : await fetch(`${base}/__admin/outage?on=${action === "outage-on" ? 1 : 0}`, { method: "POST" });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

export async function until<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const started = Date.now();
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `${what}: not there after ${timeoutMs} ms; last: ${JSON.stringify(last)?.slice(0, 1500)}`,
      );
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}

/** The vectors of these ids in the dealership's namespace (missing ones left out), by id. */
export async function vectorsOf(dealershipId: string, ids: string[]): Promise<Map<string, VectorRecord>> {
  const records = await localStore().get(dealershipId, ids);
  return new Map(records.map((r) => [r.id, r]));
}

/** Every id in the dealership's namespace of the local store. */
export async function allIds(dealershipId: string, store = localStore()): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { ids: string[]; nextCursor: string | null } = await store.list!(dealershipId, {
      cursor,
      limit: 100,
    });
    out.push(...page.ids);
    cursor = page.nextCursor;
  } while (cursor);
  return out.sort();
}

/** Waits until the namespace holds exactly `ids` (sorted compare). */
export async function untilIds(dealershipId: string, ids: string[], store = localStore()): Promise<string[]> {
  const want = [...ids].sort();
  return until(
    `vectors of ${dealershipId}`,
    () => allIds(dealershipId, store),
    (got) => JSON.stringify(got) === JSON.stringify(want),
  );
}

/** Creates a vehicle through the API (dealer staff); its VIN's manufacturer matches `make`. */
export async function createVehicle(
  dealershipId: string,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const make = String(overrides.make ?? "Chevrolet").toLowerCase() as keyof typeof WMI;
  const wmi = WMI[make];
  if (!wmi) throw new Error(`no test WMI for make ${make}`);
  const input = { vin: makeVin(2021, wmi), ...overrides };
  const res = await post(`/v1/dealerships/${dealershipId}/vehicles`, vehicleInput(input), {
    token: await dealerStaff(dealershipId),
  });
  expect(res.status, res.text).toBeLessThan(300);
  return res.body.vehicle ?? res.body;
}

/** Embed dead letters recorded for a dealership. */
export async function embedDeadLetters(
  dealershipId: string,
): Promise<{ reason: string; replayed_at: string | null; body: string }[]> {
  const rows = await testEnv.DB.prepare(
    "SELECT reason, replayed_at, body FROM scrape_dead_letters WHERE queue = 'embed-jobs' AND dealership_id = ? ORDER BY created_at",
  )
    .bind(dealershipId)
    .all<{ reason: string; replayed_at: string | null; body: string }>();
  return rows.results;
}

/** A store that "crashes" (throws, as a Worker killed mid-step would stop) on its n-th upsert. */
export function crashingOn(store: VectorStore, n: number): VectorStore {
  let upserts = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "upsert") {
        return async (ns: string, records: VectorRecord[]) => {
          upserts++;
          if (upserts === n) {
            // Half the batch lands, then the crash: the checkpoint is not saved.
            await target.upsert(ns, records.slice(0, Math.ceil(records.length / 2)));
            throw new Error("simulated crash in the middle of a copy step");
          }
          return target.upsert(ns, records);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/** The Qdrant store the embedder project is configured with (the local Qdrant server, QDRANT_URL). */
export function qdrantStore(): VectorStore {
  const e = env as unknown as { QDRANT_URL: string; QDRANT_API_KEY: string };
  return buildVectorStore(
    { kind: "qdrant", url: e.QDRANT_URL, apiKey: e.QDRANT_API_KEY, collection: "forecourt-vehicles" },
    DIMENSIONS,
  );
}
