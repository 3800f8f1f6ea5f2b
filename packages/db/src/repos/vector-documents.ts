import { sql } from "drizzle-orm";
import type { VectorDocumentRepository } from "../repositories";
import type { SqlExecutor } from "../sql/executor";
import { insertRows } from "../sql/insert-rows";
import { normaliseIso } from "../time";

const COLUMNS = ["store_key", "dealership_id", "vehicle_id", "content_hash", "updated_at"] as const;
const UPSERT = sql` ON CONFLICT (store_key, dealership_id, vehicle_id)
  DO UPDATE SET content_hash = excluded.content_hash, updated_at = excluded.updated_at`;

export function vectorDocumentRepository(exec: SqlExecutor): VectorDocumentRepository {
  const { dialect } = exec;
  return {
    async hashes(storeKey, dealershipId, vehicleIds) {
      const out = new Map<string, string>();
      if (vehicleIds.length === 0) return out;
      const rows = await exec.query(sql`SELECT vehicle_id, content_hash FROM vector_documents
        WHERE store_key = ${storeKey} AND dealership_id = ${dealershipId}
          AND ${dialect.inList(sql.raw("vehicle_id"), vehicleIds)} AND ${dialect.freshRead}`);
      for (const r of rows) out.set(String(r.vehicle_id), String(r.content_hash));
      return out;
    },

    async put(storeKey, dealershipId, entries, now) {
      if (entries.length === 0) return;
      const at = normaliseIso(now);
      const rows = entries.map((e) => [storeKey, dealershipId, e.vehicleId, e.contentHash, at]);
      await exec.atomic(insertRows(dialect, "vector_documents", COLUMNS, rows, UPSERT));
    },

    async remove(storeKey, dealershipId, vehicleIds) {
      if (vehicleIds.length === 0) return;
      await exec.query(sql`DELETE FROM vector_documents
        WHERE store_key = ${storeKey} AND dealership_id = ${dealershipId}
          AND ${dialect.inList(sql.raw("vehicle_id"), vehicleIds)}`);
    },

    async listIds(storeKey, dealershipId, { after, limit }) {
      const size = Math.min(1000, Math.max(1, Math.floor(limit) || 1));
      const from = after ? sql` AND vehicle_id > ${after}` : sql``;
      const rows = await exec.query(sql`SELECT vehicle_id FROM vector_documents
        WHERE store_key = ${storeKey} AND dealership_id = ${dealershipId}${from}
        ORDER BY vehicle_id LIMIT ${size}`);
      return rows.map((r) => String(r.vehicle_id));
    },

    async clear(storeKey, dealershipId) {
      const rows = await exec.query(sql`DELETE FROM vector_documents
        WHERE store_key = ${storeKey} AND dealership_id = ${dealershipId} RETURNING vehicle_id`);
      return rows.length;
    },
  };
}
