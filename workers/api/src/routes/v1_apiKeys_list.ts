import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentApiKey } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { ApiKeyList } from "../schemas/api-key";
import { DealershipIdParams } from "../schemas/common";

const route = createRoute({
  tags: ["api-keys"],
  operationId: "listApiKeys",
  method: "get",
  path: "/v1/dealerships/{id}/api-keys",
  summary: "List a dealership's API keys, active and revoked (never the keys themselves)",
  security: bearerSecurity,
  request: { params: DealershipIdParams },
  responses: {
    200: { description: "All keys, newest last.", content: { "application/json": { schema: ApiKeyList } } },
    ...openApiErrorResponses,
  },
});

export const registerV1ApiKeysList = (app: App) =>
  app.openapi(route, async (c) => {
    const keys = await c.get("services").apiKeys.list(principalOf(c), c.req.valid("param").id);
    return c.json({ items: keys.map(presentApiKey), nextCursor: null }, 200);
  });
