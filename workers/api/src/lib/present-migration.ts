import type { VectorMigrationRecord } from "@forecourt/db";

/** A vector migration as the API shows it (the engine's checkpoint stays internal). */
export function presentMigration(m: VectorMigrationRecord) {
  return {
    id: m.id,
    source: m.source,
    target: m.target,
    dealershipId: m.dealershipId,
    status: m.status,
    progress: m.progress ?? null,
    verification: m.verification ?? null,
    lastError: m.lastError,
    steps: m.steps,
    requestedBy: m.requestedBy,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    finishedAt: m.finishedAt,
  };
}
