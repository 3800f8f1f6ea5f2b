import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentPublicVehicle } from "../lib/present";
import { apiKeySecurity, principalOf } from "../lib/route";
import { PublicSemanticSearchResult, SemanticSearchQuery } from "../schemas/ai";

const route = createRoute({
  tags: ["public"],
  operationId: "publicSemanticSearch",
  method: "get",
  path: "/v1/public/search",
  summary: "Semantic search of the API key's dealership: natural language -> filters + similarity",
  description:
    "The query is parsed into structured filters (shown in `parsed`), the rest is matched by vector similarity, always within this dealership's active inventory. When similarity search is unavailable the filters alone answer (`mode: structured`, with `degraded.reason`).",
  security: apiKeySecurity,
  request: { query: SemanticSearchQuery },
  responses: {
    200: {
      description: "Matches, best first.",
      content: { "application/json": { schema: PublicSemanticSearchResult } },
    },
    ...openApiErrorResponses,
  },
});

export const registerV1PublicSemanticSearch = (app: App) =>
  app.openapi(route, async (c) => {
    const principal = principalOf(c);
    const dealershipId = principal.kind === "api_key" ? principal.dealershipId : "";
    const { q, limit } = c.req.valid("query");
    const r = await c.get("services").semanticSearch.search(principal, dealershipId, q, { limit });
    return c.json(
      { ...r, results: r.results.map((x) => ({ vehicle: presentPublicVehicle(x.vehicle), score: x.score })) },
      200,
    );
  });
