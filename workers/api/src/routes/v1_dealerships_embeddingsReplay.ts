import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { conflictResponse, openApiErrorResponses } from "../lib/errors";
import { bearerSecurity, principalOf } from "../lib/route";
import { DealershipIdParams } from "../schemas/common";
import { ReplayEnvelope } from "../schemas/embedding";

const route = createRoute({
  tags: ["embeddings"],
  operationId: "replayEmbeddingDeadLetters",
  method: "post",
  path: "/v1/dealerships/{id}/embeddings/replay",
  summary: "Replay the dealership's dead-lettered embedding jobs (dealer staff and up, platform_admin)",
  description:
    "Sends every embed-jobs message of the dealership that exhausted its retries back to the queue and marks it replayed. The embedder re-reads the vehicles' current state, so a replay converges on the inventory as it is now.",
  security: bearerSecurity,
  request: { params: DealershipIdParams },
  responses: {
    200: { description: "What was replayed.", content: { "application/json": { schema: ReplayEnvelope } } },
    ...openApiErrorResponses,
    ...conflictResponse,
  },
});

export const registerV1DealershipsEmbeddingsReplay = (app: App) =>
  app.openapi(route, async (c) => {
    const replay = await c
      .get("services")
      .embeddings.replayDeadLetters(principalOf(c), c.req.valid("param").id, c.get("requestId"));
    return c.json({ replay }, 200);
  });
