import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The API Worker's local vars from wrangler.toml (one source of truth for the dev secret, issuer, audience).
 * Parsed with smol-toml rather than wrangler's own reader: importing wrangler installs a SIGINT handler that
 * exits the process, which would stop `npm start` from shutting its children down cleanly.
 */
export function devVars(): Record<string, string> {
  const config = parse(readFileSync(path.join(ROOT, "wrangler.toml"), "utf8")) as {
    vars?: Record<string, unknown>;
  };
  return Object.fromEntries(Object.entries(config.vars ?? {}).map(([k, v]) => [k, String(v)]));
}
