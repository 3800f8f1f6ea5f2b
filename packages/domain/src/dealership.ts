export const DEALERSHIP_STATUSES = ["onboarding", "active", "paused", "disabled"] as const;
export type DealershipStatus = (typeof DEALERSHIP_STATUSES)[number];

/** Token-bucket settings: `limit` requests per `windowSeconds`, refilled continuously. */
export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/** Per key class: `public` = publishable API keys (dealer websites), `staff` = JWT callers. */
export interface RateLimitSettings {
  public: RateLimitRule;
  staff: RateLimitRule;
}

export interface ScrapeSchedule {
  enabled: boolean;
  /** Five-field cron expression evaluated in the dealership's timezone. */
  cron: string;
}

export interface Dealership {
  id: string;
  name: string;
  websiteUrl: string;
  /** IANA timezone, e.g. "America/Chicago". */
  timezone: string;
  scrapeSchedule: ScrapeSchedule;
  rateLimits: RateLimitSettings;
  status: DealershipStatus;
  createdAt: string;
  updatedAt: string;
}

export interface ApiKey {
  id: string;
  dealershipId: string;
  name: string;
  /** First characters of the key, shown so people can tell keys apart; the key itself is never stored. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  public: { limit: 600, windowSeconds: 60 },
  staff: { limit: 1200, windowSeconds: 60 },
};

export const DEFAULT_SCRAPE_SCHEDULE: ScrapeSchedule = { enabled: true, cron: "0 3 * * *" };
