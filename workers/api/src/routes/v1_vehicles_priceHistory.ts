import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentPriceHistory } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { PriceHistory, VehicleParams } from "../schemas/vehicle";

const route = createRoute({
  tags: ["vehicles"],
  operationId: "getVehiclePriceHistory",
  method: "get",
  path: "/v1/dealerships/{id}/vehicles/{vehicleId}/price-history",
  summary: "Every recorded price of a vehicle, oldest first",
  security: bearerSecurity,
  request: { params: VehicleParams },
  responses: {
    200: { description: "Price history.", content: { "application/json": { schema: PriceHistory } } },
    ...openApiErrorResponses,
  },
});

export const registerV1VehiclesPriceHistory = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, vehicleId } = c.req.valid("param");
    const entries = await c.get("services").inventory.priceHistory(principalOf(c), id, vehicleId);
    return c.json(presentPriceHistory(entries), 200);
  });
