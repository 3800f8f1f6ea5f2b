import type { Repositories } from "@forecourt/db";
import type { Clock } from "../../clock";
import { newId } from "../../ids";
import {
  EMBED_QUEUE,
  type EmbedMessage,
  type EmbedQueue,
  invalidEmbedMessage,
  messageDealership,
} from "./messages";
import type { EmbeddingSync, SyncResult } from "./sync";

/** What the Worker does with a message after `handle`. Errors thrown are retried with backoff. */
export type EmbedOutcome =
  | { action: "ack"; note: string; result?: SyncResult }
  /** Malformed: record it as a dead letter and ack (retrying cannot help). */
  | { action: "dead"; reason: string };

/** One step of a vector migration (see VectorMigrationRunner); injected so the consumer stays small. */
export interface MigrationStepper {
  /** Runs one step; returns whether another step message should follow. */
  step(migrationId: string): Promise<{ more: boolean; note: string }>;
}

export interface EmbedConsumerDeps {
  repos: Repositories;
  clock: Clock;
  queue: EmbedQueue;
  /** Null when the AI providers are not configured for this Worker (messages then fail and are retried). */
  sync: EmbeddingSync | null;
  migrations: MigrationStepper | null;
}

/**
 * The `embed-jobs` consumer's rules, one message at a time (the Worker acks/retries each on its own):
 * validation, dispatch, rebuild fan-out, and recording dead letters.
 */
export class EmbedConsumer {
  constructor(private readonly deps: EmbedConsumerDeps) {}

  async handle(body: unknown): Promise<EmbedOutcome> {
    const invalid = invalidEmbedMessage(body);
    if (invalid) return { action: "dead", reason: `malformed message: ${invalid}` };
    const message = body as EmbedMessage;
    switch (message.type) {
      case "vehicle.changed": {
        const result = await this.requireSync().syncVehicles(message.dealershipId, message.vehicleIds);
        return { action: "ack", note: summary(result), result };
      }
      case "dealership.reembed": {
        const step = await this.requireSync().rebuildPage(message.dealershipId, message.cursor ?? null, {
          force: message.force ?? true,
        });
        // The next page is a new message: a failure retries one page, never the whole rebuild.
        if (step.next) {
          await this.deps.queue.send({
            type: "dealership.reembed",
            dealershipId: message.dealershipId,
            cursor: step.next,
            force: message.force ?? true,
            ...(message.requestId ? { requestId: message.requestId } : {}),
          });
        }
        return {
          action: "ack",
          note: `${summary(step)}${step.next ? "; next page queued" : "; rebuild done"}`,
        };
      }
      case "vectors.migrate": {
        if (!this.deps.migrations) throw new Error("vector migrations are not configured in this Worker");
        const out = await this.deps.migrations.step(message.migrationId);
        if (out.more) {
          await this.deps.queue.send({
            type: "vectors.migrate",
            migrationId: message.migrationId,
            ...(message.requestId ? { requestId: message.requestId } : {}),
          });
        }
        return { action: "ack", note: out.note };
      }
    }
  }

  /** Records a message that exhausted its retries (or was malformed). Idempotent per message id. */
  async recordDead(
    body: unknown,
    meta: { messageId: string; attempts: number; reason: string | null },
  ): Promise<{ created: boolean }> {
    let text: string;
    try {
      text = JSON.stringify(body) ?? "null";
    } catch {
      text = String(body);
    }
    return this.deps.repos.scrapes.recordDeadLetter({
      id: newId("dlq"),
      jobId: null,
      dealershipId: messageDealership(body),
      queue: EMBED_QUEUE,
      messageId: meta.messageId,
      body: text.slice(0, 64 * 1024),
      attempts: meta.attempts,
      reason: meta.reason,
      now: this.deps.clock.now().toISOString(),
    });
  }

  private requireSync(): EmbeddingSync {
    if (!this.deps.sync) throw new Error("the vector store / embedding model is not configured");
    return this.deps.sync;
  }
}

function summary(r: SyncResult): string {
  return `embedded ${r.embedded}, unchanged ${r.unchanged}, deleted ${r.deleted} in ${r.rounds} pass(es)`;
}
