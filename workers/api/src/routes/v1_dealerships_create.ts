import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentDealership } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { CreateDealershipBody, Dealership } from "../schemas/dealership";

const route = createRoute({
  tags: ["dealerships"],
  operationId: "createDealership",
  method: "post",
  path: "/v1/dealerships",
  summary: "Onboard a dealership (platform_admin)",
  security: bearerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: CreateDealershipBody } } } },
  responses: {
    201: { description: "Created.", content: { "application/json": { schema: Dealership } } },
    ...openApiErrorResponses,
  },
});

export const registerV1DealershipsCreate = (app: App) =>
  app.openapi(route, async (c) => {
    const dealership = await c.get("services").dealerships.create(principalOf(c), c.req.valid("json"));
    return c.json(presentDealership(dealership), 201);
  });
