import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { bearerSecurity, principalOf } from "../lib/route";
import { VehicleParams } from "../schemas/vehicle";

const route = createRoute({
  tags: ["vehicles"],
  operationId: "deleteVehicle",
  method: "delete",
  path: "/v1/dealerships/{id}/vehicles/{vehicleId}",
  summary: "Delete a vehicle and its price history (to take it off sale keep it and set status sold/removed)",
  security: bearerSecurity,
  request: { params: VehicleParams },
  responses: {
    204: { description: "Deleted." },
    ...openApiErrorResponses,
  },
});

export const registerV1VehiclesDelete = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, vehicleId } = c.req.valid("param");
    await c.get("services").inventory.delete(principalOf(c), id, vehicleId);
    return c.body(null, 204);
  });
