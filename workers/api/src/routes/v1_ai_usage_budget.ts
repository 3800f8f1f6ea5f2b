import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { bearerSecurity, principalOf } from "../lib/route";
import { AiBudget, AiBudgetPatch } from "../schemas/ai";
import { DealershipIdParams } from "../schemas/common";

const route = createRoute({
  tags: ["dealerships"],
  operationId: "setAiBudget",
  method: "patch",
  path: "/v1/dealerships/{id}/ai/budget",
  summary: "Set the dealership's AI budgets (micro-dollars per UTC day / month; null = configured default)",
  security: bearerSecurity,
  request: {
    params: DealershipIdParams,
    body: { required: true, content: { "application/json": { schema: AiBudgetPatch } } },
  },
  responses: {
    200: { description: "The budgets now in force.", content: { "application/json": { schema: AiBudget } } },
    ...openApiErrorResponses,
  },
});

export const registerV1AiUsageBudget = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await c.get("services").aiUsage.setBudget(principalOf(c), id, c.req.valid("json")), 200);
  });
