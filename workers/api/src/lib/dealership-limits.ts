import { DEFAULT_RATE_LIMITS, type DealershipStatus, type RateLimitSettings } from "@forecourt/domain";
import type { Services } from "@forecourt/services";
import { TtlCache } from "./ttl-cache";

/**
 * The hot path needs each dealership's rate-limit settings and status on every request; they change
 * rarely, so they are cached in the isolate for 30 s (PATCHing a dealership clears the entry in the
 * isolate that served the PATCH; other isolates pick the change up within the TTL).
 */
export const LIMITS_TTL_MS = 30_000;

export interface DealershipLimits {
  rateLimits: RateLimitSettings;
  status: DealershipStatus | null;
}

const cache = new TtlCache<DealershipLimits>(LIMITS_TTL_MS);
export async function dealershipLimits(services: Services, dealershipId: string): Promise<DealershipLimits> {
  const hit = cache.get(dealershipId);
  if (hit) return hit;
  // No cross-request promise sharing: Workers forbid awaiting I/O started by another request.
  const found = await services.dealerships.limits(dealershipId);
  const value: DealershipLimits = found ?? { rateLimits: DEFAULT_RATE_LIMITS, status: null };
  cache.set(dealershipId, value);
  return value;
}

export function forgetDealershipLimits(dealershipId: string): void {
  cache.delete(dealershipId);
}
