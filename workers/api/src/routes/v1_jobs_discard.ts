import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { conflictResponse, openApiErrorResponses } from "../lib/errors";
import { presentJob } from "../lib/present-job";
import { bearerSecurity, principalOf } from "../lib/route";
import { JobEnvelope, JobIdParams } from "../schemas/job";

const route = createRoute({
  tags: ["scrapes"],
  operationId: "discardJob",
  method: "post",
  path: "/v1/jobs/{jobId}/discard",
  summary: "Discard a needs_review job's removals (dealer_admin, platform_admin)",
  description:
    "Removes nothing; the job ends failed (it does not become the baseline for later scrapes). 409 unless the job is needs_review.",
  security: bearerSecurity,
  request: { params: JobIdParams },
  responses: {
    200: {
      description: "The job after the action.",
      content: { "application/json": { schema: JobEnvelope } },
    },
    ...openApiErrorResponses,
    ...conflictResponse,
  },
});

export const registerV1JobsDiscard = (app: App) =>
  app.openapi(route, async (c) => {
    const job = await c.get("services").scraping.discard(principalOf(c), c.req.valid("param").jobId);
    return c.json({ job: presentJob(job) }, 200);
  });
