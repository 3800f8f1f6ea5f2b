import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses, unprocessableResponse } from "../lib/errors";
import { presentVehicle } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { DealershipIdParams } from "../schemas/common";
import { Vehicle, VehicleInput } from "../schemas/vehicle";

const route = createRoute({
  tags: ["vehicles"],
  operationId: "upsertVehicle",
  method: "post",
  path: "/v1/dealerships/{id}/vehicles",
  summary: "Create or update a vehicle by VIN (201 created, 200 updated)",
  security: bearerSecurity,
  request: {
    params: DealershipIdParams,
    body: { required: true, content: { "application/json": { schema: VehicleInput } } },
  },
  responses: {
    200: {
      description: "A vehicle with this VIN existed and was updated (or was already identical).",
      content: { "application/json": { schema: Vehicle } },
    },
    201: { description: "Created.", content: { "application/json": { schema: Vehicle } } },
    ...openApiErrorResponses,
    ...unprocessableResponse,
  },
});

export const registerV1VehiclesUpsert = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { vehicle, outcome } = await c
      .get("services")
      .inventory.upsert(principalOf(c), id, c.req.valid("json"));
    const quality = (await c.get("services").quality.forVehicles(id, [vehicle.id])).get(vehicle.id) ?? null;
    if (outcome === "created") {
      c.header("Location", `/v1/dealerships/${id}/vehicles/${vehicle.id}`);
      return c.json(presentVehicle(vehicle, quality), 201);
    }
    return c.json(presentVehicle(vehicle, quality), 200);
  });
