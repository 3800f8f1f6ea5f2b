import type { ScrapeBudget } from "@forecourt/domain";

/** The rules that decide whether a finished scrape may remove vehicles (see `assessHealth`). */
export interface HealthRules {
  /** Fewer vehicles than this share of the baseline (last succeeded scrape, else the active count) → review. */
  minFoundRatio: number;
  /** More failed pages than this share of the pages tried → review ("mostly errors"). */
  maxErrorRatio: number;
  /** Removing more than this share of the active vehicles → review... */
  maxRemovedRatio: number;
  /** ...once the lot has at least this many active vehicles (selling 3 of 5 cars is normal). */
  minActiveForRemovedRatio: number;
}

/** Tunables of the scraping pipeline. Defaults below; the scraper Worker overrides them from its vars. */
export interface ScrapeSettings {
  /** Budget of a new job. */
  budget: ScrapeBudget;
  /** Detail pages per `fetch-batch` message (a 5,000-vehicle site is 250 messages of 20). */
  batchSize: number;
  /** Listing pages fetched per `discover` message. */
  listingPagesPerMessage: number;
  /** Most listing pages per job (pagination and listing links beyond it are ignored, and noted). */
  maxListingPages: number;
  /** Deepest pagination followed (discovery rounds). */
  maxRounds: number;
  /** Most sitemap files read (index files included) and URLs taken from them. */
  maxSitemaps: number;
  maxSitemapUrls: number;
  /** How long a message owns its task before a redelivery may take it over. */
  leaseSeconds: number;
  /**
   * An active job with no change for this long is failed by the scheduler's reaper (and frees its
   * dealership). `SCRAPER_STALE_JOB_SECONDS` on the scraper and the API Worker.
   */
  staleJobSeconds: number;
  /**
   * Scheduled starts are spread over this window after each cron tick: a dealership's `schedule` message
   * is delayed by a deterministic offset from a hash of its id (`scheduleOffsetSeconds`), so 2,000 due
   * dealerships do not put 2,000 `discover` messages at the head of the FIFO queue at once. Must stay
   * below the cron trigger's interval (5 minutes). `SCRAPER_SCHEDULE_SPREAD_SECONDS`; 0 = no spread.
   */
  scheduleSpreadSeconds: number;
  /** Errors kept per job (all are counted). */
  errorCap: number;
  /** Vehicles listed in a review (all are counted). */
  reviewListCap: number;
  /** How long an Idempotency-Key names its job. */
  idempotencyWindowSeconds: number;
  health: HealthRules;
}

export const DEFAULT_SCRAPE_SETTINGS: ScrapeSettings = {
  budget: { maxPages: 6_000, maxBytes: 1_000 * 1024 * 1024, maxSeconds: 3 * 3600 },
  batchSize: 20,
  listingPagesPerMessage: 10,
  maxListingPages: 600,
  maxRounds: 500,
  maxSitemaps: 10,
  maxSitemapUrls: 50_000,
  leaseSeconds: 15 * 60,
  staleJobSeconds: 4 * 3600,
  scheduleSpreadSeconds: 240,
  errorCap: 100,
  reviewListCap: 500,
  idempotencyWindowSeconds: 24 * 3600,
  health: { minFoundRatio: 0.7, maxErrorRatio: 0.5, maxRemovedRatio: 0.5, minActiveForRemovedRatio: 10 },
};

/** Settings with overrides (budget and health merged field by field). */
export function scrapeSettings(overrides: Partial<ScrapeSettings> = {}): ScrapeSettings {
  return {
    ...DEFAULT_SCRAPE_SETTINGS,
    ...overrides,
    budget: { ...DEFAULT_SCRAPE_SETTINGS.budget, ...overrides.budget },
    health: { ...DEFAULT_SCRAPE_SETTINGS.health, ...overrides.health },
  };
}
