import type { Dealership, RateLimitSettings, ScrapeSchedule } from "@forecourt/domain";
import { sql } from "drizzle-orm";
import { fromJson } from "../sql/decode";
import type { Row } from "../sql/executor";
import { toIso } from "../time";

export const DEALERSHIP_SELECT = sql.raw(
  "id, name, website_url, timezone, scrape_schedule, rate_limits, status, created_at, updated_at",
);

/** Patchable fields → column. A fixed map: patch keys never reach SQL text unchecked. */
export const DEALERSHIP_PATCH_COLUMNS = {
  name: "name",
  websiteUrl: "website_url",
  timezone: "timezone",
  scrapeSchedule: "scrape_schedule",
  rateLimits: "rate_limits",
  status: "status",
} as const;

/** Column value for a patch field (JSON fields serialised). */
export function dealershipColumnValue(key: keyof typeof DEALERSHIP_PATCH_COLUMNS, value: unknown): unknown {
  return key === "scrapeSchedule" || key === "rateLimits" ? JSON.stringify(value) : value;
}

export function rowToDealership(r: Row): Dealership {
  return {
    id: String(r.id),
    name: String(r.name),
    websiteUrl: String(r.website_url),
    timezone: String(r.timezone),
    scrapeSchedule: fromJson<ScrapeSchedule>(r.scrape_schedule),
    rateLimits: fromJson<RateLimitSettings>(r.rate_limits),
    status: String(r.status) as Dealership["status"],
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}
