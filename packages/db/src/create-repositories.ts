import { d1Executor } from "./drivers/d1";
import { hyperdriveExecutor } from "./drivers/hyperdrive";
import { neonExecutor } from "./drivers/neon";
import { aiUsageRepository } from "./repos/ai-usage";
import { apiKeyRepository } from "./repos/api-keys";
import { conversationRepository } from "./repos/conversations";
import { dealershipRepository } from "./repos/dealerships";
import { qualityRepository } from "./repos/quality";
import { scrapeRepository } from "./repos/scrapes";
import { vectorDocumentRepository } from "./repos/vector-documents";
import { vectorMigrationRepository } from "./repos/vector-migrations";
import { vehicleRepository } from "./repos/vehicles";
import type { Repositories } from "./repositories";
import type { SqlExecutor } from "./sql/executor";

export type RepositoryOptions =
  | { driver: "d1"; d1: D1Database }
  | { driver: "hyperdrive"; connectionString: string }
  | {
      driver: "neon";
      connectionString: string;
      /** Local WebSocket proxy (see NeonDriverOptions.wsProxy); omit for Neon. */
      wsProxy?: string;
      /** Only where there is no global WebSocket (Node 20): e.g. the `ws` package's export. */
      webSocketConstructor?: unknown;
    };

/**
 * The repositories over one database. Cheap and synchronous: Postgres drivers connect on first use.
 * Create one per request (Workers cannot share connections across requests) and `close()` it.
 */
export function createRepositories(opts: RepositoryOptions): Repositories {
  return repositoriesOver(executorFor(opts));
}

function executorFor(opts: RepositoryOptions): SqlExecutor {
  switch (opts.driver) {
    case "d1":
      return d1Executor(opts.d1);
    case "hyperdrive":
      return hyperdriveExecutor(opts.connectionString);
    case "neon":
      return neonExecutor(opts);
    default:
      throw new TypeError(`unknown database driver: ${String((opts as { driver?: unknown }).driver)}`);
  }
}

function repositoriesOver(exec: SqlExecutor): Repositories {
  return {
    dealerships: dealershipRepository(exec),
    apiKeys: apiKeyRepository(exec),
    vehicles: vehicleRepository(exec),
    scrapes: scrapeRepository(exec),
    quality: qualityRepository(exec),
    vectorDocuments: vectorDocumentRepository(exec),
    vectorMigrations: vectorMigrationRepository(exec),
    aiUsage: aiUsageRepository(exec),
    conversations: conversationRepository(exec),
    close: () => exec.close(),
  };
}
