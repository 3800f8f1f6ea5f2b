import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { bearerSecurity, principalOf } from "../lib/route";
import { DealershipIdParams } from "../schemas/common";

const DealershipQuality = z
  .object({
    count: z.number().int().openapi({ description: "Active vehicles with a quality score." }),
    averageScore: z.number().nullable().openapi({ description: "One decimal; null when count is 0." }),
    median: z.number().nullable(),
    distribution: z.array(
      z.object({ label: z.string(), from: z.number().int(), to: z.number().int(), count: z.number().int() }),
    ),
    flagCounts: z.array(z.object({ code: z.string(), count: z.number().int() })).openapi({
      description: "Vehicles carrying each flag code, most frequent first.",
    }),
    worst: z.array(
      z.object({
        vehicleId: z.string(),
        vin: z.string(),
        year: z.number().int(),
        make: z.string(),
        model: z.string(),
        score: z.number().int(),
        flags: z.array(z.string()),
      }),
    ),
  })
  .openapi("DealershipQuality");

const route = createRoute({
  tags: ["dealerships"],
  operationId: "getDealershipQuality",
  method: "get",
  path: "/v1/dealerships/{id}/quality",
  summary:
    "Listing quality of a dealership's active inventory: score statistics, flag counts, worst listings",
  description:
    "Dealer staff and platform operators (not publishable keys). Scores are computed on every write and by the background rescore; vehicles not scored yet are left out.",
  security: bearerSecurity,
  request: { params: DealershipIdParams },
  responses: {
    200: {
      description: "The quality summary.",
      content: { "application/json": { schema: DealershipQuality } },
    },
    ...openApiErrorResponses,
  },
});

export const registerV1DealershipsQuality = (app: App) =>
  app.openapi(route, async (c) => {
    const summary = await c.get("services").quality.summary(principalOf(c), c.req.valid("param").id);
    return c.json(summary, 200);
  });
