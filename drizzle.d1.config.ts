import { defineConfig } from "drizzle-kit";

/** D1 (SQLite) migrations. Regenerate: `npx drizzle-kit generate --config drizzle.d1.config.ts`. */
export default defineConfig({
  dialect: "sqlite",
  schema: "./packages/db/src/schema/sqlite.ts",
  out: "./migrations/d1",
  // `0000_name.sql`: the numbered form both `wrangler d1 migrations apply` and `readD1Migrations` expect.
  migrations: { prefix: "index" },
  strict: true,
  verbose: true,
});
