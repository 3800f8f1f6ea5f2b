import { defineConfig } from "drizzle-kit";

/** Postgres migrations. Regenerate: `npx drizzle-kit generate --config drizzle.pg.config.ts`. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/db/src/schema/pg.ts",
  out: "./migrations/pg",
  migrations: { prefix: "index" },
  strict: true,
  verbose: true,
});
