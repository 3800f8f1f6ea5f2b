import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { presentDeadLetter, presentJob } from "../lib/present-job";
import { bearerSecurity, principalOf } from "../lib/route";
import { JobDetail, JobIdParams } from "../schemas/job";

const route = createRoute({
  tags: ["scrapes"],
  operationId: "getJob",
  method: "get",
  path: "/v1/jobs/{jobId}",
  summary: "A scrape job: status, counts, first errors, review, dead letters (polling)",
  description:
    "The same object the WebSocket pushes, plus the job's dead letters. 404 for another dealership's job.",
  security: bearerSecurity,
  request: { params: JobIdParams },
  responses: {
    200: { description: "The job.", content: { "application/json": { schema: JobDetail } } },
    ...openApiErrorResponses,
  },
});

export const registerV1JobsGet = (app: App) =>
  app.openapi(route, async (c) => {
    const principal = principalOf(c);
    const scraping = c.get("services").scraping;
    const job = await scraping.get(principal, c.req.valid("param").jobId);
    const letters = await scraping.deadLetters(principal, job);
    c.header("Cache-Control", "no-store");
    return c.json({ ...presentJob(job), deadLetters: letters.map(presentDeadLetter) }, 200);
  });
