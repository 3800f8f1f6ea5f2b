import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses, unprocessableResponse } from "../lib/errors";
import { bearerSecurity, principalOf } from "../lib/route";
import { DealershipIdParams } from "../schemas/common";
import { BulkBody, BulkResult } from "../schemas/vehicle";

const route = createRoute({
  tags: ["vehicles"],
  operationId: "bulkUpsertVehicles",
  method: "post",
  path: "/v1/dealerships/{id}/vehicles/bulk",
  summary: "Create or update up to 1,000 vehicles by VIN, with per-item results",
  description:
    "Body limit BULK_MAX_BODY_BYTES (default 5 MiB). A shape error anywhere (wrong type, unknown field) rejects the call with 400 and nothing is written. Items that fail the value rules (invalid VIN, VIN/year/make mismatch, year out of range, VIN repeated in the call) are reported per item; the rest are written in one atomic batch. With `atomic: true` any failing item rejects the whole call with 422 (details.items) and nothing is written.",
  security: bearerSecurity,
  request: {
    params: DealershipIdParams,
    body: { required: true, content: { "application/json": { schema: BulkBody } } },
  },
  responses: {
    200: {
      description: "Per-item results in request order, and a summary.",
      content: { "application/json": { schema: BulkResult } },
    },
    ...openApiErrorResponses,
    ...unprocessableResponse,
  },
});

export const registerV1VehiclesBulk = (app: App) =>
  app.openapi(route, async (c) => {
    const { items, atomic } = c.req.valid("json");
    const result = await c
      .get("services")
      .inventory.bulkUpsert(principalOf(c), c.req.valid("param").id, items, {
        atomic: atomic ?? false,
      });
    return c.json(result, 200);
  });
