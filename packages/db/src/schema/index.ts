/** Both dialects' schemas, with drizzle's table introspection (used by the schema-parity test and tooling). */
export { getTableConfig as getPgTableConfig } from "drizzle-orm/pg-core";
export { getTableConfig as getSqliteTableConfig } from "drizzle-orm/sqlite-core";
export * as pgSchema from "./pg";
export * as sqliteSchema from "./sqlite";
