import type { Repositories } from "@forecourt/db";
import { decodeVin } from "@forecourt/vin";
import { ChatService } from "./ai/chat/service";
import type { AiBudgetDefaults, AiDeps } from "./ai/deps";
import { EmbeddingAdminService } from "./ai/embedding/admin";
import type { EmbedQueue } from "./ai/embedding/messages";
import { VectorMigrationService } from "./ai/embedding/migrations";
import { SemanticSearchService } from "./ai/search/service";
import { AiUsageService } from "./ai/usage/service";
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

export * from "./ai/embedding/index";
export * from "./ai/index";
export * from "./ai/vehicle-document";
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
  /** Re-embed on request, replay of dead-lettered embed messages. */
  embeddings: EmbeddingAdminService;
  /** Vector-store migrations (operators). */
  vectorMigrations: VectorMigrationService;
  /** Semantic search (NL query -> filters + vector similarity); structured-only without `ai`. */
  semanticSearch: SemanticSearchService;
  /** Grounded streaming chat (RAG); refused with service_unavailable without `ai`. */
  chat: ChatService;
  /** AI usage per dealership and AI budgets. */
  aiUsage: AiUsageService;
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
  /** The `embed-jobs` producer (rebuilds, replays, migration steps); without it those are refused. */
  embedQueue?: EmbedQueue | null;
  /** Whether a vector store name (`local`, `local:<index>`, `qdrant`, ...) is configured here. */
  isConfiguredVectorStore?: (name: string) => boolean;
  /** Vector store, embeddings and chat model (chosen by configuration); null/absent = AI off. */
  ai?: AiDeps | null;
  /** Default AI budgets per dealership (config); a dealership's own budgets override them. */
  aiBudgets?: AiBudgetDefaults;
}

export function createServices({
  repos,
  clock = systemClock,
  events = null,
  decodeVin: decode,
  scrapeQueue = null,
  progress = nullProgress,
  scrapeSettings = DEFAULT_SCRAPE_SETTINGS,
  embedQueue = null,
  isConfiguredVectorStore = () => false,
  ai = null,
  aiBudgets = { dailyMicroUsd: null, monthlyMicroUsd: null },
}: ServiceDeps): Services {
  const vin: VinDecoder = decode ?? decodeVin;
  const quality = new QualityService(repos, clock);
  const aiUsage = new AiUsageService(repos, clock, aiBudgets);
  const semanticSearch = new SemanticSearchService(repos, clock, ai, aiUsage);
  const scraping = new ScrapeJobService(repos, clock, scrapeQueue, progress, scrapeSettings, events);
  return {
    scraping,
    scheduler: new ScrapeScheduler(repos, clock, scraping, progress, scrapeSettings, scrapeQueue),
    dealerships: new DealershipService(repos, clock),
    apiKeys: new ApiKeyService(repos, clock),
    inventory: new InventoryService(repos, clock, vin, events, quality),
    quality,
    vins: new VinService(vin, clock),
    embeddings: new EmbeddingAdminService(repos, clock, embedQueue),
    vectorMigrations: new VectorMigrationService(repos, clock, embedQueue, isConfiguredVectorStore),
    semanticSearch,
    chat: new ChatService(repos, clock, ai, semanticSearch, aiUsage),
    aiUsage,
  };
}
