import type { MigrationEngine, MigrationEngineInput } from "@forecourt/services";
import { type MigrationState, migrateStep, migrationProgress, startMigration } from "@forecourt/vector";

/**
 * packages/vector's step-wise migration engine (startMigration / migrateStep; the checkpoint is its
 * MigrationState) behind the runner's interface.
 */
export function vectorMigrationEngine(input: MigrationEngineInput): MigrationEngine {
  const ctx = { source: input.source, target: input.target, idSource: input.idSource };
  return {
    async step(checkpoint) {
      let state = checkpoint as MigrationState | null;
      if (!state) {
        const namespaces = await input.namespaces();
        if (namespaces.length === 0) {
          return {
            checkpoint: null,
            progress: { phase: "done", copied: 0, namespaces: 0 },
            phase: "done",
            verification: { ok: true, namespaces: [] },
          };
        }
        state = startMigration(ctx, namespaces, { batchSize: input.batchSize });
      }
      const next = await migrateStep(ctx, state);
      const progress = migrationProgress(next);
      if (next.phase !== "done") {
        return { checkpoint: next, progress, phase: next.phase === "copy" ? "copying" : "verifying" };
      }
      return {
        checkpoint: next,
        progress,
        phase: "done",
        verification: { ok: next.verification.every((v) => v.ok), namespaces: next.verification },
      };
    },
  };
}
