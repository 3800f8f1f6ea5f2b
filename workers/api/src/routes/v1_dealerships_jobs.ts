import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentJob } from "../lib/present-job";
import { bearerSecurity, principalOf } from "../lib/route";
import { DealershipIdParams } from "../schemas/common";
import { JobList, JobListQuery } from "../schemas/job";

const route = createRoute({
  tags: ["scrapes"],
  operationId: "listDealershipJobs",
  method: "get",
  path: "/v1/dealerships/{id}/jobs",
  summary: "A dealership's scrape history, newest first",
  security: bearerSecurity,
  request: { params: DealershipIdParams, query: JobListQuery },
  responses: {
    200: { description: "A page of jobs.", content: { "application/json": { schema: JobList } } },
    ...openApiErrorResponses,
  },
});

export const registerV1DealershipsJobs = (app: App) =>
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const page = await c.get("services").scraping.listForDealership(principalOf(c), c.req.valid("param").id, {
      status: q.status,
      limit: q.limit,
      cursor: q.cursor,
    });
    return c.json({ items: page.items.map(presentJob), nextCursor: page.nextCursor }, 200);
  });
