import { createRoute } from "@hono/zod-openapi";
import type { App } from "../env";
import { conflictResponse, openApiErrorResponses } from "../lib/errors";
import { presentJob } from "../lib/present-job";
import { bearerSecurity, principalOf } from "../lib/route";
import { JobEnvelope, JobIdParams } from "../schemas/job";

const route = createRoute({
  tags: ["scrapes"],
  operationId: "replayJob",
  method: "post",
  path: "/v1/jobs/{jobId}/replay",
  summary: "Replay a dead job (dealer_admin, platform_admin)",
  description:
    "Re-sends the messages that exhausted their retries and resumes the job where it stopped (finished work is not redone). 409 unless the job is dead, or while another scrape of the dealership runs.",
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

export const registerV1JobsReplay = (app: App) =>
  app.openapi(route, async (c) => {
    const job = await c
      .get("services")
      .scraping.replay(principalOf(c), c.req.valid("param").jobId, c.get("requestId"));
    return c.json({ job: presentJob(job) }, 200);
  });
