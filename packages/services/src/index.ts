import type { Repositories } from "@forecourt/db";
import { decodeVin } from "@forecourt/vin";
import { ApiKeyService } from "./api-keys";
import { type Clock, systemClock } from "./clock";
import { DealershipService } from "./dealerships";
import { type InventoryEvents, InventoryService } from "./inventory/service";
import type { VinDecoder } from "./inventory/vin-rules";
import { QualityService } from "./quality/service";
import { ScrapeJobService } from "./scraping/jobs";
import type { ScrapeQueue } from "./scraping/messages";
import { ScrapeScheduler } from "./scraping/schedule";
import { DEFAULT_SCRAPE_SETTINGS, type ScrapeSettings } from "./scraping/settings";
import { nullProgress, type ProgressSink } from "./scraping/snapshot";
import { VinService } from "./vin";

export * from "./api-keys";
export * from "./clock";
export { randomBase62, sha256Hex } from "./crypto";
export * from "./dealerships";
export * from "./errors";
export * from "./ids";
export * from "./inventory/normalize";
export * from "./inventory/service";
export * from "./inventory/vin-rules";
export * from "./policy";
export * from "./quality/service";
export * from "./scraping/index";
export * from "./vin";

export interface Services {
  dealerships: DealershipService;
  apiKeys: ApiKeyService;
  inventory: InventoryService;
  vins: VinService;
  scraping: ScrapeJobService;
  scheduler: ScrapeScheduler;
  quality: QualityService;
}

export interface ServiceDeps {
  repos: Repositories;
  clock?: Clock;
  events?: InventoryEvents | null;
  /** Defaults to `decodeVin` from @forecourt/vin. */
  decodeVin?: VinDecoder;
  /** The `scrape-jobs` producer; without it, starting or replaying scrapes is refused. */
  scrapeQueue?: ScrapeQueue | null;
  /** Where job changes are pushed (the JobProgress Durable Object). */
  progress?: ProgressSink;
  scrapeSettings?: ScrapeSettings;
}

export function createServices({
  repos,
  clock = systemClock,
  events = null,
  decodeVin: decode,
  scrapeQueue = null,
  progress = nullProgress,
  scrapeSettings = DEFAULT_SCRAPE_SETTINGS,
}: ServiceDeps): Services {
  const vin: VinDecoder = decode ?? decodeVin;
  const quality = new QualityService(repos, clock);
  const scraping = new ScrapeJobService(repos, clock, scrapeQueue, progress, scrapeSettings, events);
  return {
    scraping,
    scheduler: new ScrapeScheduler(repos, clock, scraping, progress, scrapeSettings),
    dealerships: new DealershipService(repos, clock),
    apiKeys: new ApiKeyService(repos, clock),
    inventory: new InventoryService(repos, clock, vin, events, quality),
    quality,
    vins: new VinService(vin, clock),
  };
}
