import { z } from "@hono/zod-openapi";
import { IdParam } from "./common";

export const RebuildEnvelope = z
  .object({
    rebuild: z.object({
      dealershipId: z.string(),
      requestId: z.string(),
      queuedAt: z.string().openapi({ format: "date-time" }),
    }),
  })
  .openapi("EmbeddingRebuild");

export const ReplayEnvelope = z
  .object({
    replay: z.object({
      dealershipId: z.string(),
      replayed: z.number().int().openapi({ description: "Dead-lettered embed messages sent again." }),
      skipped: z.number().int().openapi({ description: "Malformed dead letters that cannot be replayed." }),
    }),
  })
  .openapi("EmbeddingReplay");

const StoreName = z.string().min(1).max(80).openapi({
  description:
    "`local`, `local:<index>` (another local index), `vectorize`, `pinecone` or `qdrant`, as configured.",
  example: "qdrant",
});

export const StartVectorMigrationBody = z
  .object({
    from: StoreName,
    to: StoreName,
    dealershipId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/)
      .nullable()
      .optional()
      .openapi({ description: "Copy one tenant only; omit for every tenant." }),
  })
  .strict()
  .openapi("StartVectorMigration");

export const VectorMigrationIdParams = z.object({
  migrationId: IdParam("migrationId", "vmig_01jz8k2m3n4p5q6r7s8t9v0w1x"),
});

export const VectorMigration = z
  .object({
    id: z.string(),
    source: z.string(),
    target: z.string(),
    dealershipId: z.string().nullable(),
    status: z.enum(["running", "verifying", "succeeded", "failed"]),
    progress: z
      .unknown()
      .openapi({ description: "Counters from the migration engine (copied, total, ...)." }),
    verification: z.unknown().openapi({
      description:
        "Counts (and a sample of vectors) compared between source and target; null until verified.",
    }),
    lastError: z.string().nullable(),
    steps: z.number().int(),
    requestedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("VectorMigration");

export const VectorMigrationEnvelope = z.object({
  migration: VectorMigration,
  created: z.boolean().optional(),
});
