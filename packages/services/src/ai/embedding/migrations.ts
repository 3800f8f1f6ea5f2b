import type { Repositories, VectorMigrationRecord } from "@forecourt/db";
import type { Principal } from "@forecourt/domain";
import type { Clock } from "../../clock";
import { conflict, notFound, validationFailed } from "../../errors";
import { newId } from "../../ids";
import { requirePlatformAdmin } from "../../policy";
import type { EmbedQueue } from "./messages";

/**
 * A vector store named in a migration: a store kind (`local`, `vectorize`, `pinecone`, `qdrant`) as
 * configured, or `local:<index>` for another local index (e.g. a shadow copy).
 */
export const STORE_NAME = /^(?:local(?::[A-Za-z0-9_-]{1,64})?|vectorize|pinecone|qdrant)$/;

export interface StartMigrationInput {
  from: string;
  to: string;
  dealershipId?: string | null;
}

/**
 * The API side of vector migrations (platform operators only): start or resume one, read its progress.
 * Steps run in workers/embedder, one `vectors.migrate` message each; the checkpoint lives in the database.
 */
export class VectorMigrationService {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly queue: EmbedQueue | null,
    /** Whether this deployment has settings for the named store (see @forecourt/providers). */
    private readonly isConfiguredStore: (name: string) => boolean,
  ) {}

  /**
   * Starts a migration, or resumes the unfinished one with the same source, target and tenant (its
   * checkpoint is kept: nothing copied is copied again). The source is only ever read.
   */
  async start(
    principal: Principal,
    input: StartMigrationInput,
    requestId: string,
  ): Promise<{ migration: VectorMigrationRecord; created: boolean }> {
    requirePlatformAdmin(principal, "migrate vector stores");
    const issues = [];
    for (const key of ["from", "to"] as const) {
      const name = input[key];
      if (typeof name !== "string" || !STORE_NAME.test(name))
        issues.push({
          path: [key],
          code: "invalid_store",
          message: "must be local, local:<index>, vectorize, pinecone or qdrant",
        });
      else if (!this.isConfiguredStore(name))
        issues.push({ path: [key], code: "not_configured", message: `store ${name} is not configured here` });
    }
    if (issues.length === 0 && input.from === input.to)
      issues.push({ path: ["to"], code: "same_store", message: "source and target must differ" });
    if (issues.length > 0) throw validationFailed("invalid vector migration", issues);
    const dealershipId = input.dealershipId ?? null;
    if (dealershipId !== null && !(await this.repos.dealerships.get(dealershipId)))
      throw notFound("dealership", dealershipId);
    if (!this.queue) throw conflict("the embed-jobs queue is not configured for this deployment");
    const out = await this.repos.vectorMigrations.startOrResume({
      id: newId("vmig"),
      source: input.from,
      target: input.to,
      dealershipId,
      requestedBy: principal.kind === "user" ? principal.subject : principal.keyId,
      now: this.clock.now().toISOString(),
    });
    // Resuming sends a step too: if the previous chain of step messages is still alive, the two race on
    // the checkpoint's version and the loser stops (see VectorMigrationRunner).
    await this.queue.send({ type: "vectors.migrate", migrationId: out.migration.id, requestId });
    return out;
  }

  async get(principal: Principal, id: string): Promise<VectorMigrationRecord> {
    requirePlatformAdmin(principal, "read vector migrations");
    const migration = await this.repos.vectorMigrations.get(id);
    if (!migration) throw notFound("vector migration", id);
    return migration;
  }
}
