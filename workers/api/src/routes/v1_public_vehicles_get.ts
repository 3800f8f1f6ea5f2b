import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentPublicVehicle } from "../lib/present";
import { apiKeySecurity, principalOf } from "../lib/route";
import { IdParam } from "../schemas/common";
import { PublicVehicle } from "../schemas/vehicle";

const route = createRoute({
  tags: ["public"],
  operationId: "publicGetVehicle",
  method: "get",
  path: "/v1/public/vehicles/{vehicleId}",
  summary: "An active vehicle of the API key's dealership",
  security: apiKeySecurity,
  request: { params: z.object({ vehicleId: IdParam("vehicleId", "veh_01jz8k2m3n4p5q6r7s8t9v0w1x") }) },
  responses: {
    200: { description: "The vehicle.", content: { "application/json": { schema: PublicVehicle } } },
    ...openApiErrorResponses,
  },
});

export const registerV1PublicVehiclesGet = (app: App) =>
  app.openapi(route, async (c) => {
    const vehicle = await c
      .get("services")
      .inventory.getPublic(principalOf(c), c.req.valid("param").vehicleId);
    return c.json(presentPublicVehicle(vehicle), 200);
  });
