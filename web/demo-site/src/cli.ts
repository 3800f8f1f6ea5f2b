// tsx web/demo-site/src/cli.ts --port 8790 --count 300 --style mixed
import { parseArgs } from "node:util";
import { DEFAULT_PORT, startDemoSite } from "./server";
import { DEFAULT_SETTINGS } from "./site";
import { isSiteStyle, SITE_STYLES } from "./types";

const USAGE = `Usage: tsx web/demo-site/src/cli.ts [options]
  --port N             port (default ${DEFAULT_PORT}; 0 = any free port)
  --host H             interface (default 127.0.0.1)
  --seed N             inventory seed (default ${DEFAULT_SETTINGS.seed})
  --count N            vehicles at generation 0 (default ${DEFAULT_SETTINGS.count}, up to 10000)
  --style S            ${SITE_STYLES.join(" | ")} (default ${DEFAULT_SETTINGS.style})
  --page-size N        vehicles per listing page (default ${DEFAULT_SETTINGS.pageSize})
  --generation N       start at generation N (default 0)
  --fail-every N       every Nth request answers 500
  --slow-ms N          delay every response by N ms
  --broken-listing     listing and sitemap show only a handful of vehicles
  --site-url URL       public base URL used in links (default: the listening address)
  --widget-script-url URL, --widget-api-key KEY   embed the Forecourt widget
  --quiet              no request log`;

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      seed: { type: "string" },
      count: { type: "string" },
      style: { type: "string" },
      "page-size": { type: "string" },
      generation: { type: "string" },
      "fail-every": { type: "string" },
      "slow-ms": { type: "string" },
      "broken-listing": { type: "boolean" },
      "site-url": { type: "string" },
      "widget-script-url": { type: "string" },
      "widget-api-key": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
}
try {
  args = parse();
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const v = args.values;
if (v.help) {
  console.log(USAGE);
  process.exit(0);
}
const num = (name: string, raw: string | undefined) => {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) {
    console.error(`--${name} must be a non-negative integer (got "${raw}")`);
    process.exit(2);
  }
  return Number(raw);
};
if (v.style !== undefined && !isSiteStyle(v.style)) {
  console.error(`--style must be one of ${SITE_STYLES.join(", ")} (got "${v.style}")`);
  process.exit(2);
}

try {
  const started = performance.now();
  const site = await startDemoSite({
    port: num("port", v.port) ?? DEFAULT_PORT,
    host: v.host,
    seed: num("seed", v.seed),
    count: num("count", v.count),
    style: v.style as never,
    pageSize: num("page-size", v["page-size"]),
    generation: num("generation", v.generation),
    failEvery: num("fail-every", v["fail-every"]),
    slowMs: num("slow-ms", v["slow-ms"]),
    brokenListing: v["broken-listing"],
    siteUrl: v["site-url"],
    widgetScriptUrl: v["widget-script-url"],
    widgetApiKey: v["widget-api-key"],
    log: !v.quiet,
  });
  const s = site.state.snapshot();
  console.log(
    `Demo dealership on ${site.url}  (${s.count} vehicles, style ${s.style}, seed ${s.seed}, generation ${s.generation}; ready in ${(performance.now() - started).toFixed(0)} ms)
  listing   ${site.url}/inventory
  sitemap   ${site.url}/sitemap.xml
  state     curl ${site.url}/__admin/state
  advance   curl -X POST ${site.url}/__admin/advance
  set       curl -X POST '${site.url}/__admin/set?style=jsonld&failEvery=0'`,
  );
  const stop = () => {
    site.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
