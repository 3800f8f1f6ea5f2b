import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { bearerSecurity, principalOf } from "../lib/route";
import { AiUsageQuery, AiUsageReport } from "../schemas/ai";
import { DealershipIdParams } from "../schemas/common";

const route = createRoute({
  tags: ["dealerships"],
  operationId: "aiUsage",
  method: "get",
  path: "/v1/dealerships/{id}/ai/usage",
  summary: "AI tokens and cost per UTC day and feature (chat, search, embedding), with the budgets",
  security: bearerSecurity,
  request: { params: DealershipIdParams, query: AiUsageQuery },
  responses: {
    200: {
      description: "Usage in the range (at most 366 days).",
      content: { "application/json": { schema: AiUsageReport } },
    },
    ...openApiErrorResponses,
  },
});

export const registerV1AiUsage = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await c.get("services").aiUsage.report(principalOf(c), id, c.req.valid("query")), 200);
  });
