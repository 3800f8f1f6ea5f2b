import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentDealership } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { DealershipIdParams } from "../schemas/common";
import { Dealership } from "../schemas/dealership";

const route = createRoute({
  tags: ["dealerships"],
  operationId: "getDealership",
  method: "get",
  path: "/v1/dealerships/{id}",
  summary: "Get a dealership",
  security: bearerSecurity,
  request: { params: DealershipIdParams },
  responses: {
    200: { description: "The dealership.", content: { "application/json": { schema: Dealership } } },
    ...openApiErrorResponses,
  },
});

export const registerV1DealershipsGet = (app: App) =>
  app.openapi(route, async (c) => {
    const dealership = await c.get("services").dealerships.get(principalOf(c), c.req.valid("param").id);
    return c.json(presentDealership(dealership), 200);
  });
