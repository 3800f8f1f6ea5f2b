import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentVehicle } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { SemanticSearchQuery, SemanticSearchResult } from "../schemas/ai";
import { DealershipIdParams } from "../schemas/common";

const route = createRoute({
  tags: ["vehicles"],
  operationId: "semanticSearch",
  method: "get",
  path: "/v1/dealerships/{id}/search",
  summary: "Semantic search of a dealership's active inventory (staff twin of /v1/public/search)",
  security: bearerSecurity,
  request: { params: DealershipIdParams, query: SemanticSearchQuery },
  responses: {
    200: {
      description: "Matches, best first.",
      content: { "application/json": { schema: SemanticSearchResult } },
    },
    ...openApiErrorResponses,
  },
});

export const registerV1SemanticSearch = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { q, limit } = c.req.valid("query");
    const r = await c.get("services").semanticSearch.search(principalOf(c), id, q, { limit });
    return c.json(
      { ...r, results: r.results.map((x) => ({ vehicle: presentVehicle(x.vehicle), score: x.score })) },
      200,
    );
  });
