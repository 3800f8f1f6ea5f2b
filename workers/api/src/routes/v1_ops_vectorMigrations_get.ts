import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentMigration } from "../lib/present-migration";
import { bearerSecurity, principalOf } from "../lib/route";
import { VectorMigrationEnvelope, VectorMigrationIdParams } from "../schemas/embedding";

const route = createRoute({
  tags: ["operations"],
  operationId: "getVectorMigration",
  method: "get",
  path: "/v1/ops/vector-migrations/{migrationId}",
  summary: "A vector migration's progress and verification result (platform_admin)",
  security: bearerSecurity,
  request: { params: VectorMigrationIdParams },
  responses: {
    200: {
      description: "The migration.",
      content: { "application/json": { schema: VectorMigrationEnvelope } },
    },
    ...openApiErrorResponses,
  },
});

export const registerV1OpsVectorMigrationsGet = (app: App) =>
  app.openapi(route, async (c) => {
    const migration = await c
      .get("services")
      .vectorMigrations.get(principalOf(c), c.req.valid("param").migrationId);
    return c.json({ migration: presentMigration(migration) }, 200);
  });
