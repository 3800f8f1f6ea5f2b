import type { Dealership, Page } from "@forecourt/domain";
import { type SQL, sql } from "drizzle-orm";
import { decodeCursor, encodeCursor } from "../cursor";
import {
  type DealershipPatch,
  type DealershipRepository,
  InvalidCursorError,
  type NewDealership,
} from "../repositories";
import {
  DEALERSHIP_PATCH_COLUMNS,
  DEALERSHIP_SELECT,
  dealershipColumnValue,
  rowToDealership,
} from "../rows/dealership-row";
import type { SqlExecutor } from "../sql/executor";
import { normaliseIso } from "../time";

const CURSOR_KIND = "dealerships";
const MAX_PAGE_SIZE = 500;

export function dealershipRepository(exec: SqlExecutor): DealershipRepository {
  const get = async (id: string): Promise<Dealership | null> => {
    const [row] = await exec.query(sql`SELECT ${DEALERSHIP_SELECT} FROM dealerships WHERE id = ${id}`);
    return row ? rowToDealership(row) : null;
  };
  return {
    get,

    async create(input: NewDealership): Promise<Dealership> {
      const now = normaliseIso(input.now);
      const [row] = await exec.query(sql`
        INSERT INTO dealerships (id, name, website_url, timezone, scrape_schedule, rate_limits, status, created_at, updated_at)
        VALUES (${input.id}, ${input.name}, ${input.websiteUrl}, ${input.timezone}, ${JSON.stringify(input.scrapeSchedule)},
                ${JSON.stringify(input.rateLimits)}, ${input.status}, ${now}, ${now})
        RETURNING ${DEALERSHIP_SELECT}`);
      return rowToDealership(row as NonNullable<typeof row>);
    },

    async list({ ids, limit, cursor }): Promise<Page<Dealership>> {
      if (ids && ids.length === 0) return { items: [], nextCursor: null };
      const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit) || 1));
      const conditions: SQL[] = [];
      if (ids) conditions.push(exec.dialect.inList(sql.raw("id"), ids));
      if (cursor !== undefined && cursor !== null) conditions.push(sql`id > ${readCursor(cursor)}`);
      const where = conditions.length ? sql` WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
      const rows = await exec.query(
        sql`SELECT ${DEALERSHIP_SELECT} FROM dealerships${where} ORDER BY id LIMIT ${pageSize + 1}`,
      );
      const items = rows.slice(0, pageSize).map(rowToDealership);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > pageSize && last ? encodeCursor([CURSOR_KIND, last.id]) : null,
      };
    },

    async update(id: string, patch: DealershipPatch, now: string): Promise<Dealership | null> {
      const sets: SQL[] = [];
      for (const key of Object.keys(DEALERSHIP_PATCH_COLUMNS) as (keyof typeof DEALERSHIP_PATCH_COLUMNS)[]) {
        if (!Object.hasOwn(patch, key) || patch[key] === undefined) continue;
        sets.push(sql`${sql.raw(DEALERSHIP_PATCH_COLUMNS[key])} = ${dealershipColumnValue(key, patch[key])}`);
      }
      if (sets.length === 0) return get(id);
      sets.push(sql`updated_at = ${normaliseIso(now)}`);
      // RETURNING: the caller gets the row as written, never a (possibly cached) re-read.
      const [row] = await exec.query(
        sql`UPDATE dealerships SET ${sql.join(sets, sql`, `)} WHERE id = ${id} RETURNING ${DEALERSHIP_SELECT}`,
      );
      return row ? rowToDealership(row) : null;
    },
  };
}

function readCursor(token: string): string {
  const payload = decodeCursor(token);
  const [kind, lastId] = payload;
  if (payload.length !== 2 || kind !== CURSOR_KIND || typeof lastId !== "string")
    throw new InvalidCursorError();
  return lastId;
}
