import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { forgetDealershipLimits } from "../lib/dealership-limits";
import { openApiErrorResponses } from "../lib/errors";
import { presentDealership } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { DealershipIdParams } from "../schemas/common";
import { Dealership, UpdateDealershipBody } from "../schemas/dealership";

const route = createRoute({
  tags: ["dealerships"],
  operationId: "updateDealership",
  method: "patch",
  path: "/v1/dealerships/{id}",
  summary: "Update a dealership (platform_admin: all fields; dealer_admin: all but status and rateLimits)",
  security: bearerSecurity,
  request: {
    params: DealershipIdParams,
    body: { required: true, content: { "application/json": { schema: UpdateDealershipBody } } },
  },
  responses: {
    200: { description: "The updated dealership.", content: { "application/json": { schema: Dealership } } },
    ...openApiErrorResponses,
  },
});

export const registerV1DealershipsUpdate = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const dealership = await c.get("services").dealerships.update(principalOf(c), id, c.req.valid("json"));
    forgetDealershipLimits(id);
    return c.json(presentDealership(dealership), 200);
  });
