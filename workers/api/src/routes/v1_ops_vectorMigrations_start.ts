import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { conflictResponse, openApiErrorResponses } from "../lib/errors";
import { presentMigration } from "../lib/present-migration";
import { bearerSecurity, principalOf } from "../lib/route";
import { StartVectorMigrationBody, VectorMigrationEnvelope } from "../schemas/embedding";

const route = createRoute({
  tags: ["operations"],
  operationId: "startVectorMigration",
  method: "post",
  path: "/v1/ops/vector-migrations",
  summary: "Copy vectors from one store to another, resumable (platform_admin)",
  description:
    "Starts a migration of one tenant (`dealershipId`) or all, or RESUMES the unfinished one with the same source, target and tenant from its checkpoint (`created: false`). The embedder copies in batches, one queue message per step, then verifies counts and a sample of vectors. The source is only read, never written or deleted from. Poll `GET /v1/ops/vector-migrations/{migrationId}`.",
  security: bearerSecurity,
  request: {
    body: { required: true, content: { "application/json": { schema: StartVectorMigrationBody } } },
  },
  responses: {
    202: {
      description: "Accepted: the migration (new or resumed).",
      content: { "application/json": { schema: VectorMigrationEnvelope } },
    },
    ...openApiErrorResponses,
    ...conflictResponse,
  },
});

export const registerV1OpsVectorMigrationsStart = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const { migration, created } = await c
      .get("services")
      .vectorMigrations.start(principalOf(c), body, c.get("requestId"));
    c.header("Location", `/v1/ops/vector-migrations/${migration.id}`);
    return c.json({ migration: presentMigration(migration), created }, 202);
  });
