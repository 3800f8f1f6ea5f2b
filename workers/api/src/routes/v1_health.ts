import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../env";

const route = createRoute({
  tags: ["meta"],
  operationId: "health",
  method: "get",
  path: "/v1/health",
  summary: "Liveness check (no auth, no database)",
  responses: {
    200: {
      description: "The API is up.",
      content: {
        "application/json": {
          schema: z.object({ status: z.literal("ok"), version: z.string() }).openapi("Health"),
        },
      },
    },
  },
});

export const registerV1Health = (app: App) =>
  app.openapi(route, (c) => c.json({ status: "ok" as const, version: "v1" }, 200));
