import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentJob } from "../lib/present-job";
import { bearerSecurity, principalOf } from "../lib/route";
import { JobList, JobListQuery } from "../schemas/job";

const route = createRoute({
  tags: ["scrapes"],
  operationId: "listJobs",
  method: "get",
  path: "/v1/jobs",
  summary: "Scrape jobs across dealerships, newest first (e.g. ?status=dead for the dead-letter view)",
  description:
    "platform_admin sees every dealership's jobs; dealer roles only their own dealerships'. `dealershipId` narrows the list (a dealership the caller cannot see gives an empty list).",
  security: bearerSecurity,
  request: {
    query: JobListQuery.extend({
      dealershipId: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/, "ids contain only letters, digits, '_' and '-'")
        .optional()
        .openapi({ description: "Only this dealership's jobs.", example: "dlr_01jz8k2m3n4p5q6r7s8t9v0w1x" }),
    }),
  },
  responses: {
    200: { description: "A page of jobs.", content: { "application/json": { schema: JobList } } },
    ...openApiErrorResponses,
  },
});

export const registerV1JobsList = (app: App) =>
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const page = await c.get("services").scraping.list(principalOf(c), {
      status: q.status,
      dealershipId: q.dealershipId,
      limit: q.limit,
      cursor: q.cursor,
    });
    return c.json({ items: page.items.map(presentJob), nextCursor: page.nextCursor }, 200);
  });
