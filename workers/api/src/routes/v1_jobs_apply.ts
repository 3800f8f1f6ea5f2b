import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { conflictResponse, openApiErrorResponses } from "../lib/errors";
import { presentJob } from "../lib/present-job";
import { bearerSecurity, principalOf } from "../lib/route";
import { JobEnvelope, JobIdParams } from "../schemas/job";

const route = createRoute({
  tags: ["scrapes"],
  operationId: "applyJob",
  method: "post",
  path: "/v1/jobs/{jobId}/apply",
  summary: "Apply a needs_review job's removals (dealer_admin, platform_admin)",
  description:
    "Removes the vehicles the scrape did not see, recomputed now (vehicles seen since the scrape started are kept); the job ends succeeded. 409 unless the job is needs_review.",
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

export const registerV1JobsApply = (app: App) =>
  app.openapi(route, async (c) => {
    const job = await c.get("services").scraping.apply(principalOf(c), c.req.valid("param").jobId);
    return c.json({ job: presentJob(job) }, 200);
  });
