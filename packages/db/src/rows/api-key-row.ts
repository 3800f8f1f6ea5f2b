import type { ApiKey } from "@forecourt/domain";
import { sql } from "drizzle-orm";
import type { Row } from "../sql/executor";
import { toIso, toIsoOrNull } from "../time";

/** Never selects `hash`: the domain ApiKey does not carry it. */
export const API_KEY_SELECT = sql.raw(
  "id, dealership_id, name, prefix, created_at, revoked_at, last_used_at",
);

export function rowToApiKey(r: Row): ApiKey {
  return {
    id: String(r.id),
    dealershipId: String(r.dealership_id),
    name: String(r.name),
    prefix: String(r.prefix),
    createdAt: toIso(r.created_at),
    revokedAt: toIsoOrNull(r.revoked_at),
    lastUsedAt: toIsoOrNull(r.last_used_at),
  };
}
