import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { conflictResponse, openApiErrorResponses } from "../lib/errors";
import { presentApiKey } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { CreateApiKeyBody, CreatedApiKey } from "../schemas/api-key";
import { DealershipIdParams } from "../schemas/common";

const route = createRoute({
  tags: ["api-keys"],
  operationId: "createApiKey",
  method: "post",
  path: "/v1/dealerships/{id}/api-keys",
  summary: "Create a publishable API key (dealer_admin, platform_admin); the key is returned once",
  security: bearerSecurity,
  request: {
    params: DealershipIdParams,
    body: { required: false, content: { "application/json": { schema: CreateApiKeyBody } } },
  },
  responses: {
    201: {
      description: "Created. Store `key` now: it is not shown again.",
      content: { "application/json": { schema: CreatedApiKey } },
    },
    ...openApiErrorResponses,
    ...conflictResponse,
  },
});

export const registerV1ApiKeysCreate = (app: App) =>
  app.openapi(route, async (c) => {
    const { apiKey, key } = await c
      .get("services")
      .apiKeys.create(principalOf(c), c.req.valid("param").id, c.req.valid("json"));
    c.header("Cache-Control", "no-store");
    return c.json({ ...presentApiKey(apiKey), key }, 201);
  });
