import { sql } from "drizzle-orm";
import type { ConversationRepository, StoredConversation } from "../repositories";
import { fromJson, toNumber } from "../sql/decode";
import type { Row, SqlExecutor } from "../sql/executor";
import { normaliseIso, toIso } from "../time";

const SELECT = sql.raw("id, dealership_id, channel, messages, turns, version, created_at, updated_at");

function rowToConversation(r: Row): StoredConversation {
  return {
    id: String(r.id),
    dealershipId: String(r.dealership_id),
    channel: r.channel === "staff" ? "staff" : "public",
    messages: fromJson<unknown[]>(r.messages),
    turns: toNumber(r.turns),
    version: toNumber(r.version),
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

/** Chat conversations, every read and write scoped by dealership. */
export function conversationRepository(exec: SqlExecutor): ConversationRepository {
  return {
    async create({ id, dealershipId, channel, now }) {
      const at = normaliseIso(now);
      const [row] = await exec.query(sql`
        INSERT INTO ai_conversations (id, dealership_id, channel, messages, turns, version, created_at, updated_at)
        VALUES (${id}, ${dealershipId}, ${channel}, ${"[]"}, 0, 0, ${at}, ${at})
        RETURNING ${SELECT}`);
      return rowToConversation(row as Row);
    },

    async get(dealershipId, id) {
      const [row] = await exec.query(
        sql`SELECT ${SELECT} FROM ai_conversations WHERE dealership_id = ${dealershipId} AND id = ${id} AND ${exec.dialect.freshRead}`,
      );
      return row ? rowToConversation(row) : null;
    },

    async save(dealershipId, id, expectedVersion, { messages, turns, now }) {
      const [row] = await exec.query(sql`
        UPDATE ai_conversations
        SET messages = ${JSON.stringify(messages)}, turns = ${turns}, version = version + 1,
            updated_at = ${normaliseIso(now)}
        WHERE dealership_id = ${dealershipId} AND id = ${id} AND version = ${expectedVersion}
        RETURNING ${SELECT}`);
      return row ? rowToConversation(row) : null;
    },
  };
}
