import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentVehiclePage } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { DealershipIdParams } from "../schemas/common";
import { VehicleList, VehicleSearchQuery } from "../schemas/vehicle";

const route = createRoute({
  tags: ["vehicles"],
  operationId: "searchVehicles",
  method: "get",
  path: "/v1/dealerships/{id}/vehicles",
  summary: "Search a dealership's inventory: filters, sort, cursor pagination, facet counts",
  description:
    "Unknown query parameters are rejected (400) so a typo never silently widens a search. Prices are integer minor units.",
  security: bearerSecurity,
  request: { params: DealershipIdParams, query: VehicleSearchQuery },
  responses: {
    200: { description: "A page of vehicles.", content: { "application/json": { schema: VehicleList } } },
    ...openApiErrorResponses,
  },
});

export const registerV1VehiclesSearch = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const services = c.get("services");
    const page = await services.inventory.search(principalOf(c), id, c.req.valid("query"));
    const quality = await services.quality.forVehicles(
      id,
      page.items.map((v) => v.id),
    );
    return c.json(presentVehiclePage(page, quality), 200);
  });
