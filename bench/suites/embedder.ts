// Embedder throughput (issue 4): vectors/s through the REAL embed-jobs path with the local providers —
// POST /v1/dealerships/{id}/vehicles/bulk (API, 1,000 vehicles per request) → embed-jobs queue (vehicle.changed,
// up to 500 ids per message) → embedder queue handler (EmbeddingSync: read vehicles, hash, embed in batches,
// upsert into the local store's Durable Object, record hashes in D1) → local vector store — timed from the
// first bulk request until the dealership's namespace holds every vehicle. Run twice on fresh stacks: with
// the configured batch size (EMBEDDER_BATCH_SIZE default 96) and with batch size 1, for the batching overhead.
// Numbers only, no pass/fail.   Run alone: pnpm exec tsx bench/suites/embedder.ts [--vehicles N]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateInventory } from "../../packages/demo-inventory/src/index";
import { apiClient } from "../../scripts/lib/api-client";
import { mintDevToken } from "../../scripts/lib/dev-token";
import { int, ms, table, times } from "../lib/format";
import { log } from "../lib/http";
import { startAiStack } from "./embedder-stack";

export interface EmbedderRun {
  label: string;
  batchSize: number;
  vehicles: number;
  /** Queue messages the API sent (one per 500 vehicles of a bulk request). */
  messages: number;
  /** First bulk request sent → last bulk response (API writes + queue sends). */
  bulkMs: number;
  /** First bulk request sent → every vector in the store. */
  totalMs: number;
  vectorsPerSec: number;
}

export interface EmbedderResult {
  vehicles: number;
  queue: { maxBatchSize: number; maxBatchTimeoutSeconds: number };
  runs: EmbedderRun[];
  /** Batch size 1 total time / configured batch size total time. */
  batchingOverhead: number;
}

/** The demo inventory as the API takes it (same shape `npm start` seeds). */
export function demoItems(count: number, seed = 7): Record<string, unknown>[] {
  return generateInventory({ seed, count, siteUrl: "http://127.0.0.1:8790" }).map(
    ({ exteriorColorFamily: _derived, ...fields }) => fields as Record<string, unknown>,
  );
}

/** Bulk-writes the items through the API as a dealer admin; returns when every response is in. */
export async function bulkWrite(url: string, dealershipId: string, items: Record<string, unknown>[]) {
  const token = await mintDevToken({ role: "dealer_admin", dealerships: [dealershipId], subject: "bench" });
  const api = apiClient(url, { token });
  // Requests of 1,000 (the route's maximum): one request for the default size, so the API's writes do not
  // overlap the embedder's (on the shared local runtime a bulk request in flight while a long queue batch
  // ends was answered "worker restarted mid-request").
  for (let i = 0; i < items.length; i += 1000) {
    const r = await api<{ summary?: { failed?: number } }>(
      "POST",
      `/v1/dealerships/${dealershipId}/vehicles/bulk`,
      {
        items: items.slice(i, i + 1000),
        atomic: true,
      },
    );
    if (r.summary?.failed) throw new Error(`bulk write: ${r.summary.failed} items failed`);
  }
}

/** A run spoiled by the local runtime restarting mid-run (lost queue message): measured again. */
export class StalledRun extends Error {}

/** Polls the store until the namespace holds `count` vectors; returns when it does. */
export async function untilEmbedded(
  count: () => Promise<number>,
  want: number,
  timeoutMs: number,
  stallMs = 600_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let progressAt = Date.now();
  let reported = Date.now();
  while (Date.now() < deadline) {
    if (Date.now() - reported > 30_000) {
      log(`still waiting: ${last} of ${want} vectors`);
      reported = Date.now();
    }
    // The local runtime can be restarted under us (a shared machine): its in-memory queue then loses the
    // message in flight and the count never completes. Give up on the run instead of waiting forever.
    if (Date.now() - progressAt > stallMs)
      throw new StalledRun(`no progress for ${stallMs / 1000} s at ${last} of ${want}`);
    try {
      const n = await count();
      if (n !== last) progressAt = Date.now();
      last = n;
    } catch (err) {
      // A stats call that times out is retried (the deadline still bounds the wait).
      log(`vector count failed (${String(err)}); retrying`);
    }
    if (last >= want) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`only ${last} of ${want} vectors after ${timeoutMs} ms`);
}

async function oneRun(label: string, vehicles: number, batchSize: number | null): Promise<EmbedderRun> {
  const stack = await startAiStack(
    `embedder-${batchSize ?? "default"}`,
    batchSize ? { EMBEDDER_BATCH_SIZE: String(batchSize) } : {},
  );
  try {
    const platform = apiClient(stack.url, {
      token: await mintDevToken({ role: "platform_admin", subject: "bench" }),
    });
    const d = await platform<{ id: string }>("POST", "/v1/dealerships", {
      name: `Embedder bench ${label}`,
      websiteUrl: "https://bench-fixture.invalid",
    });
    const items = demoItems(vehicles);
    const t0 = performance.now();
    await bulkWrite(stack.url, d.id, items);
    const bulkMs = performance.now() - t0;
    await untilEmbedded(() => stack.embeddedCount(d.id), items.length, 15 * 60_000);
    const totalMs = performance.now() - t0;
    const stored = await stack.vectorCount(d.id);
    if (stored !== items.length)
      throw new Error(`the store holds ${stored} vectors, expected ${items.length}`);
    const run: EmbedderRun = {
      label,
      batchSize: batchSize ?? 96,
      vehicles: items.length,
      messages: Math.ceil(items.length / 500),
      bulkMs,
      totalMs,
      vectorsPerSec: (items.length / totalMs) * 1000,
    };
    log(
      `embedder ${label}: ${items.length} vectors in ${(totalMs / 1000).toFixed(1)} s (${int(run.vectorsPerSec)}/s; bulk writes ${(bulkMs / 1000).toFixed(1)} s)`,
    );
    return run;
  } finally {
    await stack.stop();
  }
}

/** One run, measured again (fresh stack) when the local runtime restarted under it; at most 3 attempts. */
async function measured(label: string, vehicles: number, batchSize: number | null): Promise<EmbedderRun> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await oneRun(label, vehicles, batchSize);
    } catch (err) {
      const restarted =
        err instanceof StalledRun || /restarted|not valid JSON|fetch failed/.test(String(err));
      if (!restarted || attempt >= 3) throw err;
      log(
        `embedder ${label}: the local runtime restarted mid-run (${String(err).slice(0, 160)}); measuring again`,
      );
    }
  }
}

export async function runEmbedderSuite(opts: { vehicles?: number } = {}): Promise<EmbedderResult> {
  const vehicles = opts.vehicles ?? 1_000;
  const configured = await measured("configured batch size (EMBEDDER_BATCH_SIZE=96)", vehicles, null);
  const single = await measured("batch size 1", vehicles, 1);
  return {
    vehicles,
    queue: { maxBatchSize: 5, maxBatchTimeoutSeconds: 2 },
    runs: [configured, single],
    batchingOverhead: single.totalMs / configured.totalMs,
  };
}

export function renderEmbedder(r: EmbedderResult): string {
  return [
    `### Embedder throughput: ${int(r.vehicles)} vehicles through API bulk → embed-jobs → embedder → local store (local embeddings)`,
    "",
    table(
      [
        "embedder batch size",
        "vehicles",
        "queue messages",
        "bulk API writes (ms)",
        "first request → all vectors stored (ms)",
        "vectors/s (end to end)",
      ],
      r.runs.map((x) => [
        x.label,
        int(x.vehicles),
        x.messages,
        ms(x.bulkMs, 0),
        ms(x.totalMs, 0),
        int(x.vectorsPerSec),
      ]),
    ),
    "",
    `Batching overhead: batch size 1 takes ${times(r.batchingOverhead)} the time of the configured batch size ` +
      `(queue consumer: max_batch_size ${r.queue.maxBatchSize}, max_batch_timeout ${r.queue.maxBatchTimeoutSeconds} s, as in workers/embedder/wrangler.toml).`,
  ].join("\n");
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const i = process.argv.indexOf("--vehicles");
  const result = await runEmbedderSuite({ vehicles: i > 0 ? Number(process.argv[i + 1]) : undefined });
  console.log(`\n${renderEmbedder(result)}\n`);
}
