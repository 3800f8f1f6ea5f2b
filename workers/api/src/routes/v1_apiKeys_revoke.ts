import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentApiKey } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { ApiKey } from "../schemas/api-key";
import { IdParam } from "../schemas/common";

const route = createRoute({
  tags: ["api-keys"],
  operationId: "revokeApiKey",
  method: "delete",
  path: "/v1/dealerships/{id}/api-keys/{keyId}",
  summary: "Revoke an API key (takes effect on the next request; idempotent)",
  security: bearerSecurity,
  request: {
    params: z.object({
      id: IdParam("id", "dlr_01jz8k2m3n4p5q6r7s8t9v0w1x"),
      keyId: IdParam("keyId", "key_01jz8k2m3n4p5q6r7s8t9v0w1x"),
    }),
  },
  responses: {
    200: { description: "The revoked key.", content: { "application/json": { schema: ApiKey } } },
    ...openApiErrorResponses,
  },
});

export const registerV1ApiKeysRevoke = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, keyId } = c.req.valid("param");
    const key = await c.get("services").apiKeys.revoke(principalOf(c), id, keyId);
    return c.json(presentApiKey(key), 200);
  });
