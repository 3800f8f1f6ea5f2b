#!/usr/bin/env node
// Applies migrations/pg/*.sql to a Postgres database.
//   node packages/db/bin/migrate-pg.mjs [connection-string]   (default: $DATABASE_URL)
//   --dir <path>   migrations folder (default: <repo>/migrations/pg)
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migratePostgres } from "../src/pg/migrate.mjs";

const args = process.argv.slice(2);
const dirFlag = args.indexOf("--dir");
const dir =
  dirFlag >= 0
    ? path.resolve(args.splice(dirFlag, 2)[1] ?? "")
    : fileURLToPath(new URL("../../../migrations/pg", import.meta.url));
const connectionString = args[0] ?? process.env.DATABASE_URL;
if (!connectionString) {
  console.error("usage: migrate-pg.mjs <postgres-connection-string>   (or set DATABASE_URL)");
  process.exit(2);
}
try {
  const applied = await migratePostgres(connectionString, { dir, log: (line) => console.log(line) });
  console.log(applied.length ? `${applied.length} migration(s) applied` : "database is up to date");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
