import type { Repositories } from "@forecourt/db";
import { decodeVin } from "@forecourt/vin";
import { ApiKeyService } from "./api-keys";
import { type Clock, systemClock } from "./clock";
import { DealershipService } from "./dealerships";
import { type InventoryEvents, InventoryService } from "./inventory/service";
import type { VinDecoder } from "./inventory/vin-rules";
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
export * from "./vin";

export interface Services {
  dealerships: DealershipService;
  apiKeys: ApiKeyService;
  inventory: InventoryService;
  vins: VinService;
}

export interface ServiceDeps {
  repos: Repositories;
  clock?: Clock;
  events?: InventoryEvents | null;
  /** Defaults to `decodeVin` from @forecourt/vin. */
  decodeVin?: VinDecoder;
}

export function createServices({
  repos,
  clock = systemClock,
  events = null,
  decodeVin: decode,
}: ServiceDeps): Services {
  const vin: VinDecoder = decode ?? decodeVin;
  return {
    dealerships: new DealershipService(repos, clock),
    apiKeys: new ApiKeyService(repos, clock),
    inventory: new InventoryService(repos, clock, vin, events),
    vins: new VinService(vin, clock),
  };
}
