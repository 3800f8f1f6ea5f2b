import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses, unprocessableResponse } from "../lib/errors";
import { presentVehicle } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { Vehicle, VehicleParams, VehiclePatch } from "../schemas/vehicle";

const route = createRoute({
  tags: ["vehicles"],
  operationId: "updateVehicle",
  method: "patch",
  path: "/v1/dealerships/{id}/vehicles/{vehicleId}",
  summary: "Change some fields of a vehicle (a price change is recorded in price history)",
  security: bearerSecurity,
  request: {
    params: VehicleParams,
    body: { required: true, content: { "application/json": { schema: VehiclePatch } } },
  },
  responses: {
    200: { description: "The updated vehicle.", content: { "application/json": { schema: Vehicle } } },
    ...openApiErrorResponses,
    ...unprocessableResponse,
  },
});

export const registerV1VehiclesUpdate = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, vehicleId } = c.req.valid("param");
    const vehicle = await c
      .get("services")
      .inventory.update(principalOf(c), id, vehicleId, c.req.valid("json"));
    const quality = (await c.get("services").quality.forVehicles(id, [vehicle.id])).get(vehicle.id) ?? null;
    return c.json(presentVehicle(vehicle, quality), 200);
  });
