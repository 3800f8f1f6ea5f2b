import type { Repositories } from "@forecourt/db";
import type { Vehicle } from "@forecourt/domain";
import type { EmbeddingModel, UsageLedger } from "@forecourt/llm";
import type { VectorMetadata, VectorStore } from "@forecourt/vector";
import type { Clock } from "../../clock";
import { isEmbeddable, vehicleDocument, vehicleDocumentHash } from "../vehicle-document";

/**
 * Keeps one vector store in step with the inventory (SPEC capability 5): the embedder's rules, with no
 * queue or Worker in sight. Every call re-reads the vehicles' CURRENT state, so message order and
 * duplicates do not matter; after writing it reads them again and repeats for any that changed meanwhile
 * (the last writer always checks), so concurrent deliveries converge instead of leaving a stale vector.
 */
export interface EmbeddingSyncDeps {
  repos: Repositories;
  vectors: VectorStore;
  embeddings: EmbeddingModel;
  /** Names the store instance in `vector_documents` (see `storeKeyOf` in @forecourt/providers). */
  storeKey: string;
  clock: Clock;
  /** Where embedding usage is recorded (feature "embedding"), when accounting is on. */
  ledger?: UsageLedger | null;
  /** Texts per embedding call (default: the model's maxBatch, at most 96). */
  batchSize?: number;
  /** Vehicles per rebuild message (default 100). */
  pageSize?: number;
}

export interface SyncResult {
  /** Vehicles embedded and upserted. */
  embedded: number;
  /** Active vehicles whose stored vector was already up to date. */
  unchanged: number;
  /** Vehicles whose vector was deleted (not active, or gone). */
  deleted: number;
  /** Passes needed until a re-read found nothing changed. */
  rounds: number;
}

export interface RebuildStep extends SyncResult {
  /** The cursor of the next page, or null when the rebuild is complete. */
  next: string | null;
}

/** Passes before giving up on vehicles that keep changing under us (the message is retried later). */
const MAX_ROUNDS = 4;

type RebuildCursor =
  | { phase: "active"; after: string | null }
  | { phase: "state"; after: string | null }
  | { phase: "store"; after: string | null };

export class EmbeddingSync {
  private readonly batchSize: number;
  private readonly pageSize: number;

  constructor(private readonly deps: EmbeddingSyncDeps) {
    const maxBatch = Math.max(1, deps.embeddings.limits.maxBatch);
    this.batchSize = Math.max(1, Math.min(deps.batchSize ?? 96, maxBatch));
    this.pageSize = Math.max(1, Math.min(deps.pageSize ?? 100, 500));
  }

  /**
   * Brings these vehicles' vectors in line with the vehicles as they are now: active ones embedded (unless
   * their stored content hash says the vector is current, or `force`), everything else deleted.
   */
  async syncVehicles(
    dealershipId: string,
    vehicleIds: string[],
    opts: { force?: boolean } = {},
  ): Promise<SyncResult> {
    const result: SyncResult = { embedded: 0, unchanged: 0, deleted: 0, rounds: 0 };
    let ids = [...new Set(vehicleIds)];
    let force = opts.force ?? false;
    while (ids.length > 0) {
      if (result.rounds >= MAX_ROUNDS) {
        throw new Error(
          `${ids.length} vehicle(s) of ${dealershipId} kept changing during ${MAX_ROUNDS} passes; retrying later`,
        );
      }
      result.rounds++;
      const written = await this.pass(dealershipId, ids, force, result);
      // The last writer checks: anything that changed since we read it is done again.
      ids = await this.drifted(dealershipId, written);
      force = false;
    }
    return result;
  }

  /** One page of a rebuild (see `dealership.reembed`): returns the cursor of the next page. */
  async rebuildPage(
    dealershipId: string,
    cursor: string | null,
    opts: { force?: boolean } = {},
  ): Promise<RebuildStep> {
    const at = readCursor(cursor);
    const { repos, vectors, storeKey } = this.deps;
    if (at.phase === "active") {
      const page = await repos.vehicles.search(dealershipId, {
        status: ["active"],
        sort: "newest",
        limit: this.pageSize,
        ...(at.after ? { cursor: at.after } : {}),
      });
      const step = await this.syncVehicles(
        dealershipId,
        page.items.map((v) => v.id),
        { force: opts.force ?? true },
      );
      const next: RebuildCursor = page.nextCursor
        ? { phase: "active", after: page.nextCursor }
        : { phase: "state", after: null };
      return { ...step, next: writeCursor(next) };
    }
    // Sweep: every id we know to be in the store whose vehicle is not active any more is deleted.
    let ids: string[];
    let next: RebuildCursor | null;
    if (at.phase === "state") {
      ids = await repos.vectorDocuments.listIds(storeKey, dealershipId, {
        after: at.after,
        limit: this.pageSize,
      });
      next =
        ids.length === this.pageSize
          ? { phase: "state", after: ids[ids.length - 1] ?? null }
          : vectors.list
            ? { phase: "store", after: null }
            : null;
    } else {
      if (!vectors.list) return { embedded: 0, unchanged: 0, deleted: 0, rounds: 0, next: null };
      const page = await vectors.list(dealershipId, { cursor: at.after, limit: this.pageSize });
      ids = page.ids;
      next = page.nextCursor ? { phase: "store", after: page.nextCursor } : null;
    }
    const active = new Set(
      (await repos.vehicles.getByIds(dealershipId, ids)).filter(isEmbeddable).map((v) => v.id),
    );
    const stale = ids.filter((id) => !active.has(id));
    const step = stale.length
      ? await this.syncVehicles(dealershipId, stale)
      : { embedded: 0, unchanged: 0, deleted: 0, rounds: 0 };
    return { ...step, next: next ? writeCursor(next) : null };
  }

  /** Embeds/upserts and deletes once; returns what it wrote (id -> hash, null = deleted). */
  private async pass(
    dealershipId: string,
    ids: string[],
    force: boolean,
    result: SyncResult,
  ): Promise<Map<string, string | null>> {
    const { repos, vectors, embeddings, storeKey, clock } = this.deps;
    const vehicles = await repos.vehicles.getByIds(dealershipId, ids);
    const byId = new Map(vehicles.map((v) => [v.id, v]));
    const stored = await repos.vectorDocuments.hashes(storeKey, dealershipId, ids);
    const modelKey = `${embeddings.provider}/${embeddings.modelId}/${embeddings.dimensions}`;
    const pending: { vehicle: Vehicle; text: string; metadata: VectorMetadata; hash: string }[] = [];
    const gone: string[] = [];
    for (const id of ids) {
      const vehicle = byId.get(id);
      if (!vehicle || !isEmbeddable(vehicle)) {
        gone.push(id);
        continue;
      }
      const doc = vehicleDocument(vehicle);
      const hash = await vehicleDocumentHash(doc, modelKey);
      if (!force && stored.get(id) === hash) {
        result.unchanged++;
        continue;
      }
      pending.push({ vehicle, text: doc.text, metadata: doc.metadata as VectorMetadata, hash });
    }
    const written = new Map<string, string | null>();
    for (let i = 0; i < pending.length; i += this.batchSize) {
      const batch = pending.slice(i, i + this.batchSize);
      const out = await embeddings.embed(batch.map((p) => p.text));
      if (out.embeddings.length !== batch.length) {
        throw new Error(
          `embedding model ${embeddings.modelId} returned ${out.embeddings.length} vectors for ${batch.length} texts`,
        );
      }
      await this.account(dealershipId, out.usage.inputTokens);
      await vectors.upsert(
        dealershipId,
        batch.map((p, j) => ({
          id: p.vehicle.id,
          values: out.embeddings[j] as number[],
          metadata: p.metadata,
        })),
      );
      // The hash is written after the vector: a crash in between re-embeds (never skips) next time.
      await repos.vectorDocuments.put(
        storeKey,
        dealershipId,
        batch.map((p) => ({ vehicleId: p.vehicle.id, contentHash: p.hash })),
        clock.now().toISOString(),
      );
      for (const p of batch) written.set(p.vehicle.id, p.hash);
      result.embedded += batch.length;
    }
    if (gone.length > 0) {
      for (let i = 0; i < gone.length; i += vectors.limits.maxBatchDelete) {
        await vectors.delete(dealershipId, gone.slice(i, i + vectors.limits.maxBatchDelete));
      }
      await repos.vectorDocuments.remove(storeKey, dealershipId, gone);
      for (const id of gone) written.set(id, null);
      result.deleted += gone.length;
    }
    return written;
  }

  /** Ids whose current state differs from what was just written. */
  private async drifted(dealershipId: string, written: Map<string, string | null>): Promise<string[]> {
    if (written.size === 0) return [];
    const { embeddings } = this.deps;
    const modelKey = `${embeddings.provider}/${embeddings.modelId}/${embeddings.dimensions}`;
    const now = new Map(
      (await this.deps.repos.vehicles.getByIds(dealershipId, [...written.keys()])).map((v) => [v.id, v]),
    );
    const out: string[] = [];
    for (const [id, hash] of written) {
      const vehicle = now.get(id);
      const active = vehicle !== undefined && isEmbeddable(vehicle);
      if (hash === null) {
        if (active) out.push(id);
      } else if (!active || (await vehicleDocumentHash(vehicleDocument(vehicle), modelKey)) !== hash) {
        out.push(id);
      }
    }
    return out;
  }

  private async account(dealershipId: string, inputTokens: number) {
    const { ledger, embeddings, clock } = this.deps;
    if (!ledger || inputTokens <= 0) return;
    await ledger.record({
      dealershipId,
      feature: "embedding",
      provider: embeddings.provider,
      modelId: embeddings.modelId,
      inputTokens,
      outputTokens: 0,
      costMicroUsd: embeddings.cost({ inputTokens }),
      at: clock.now().toISOString(),
    });
  }
}

function writeCursor(c: RebuildCursor): string {
  return JSON.stringify(c);
}

function readCursor(cursor: string | null | undefined): RebuildCursor {
  if (!cursor) return { phase: "active", after: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch {
    throw new TypeError("rebuild cursor is not valid JSON");
  }
  const c = parsed as { phase?: unknown; after?: unknown };
  if (
    (c.phase === "active" || c.phase === "state" || c.phase === "store") &&
    (c.after === null || typeof c.after === "string")
  ) {
    return { phase: c.phase, after: c.after as string | null };
  }
  throw new TypeError("rebuild cursor is malformed");
}
