import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { conflictResponse, openApiErrorResponses } from "../lib/errors";
import { bearerSecurity, principalOf } from "../lib/route";
import { DealershipIdParams } from "../schemas/common";
import { RebuildEnvelope } from "../schemas/embedding";

const route = createRoute({
  tags: ["embeddings"],
  operationId: "rebuildEmbeddings",
  method: "post",
  path: "/v1/dealerships/{id}/embeddings/rebuild",
  summary: "Re-embed every vehicle of the dealership (dealer staff and up, platform_admin); answers at once",
  description:
    "Queues a rebuild for the embedder Worker: every active vehicle is embedded again and every vector whose vehicle is no longer active is deleted, one page per queue message. 409 when the embed-jobs queue is not configured.",
  security: bearerSecurity,
  request: { params: DealershipIdParams },
  responses: {
    202: { description: "Accepted.", content: { "application/json": { schema: RebuildEnvelope } } },
    ...openApiErrorResponses,
    ...conflictResponse,
  },
});

export const registerV1DealershipsEmbeddingsRebuild = (app: App) =>
  app.openapi(route, async (c) => {
    const rebuild = await c
      .get("services")
      .embeddings.rebuild(principalOf(c), c.req.valid("param").id, c.get("requestId"));
    return c.json({ rebuild }, 202);
  });
