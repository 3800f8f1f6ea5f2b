import { createRequire } from "node:module";
import path from "node:path";

/**
 * `pg`'s CommonJS files require "pg-protocol" and "pg-cloudflare"; inside the Workers Vitest pool
 * those bare names resolve to their ESM/"default" entries and break (brianc/node-postgres#3700,
 * cloudflare/workers-sdk#12984). Point them at the CommonJS builds, as wrangler's bundler does.
 */
export function pgAliases() {
  const require = createRequire(import.meta.url);
  const fromPg = createRequire(require.resolve("pg/package.json"));
  return [
    { find: /^pg-protocol$/, replacement: fromPg.resolve("pg-protocol/dist/index.js") },
    {
      find: /^pg-cloudflare$/,
      replacement: path.join(path.dirname(fromPg.resolve("pg-cloudflare/package.json")), "dist/index.js"),
    },
  ];
}
