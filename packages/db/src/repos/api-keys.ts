import type { ApiKey } from "@forecourt/domain";
import { sql } from "drizzle-orm";
import type { ApiKeyRepository, NewApiKey } from "../repositories";
import { API_KEY_SELECT, rowToApiKey } from "../rows/api-key-row";
import type { SqlExecutor } from "../sql/executor";
import { normaliseIso } from "../time";

export function apiKeyRepository(exec: SqlExecutor): ApiKeyRepository {
  return {
    async create(input: NewApiKey): Promise<ApiKey> {
      const [row] = await exec.query(sql`
        INSERT INTO api_keys (id, dealership_id, name, prefix, hash, created_at, revoked_at, last_used_at)
        VALUES (${input.id}, ${input.dealershipId}, ${input.name}, ${input.prefix}, ${input.hash}, ${normaliseIso(input.now)}, NULL, NULL)
        RETURNING ${API_KEY_SELECT}`);
      return rowToApiKey(row as NonNullable<typeof row>);
    },

    // One probe of the unique api_keys_hash_uq index. Through Hyperdrive this read may be answered from
    // its query cache (max_age, default 60 s), so a revocation can take that long to bite there.
    async findActiveByHash(hash: string): Promise<ApiKey | null> {
      const [row] = await exec.query(
        sql`SELECT ${API_KEY_SELECT} FROM api_keys WHERE hash = ${hash} AND revoked_at IS NULL`,
      );
      return row ? rowToApiKey(row) : null;
    },

    async list(dealershipId: string): Promise<ApiKey[]> {
      const rows = await exec.query(
        sql`SELECT ${API_KEY_SELECT} FROM api_keys WHERE dealership_id = ${dealershipId} ORDER BY created_at, id`,
      );
      return rows.map(rowToApiKey);
    },

    async revoke(dealershipId: string, id: string, now: string): Promise<ApiKey | null> {
      // COALESCE keeps the first revocation time: revoking twice returns the key unchanged.
      const [row] = await exec.query(sql`
        UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ${normaliseIso(now)})
        WHERE dealership_id = ${dealershipId} AND id = ${id}
        RETURNING ${API_KEY_SELECT}`);
      return row ? rowToApiKey(row) : null;
    },
  };
}
