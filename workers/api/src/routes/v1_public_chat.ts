import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { apiKeySecurity, principalOf } from "../lib/route";
import { sseJson } from "../lib/sse";
import { ChatBody, ChatStream } from "../schemas/ai";

const route = createRoute({
  tags: ["public"],
  operationId: "publicChat",
  method: "post",
  path: "/v1/public/chat",
  summary: "Ask the dealership's AI assistant; the answer streams as server-sent events",
  description:
    "Grounded in this dealership's active vehicles only; cites vehicle ids; every price, VIN and year is checked against the cited vehicle before it is sent. Errors found before streaming are ordinary JSON errors (400, 404 unknown conversation, 503 AI not configured); errors during the answer arrive as an `error` event.",
  security: apiKeySecurity,
  request: { body: { required: true, content: { "application/json": { schema: ChatBody } } } },
  responses: {
    200: { description: "An event stream.", content: { "text/event-stream": { schema: ChatStream } } },
    ...openApiErrorResponses,
    503: {
      description: "AI chat is not configured on this server.",
      content: { "application/json": { schema: ChatStream } },
    },
  },
});

export const registerV1PublicChat = (app: App) =>
  app.openapi(route, async (c) => {
    const principal = principalOf(c);
    const dealershipId = principal.kind === "api_key" ? principal.dealershipId : "";
    const session = await c.get("services").chat.start(principal, dealershipId, c.req.valid("json"));
    return sseJson(c, session.events) as never;
  });
