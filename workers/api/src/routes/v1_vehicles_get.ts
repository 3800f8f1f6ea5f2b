import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentVehicle } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { Vehicle, VehicleParams } from "../schemas/vehicle";

const route = createRoute({
  tags: ["vehicles"],
  operationId: "getVehicle",
  method: "get",
  path: "/v1/dealerships/{id}/vehicles/{vehicleId}",
  summary: "Get a vehicle (any status)",
  security: bearerSecurity,
  request: { params: VehicleParams },
  responses: {
    200: { description: "The vehicle.", content: { "application/json": { schema: Vehicle } } },
    ...openApiErrorResponses,
  },
});

export const registerV1VehiclesGet = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, vehicleId } = c.req.valid("param");
    const vehicle = await c.get("services").inventory.get(principalOf(c), id, vehicleId);
    const quality = (await c.get("services").quality.forVehicles(id, [vehicle.id])).get(vehicle.id) ?? null;
    return c.json(presentVehicle(vehicle, quality), 200);
  });
