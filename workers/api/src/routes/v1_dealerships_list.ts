import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentDealership } from "../lib/present";
import { bearerSecurity, principalOf } from "../lib/route";
import { Cursor, IntParam } from "../schemas/common";
import { DealershipList } from "../schemas/dealership";

const route = createRoute({
  tags: ["dealerships"],
  operationId: "listDealerships",
  method: "get",
  path: "/v1/dealerships",
  summary: "List dealerships: all for platform_admin, the token's own for dealer roles",
  security: bearerSecurity,
  request: {
    query: z.strictObject({
      limit: IntParam(1, 100, "Page size, 1-100 (default 50).").optional(),
      cursor: Cursor.optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of dealerships, ordered by id.",
      content: { "application/json": { schema: DealershipList } },
    },
    ...openApiErrorResponses,
  },
});

export const registerV1DealershipsList = (app: App) =>
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const page = await c.get("services").dealerships.list(principalOf(c), { limit: limit ?? 50, cursor });
    return c.json({ items: page.items.map(presentDealership), nextCursor: page.nextCursor }, 200);
  });
