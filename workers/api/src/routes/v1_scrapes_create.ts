import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../env";
import { conflictResponse, openApiErrorResponses } from "../lib/errors";
import { presentJob } from "../lib/present-job";
import { bearerSecurity, principalOf } from "../lib/route";
import { DealershipIdParams } from "../schemas/common";
import { JobEnvelope, StartScrapeBody } from "../schemas/job";

const route = createRoute({
  tags: ["scrapes"],
  operationId: "startScrape",
  method: "post",
  path: "/v1/dealerships/{id}/scrapes",
  summary: "Start a scrape of the dealership's website (dealer_admin, platform_admin); answers at once",
  description:
    "Enqueues the job and answers 202 with it; the scraper Worker does the work. Watch it on `GET /v1/jobs/{jobId}/ws` or poll `GET /v1/jobs/{jobId}`. `Idempotency-Key`: the same key for the same dealership within 24 h returns the same job (202, `Idempotent-Replayed: true`); the same key with a different body is 409. One scrape per dealership at a time: another active one is 409 (`details.activeJobId`).",
  security: bearerSecurity,
  request: {
    params: DealershipIdParams,
    headers: z.object({
      "idempotency-key": z
        .string()
        .min(1)
        .max(255)
        .optional()
        .openapi({ description: "Client-chosen key (1-255 visible ASCII characters)." }),
    }),
    body: { required: false, content: { "application/json": { schema: StartScrapeBody } } },
  },
  responses: {
    202: {
      description: "Accepted: the job (new, or the one this Idempotency-Key already started).",
      content: { "application/json": { schema: JobEnvelope } },
    },
    ...openApiErrorResponses,
    ...conflictResponse,
  },
});

export const registerV1ScrapesCreate = (app: App) =>
  app.openapi(route, async (c) => {
    const body = (c.req.valid("json") as z.infer<typeof StartScrapeBody> | undefined) ?? {};
    const { job, created } = await c
      .get("services")
      .scraping.start(
        principalOf(c),
        c.req.valid("param").id,
        { maxPages: body.maxPages },
        { idempotencyKey: c.req.valid("header")["idempotency-key"], requestId: c.get("requestId") },
      );
    c.header("Location", `/v1/jobs/${job.id}`);
    if (!created) c.header("Idempotent-Replayed", "true");
    return c.json({ job: presentJob(job) }, 202);
  });
