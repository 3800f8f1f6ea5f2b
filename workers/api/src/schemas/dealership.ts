import { DEALERSHIP_STATUSES } from "@forecourt/domain";
import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

export const RateLimitRule = z
  .strictObject({
    limit: z.number().int().min(1).max(100_000).openapi({ example: 600 }),
    windowSeconds: z.number().int().min(1).max(86_400).openapi({ example: 60 }),
  })
  .openapi("RateLimitRule", {
    description: "Token bucket: `limit` requests per `windowSeconds`, refilled continuously.",
  });

export const RateLimitSettingsInput = z
  .strictObject({ public: RateLimitRule.optional(), staff: RateLimitRule.optional() })
  .openapi({
    description:
      "Per key class: public = publishable API keys, staff = JWT callers. Omitted classes keep their value.",
  });

export const ScrapeScheduleInput = z
  .strictObject({
    enabled: z.boolean().optional(),
    cron: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .openapi({ example: "0 3 * * *", description: "Five-field cron in the dealership's timezone." }),
  })
  .openapi({ description: "Omitted fields keep their value." });

export const CreateDealershipBody = z
  .strictObject({
    name: z.string().min(1).max(200).openapi({ example: "Riverside Motors" }),
    websiteUrl: z
      .string()
      .min(1)
      .max(2048)
      .openapi({ format: "uri", example: "https://www.riverside-motors.example" }),
    timezone: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ example: "America/Chicago", description: "IANA timezone; default America/New_York." }),
    scrapeSchedule: ScrapeScheduleInput.optional(),
    rateLimits: RateLimitSettingsInput.optional(),
    status: z.enum(DEALERSHIP_STATUSES).optional().openapi({ description: "Default active." }),
  })
  .openapi("CreateDealership");

export const UpdateDealershipBody = CreateDealershipBody.partial().openapi("UpdateDealership", {
  description:
    "dealer_admin may change name, websiteUrl, timezone, scrapeSchedule; status and rateLimits are platform_admin only.",
});

export const Dealership = z
  .object({
    id: z.string().openapi({ example: "dlr_01jz8k2m3n4p5q6r7s8t9v0w1x" }),
    name: z.string(),
    websiteUrl: z.string(),
    timezone: z.string(),
    scrapeSchedule: z.object({ enabled: z.boolean(), cron: z.string() }),
    rateLimits: z.object({
      public: z.object({ limit: z.number().int(), windowSeconds: z.number().int() }),
      staff: z.object({ limit: z.number().int(), windowSeconds: z.number().int() }),
    }),
    status: z.enum(DEALERSHIP_STATUSES),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Dealership");

export const DealershipList = z
  .object({ items: z.array(Dealership), nextCursor: z.string().nullable() })
  .openapi("DealershipList");
