import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentPublicVehiclePage } from "../lib/present";
import { apiKeySecurity, principalOf } from "../lib/route";
import { PublicVehicleList, PublicVehicleSearchQuery } from "../schemas/vehicle";

const route = createRoute({
  tags: ["public"],
  operationId: "publicSearchVehicles",
  method: "get",
  path: "/v1/public/vehicles",
  summary: "Search the API key's dealership's active inventory (dealer websites)",
  security: apiKeySecurity,
  request: { query: PublicVehicleSearchQuery },
  responses: {
    200: {
      description: "A page of active vehicles.",
      content: { "application/json": { schema: PublicVehicleList } },
    },
    ...openApiErrorResponses,
  },
});

export const registerV1PublicVehiclesSearch = (app: App) =>
  app.openapi(route, async (c) => {
    const page = await c.get("services").inventory.searchPublic(principalOf(c), c.req.valid("query"));
    return c.json(presentPublicVehiclePage(page), 200);
  });
