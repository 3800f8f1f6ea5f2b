import type { Repositories, VectorMigrationRecord, VectorMigrationStatus } from "@forecourt/db";
// Types only: a runtime import of @forecourt/vector would pull the local store's Durable Object
// (cloudflare:workers) into every consumer of @forecourt/services, Node scripts included.
import type { IdSource, VectorStore } from "@forecourt/vector";
import type { Clock } from "../../clock";
import type { MigrationStepper } from "./consumer";

/**
 * One step of a migration engine: given the checkpoint the previous step left (null at the start), copy
 * one batch (or verify), and say where it got to. Steps must be idempotent from their checkpoint: a step
 * that crashed after writing to the target and before its checkpoint was saved is simply done again.
 */
export interface MigrationStepResult {
  checkpoint: unknown;
  /** For display: copied/total counters etc. */
  progress: unknown;
  /** "copying" (more to copy), "verifying" (copy done, verification next) or "done". */
  phase: "copying" | "verifying" | "done";
  /** With phase "done": the verification result; `ok` false fails the migration. */
  verification?: { ok: boolean } & Record<string, unknown>;
}

export interface MigrationEngine {
  step(checkpoint: unknown): Promise<MigrationStepResult>;
}

export interface MigrationEngineInput {
  source: VectorStore;
  target: VectorStore;
  /** Dealerships to copy (namespaces): one, or every dealership. */
  namespaces: () => Promise<string[]>;
  /** Ids for a source that cannot enumerate them (Vectorize): the dealership's active vehicles. */
  idSource: IdSource;
  batchSize: number;
}

export interface VectorMigrationRunnerDeps {
  repos: Repositories;
  clock: Clock;
  /** The store named `local`, `local:<index>`, `qdrant`, ... (throws when this Worker has no such store). */
  store: (name: string) => VectorStore;
  /** Builds the engine for one migration (workers/embedder: packages/vector's step-wise engine). */
  engine: (input: MigrationEngineInput) => MigrationEngine;
  batchSize: number;
}

/**
 * Runs vector migrations one step per `vectors.migrate` message (workers/embedder). The checkpoint is
 * saved with the migration's version: a duplicated or concurrent step message whose step lands second
 * writes nothing and ends its chain, so there is one chain of steps and the checkpoint never goes back.
 */
export class VectorMigrationRunner implements MigrationStepper {
  constructor(private readonly deps: VectorMigrationRunnerDeps) {}

  async step(migrationId: string): Promise<{ more: boolean; note: string }> {
    const { repos, clock } = this.deps;
    const m = await repos.vectorMigrations.get(migrationId);
    if (!m) return { more: false, note: `unknown migration ${migrationId}; dropped` };
    if (m.status === "succeeded" || m.status === "failed")
      return { more: false, note: `already ${m.status}` };
    const engine = this.deps.engine({
      source: this.deps.store(m.source),
      target: this.deps.store(m.target),
      namespaces: () => this.namespaces(m),
      idSource: async (namespace, cursor, limit) => {
        const page = await repos.vehicles.search(namespace, {
          status: ["active"],
          sort: "newest",
          limit,
          ...(cursor ? { cursor } : {}),
        });
        return { ids: page.items.map((v) => v.id), nextCursor: page.nextCursor };
      },
      batchSize: this.deps.batchSize,
    });
    let result: MigrationStepResult;
    try {
      result = await engine.step(m.checkpoint);
    } catch (err) {
      // Kept for the operator (GET shows it); the message is retried, then dead-lettered, then resumable.
      await repos.vectorMigrations.update(m.id, m.version, {
        now: clock.now().toISOString(),
        lastError: (err as Error)?.message?.slice(0, 1000) ?? String(err),
      });
      throw err;
    }
    const status: VectorMigrationStatus =
      result.phase === "done"
        ? result.verification?.ok
          ? "succeeded"
          : "failed"
        : result.phase === "verifying"
          ? "verifying"
          : "running";
    const saved = await repos.vectorMigrations.update(m.id, m.version, {
      now: clock.now().toISOString(),
      status,
      checkpoint: result.checkpoint,
      progress: result.progress,
      ...(result.phase === "done" ? { verification: result.verification ?? null } : {}),
      lastError: null,
      step: true,
    });
    if (!saved) return { more: false, note: "another step of this migration landed first; this chain ends" };
    return { more: result.phase !== "done", note: `step ${saved.steps}: ${status}` };
  }

  /** The tenants a migration copies: one, or every dealership (paged from the database). */
  private async namespaces(m: VectorMigrationRecord): Promise<string[]> {
    if (m.dealershipId) return [m.dealershipId];
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.repos.dealerships.list({ limit: 500, ...(cursor ? { cursor } : {}) });
      out.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }
}
