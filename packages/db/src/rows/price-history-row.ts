import type { PriceHistoryEntry } from "@forecourt/domain";
import { sql } from "drizzle-orm";
import { toNumberOrNull } from "../sql/decode";
import type { Row } from "../sql/executor";
import { toIso } from "../time";

export const PRICE_HISTORY_SELECT = sql.raw("vehicle_id, price_amount, price_currency, observed_at, source");

export function rowToPriceHistory(r: Row): PriceHistoryEntry {
  const amount = toNumberOrNull(r.price_amount);
  return {
    vehicleId: String(r.vehicle_id),
    price: amount === null ? null : { amount, currency: String(r.price_currency) },
    observedAt: toIso(r.observed_at),
    source: String(r.source),
  };
}
