import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { bearerSecurity, principalOf } from "../lib/route";
import { sseJson } from "../lib/sse";
import { ChatBody, ChatStream } from "../schemas/ai";
import { DealershipIdParams } from "../schemas/common";

const route = createRoute({
  tags: ["vehicles"],
  operationId: "chat",
  method: "post",
  path: "/v1/dealerships/{id}/chat",
  summary: "Staff chat with the assistant about the dealership's stock (server-sent events)",
  description: "Same answer and events as POST /v1/public/chat, for staff (JWT).",
  security: bearerSecurity,
  request: {
    params: DealershipIdParams,
    body: { required: true, content: { "application/json": { schema: ChatBody } } },
  },
  responses: {
    200: { description: "An event stream.", content: { "text/event-stream": { schema: ChatStream } } },
    ...openApiErrorResponses,
  },
});

export const registerV1Chat = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const session = await c.get("services").chat.start(principalOf(c), id, c.req.valid("json"));
    return sseJson(c, session.events) as never;
  });
