/**
 * `npm run extract -- <file-or-URL>...`: what Forecourt makes of a page, with the same extraction pipeline
 * as the scraper. Prints one JSON object per input, one per line:
 *   {"input", "pageUrl", "pageKind", "vehicles": [{vin, year, make, model, trim, price: {amount, currency},
 *    mileage, ..., sources: {...}, warnings: [...]}], "links": {vdp, srp, next}, "warnings": [...]}
 * Amounts are integer minor units (cents). URLs are fetched through the crawler's SSRF guard and robots.txt
 * rules in production mode (public internet only, DNS answers checked over DNS-over-HTTPS); a refused URL
 * prints {"input", "error"} and the command exits with status 2 without fetching it.
 *
 * Options: --url <page-url>   the address a saved file came from (to resolve its links; default: its
 *                             canonical link or og:url)
 *          --currency <ISO>   currency for prices written without one
 *          --unit mi|km       unit for odometer readings written without one
 *          --pretty           indent the JSON
 * Exit status: 0 all inputs read; 1 a file could not be read or a fetch failed; 2 a URL was refused.
 */
import { readFileSync, statSync } from "node:fs";
import { decodeBody, type ExtractOptions, extractPage } from "../packages/extract/src/index";

const MAX_FILE_BYTES = 32 * 1024 * 1024;

interface Args {
  inputs: string[];
  url?: string;
  options: ExtractOptions;
  pretty: boolean;
}

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error(
    "usage: npm run extract -- [--url <page-url>] [--currency USD] [--unit mi|km] [--pretty] <file-or-URL>...",
  );
  process.exit(64);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { inputs: [], options: {}, pretty: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === "--url") args.url = value();
    else if (a === "--currency") args.options.currency = value();
    else if (a === "--unit") {
      const u = value();
      if (u !== "mi" && u !== "km") usage("--unit is mi or km");
      args.options.mileageUnit = u;
    } else if (a === "--pretty") args.pretty = true;
    else if (a === "--help" || a === "-h") usage();
    else if (a === "--") continue;
    else args.inputs.push(a);
  }
  if (args.inputs.length === 0) usage("no input given");
  return args;
}

/** The address a saved page came from: its canonical link or og:url. */
function savedFrom(html: string): string | null {
  const head = html.length > 4_000_000 ? html.slice(0, 4_000_000) : html;
  const link = /<link\b[^>]{0,300}\brel=["']?canonical\b[^>]{0,300}>/i.exec(head)?.[0];
  const og = /<meta\b[^>]{0,300}\bproperty=["']og:url["'][^>]{0,300}>/i.exec(head)?.[0];
  for (const tag of [link, og]) {
    const v = tag ? (/\b(?:href|content)=["']([^"']+)["']/i.exec(tag)?.[1] ?? null) : null;
    if (v && /^https?:\/\//i.test(v)) return v.replace(/&amp;/g, "&");
  }
  return null;
}

type Output = Record<string, unknown>;

function resultFor(
  input: string,
  html: string,
  pageUrl: string,
  options: ExtractOptions,
  extraWarnings: string[] = [],
): Output {
  const r = extractPage(html, pageUrl, options);
  return {
    input,
    pageUrl,
    pageKind: r.pageKind,
    vehicles: r.vehicles,
    links: r.links,
    warnings: [...extraWarnings, ...r.warnings],
  };
}

function fromFile(input: string, args: Args): { out: Output; status: number } {
  let bytes: Buffer;
  try {
    const st = statSync(input);
    if (!st.isFile()) return { out: { input, error: "not a regular file" }, status: 1 };
    if (st.size > MAX_FILE_BYTES)
      return { out: { input, error: `file is larger than ${MAX_FILE_BYTES} bytes` }, status: 1 };
    bytes = readFileSync(input);
  } catch (e) {
    return {
      out: { input, error: `cannot read the file: ${e instanceof Error ? e.message : String(e)}` },
      status: 1,
    };
  }
  const decoded = decodeBody(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (decoded.binary)
    return {
      out: {
        input,
        pageUrl: null,
        pageKind: "other",
        vehicles: [],
        links: { vdp: [], srp: [], next: null },
        warnings: [decoded.binary],
      },
      status: 0,
    };
  const found = args.url ?? savedFrom(decoded.text);
  const warnings = [...decoded.warnings];
  let pageUrl = found;
  if (!pageUrl) {
    pageUrl = "https://page.invalid/";
    warnings.push("the file names no canonical URL: pass --url <page-url> to resolve its links");
  }
  return { out: resultFor(input, decoded.text, pageUrl, args.options, warnings), status: 0 };
}

async function fromUrl(input: string, args: Args): Promise<{ out: Output; status: number }> {
  // The crawler's network layer (SSRF guard, robots.txt, budgets). Loaded lazily so that reading files
  // never depends on it.
  let crawl: typeof import("../packages/crawl/src/index") | null = null;
  try {
    crawl = await import("../packages/crawl/src/index");
  } catch {
    crawl = null;
  }
  if (!crawl || typeof crawl.guardedFetch !== "function" || typeof crawl.checkUrl !== "function") {
    return {
      out: {
        input,
        error:
          "fetching URLs needs the crawler's guarded fetch (packages/crawl), which is not available: save the page and pass the file",
      },
      status: 2,
    };
  }
  const policy = crawl.DEFAULT_POLICY;
  // Refuse what the URL alone rules out before any network traffic (not even DNS).
  const pre = crawl.checkUrl(input, policy);
  if (!pre.ok) return { out: { input, error: `refused (${pre.code}): ${pre.reason}` }, status: 2 };
  const resolver = new crawl.DohResolver();
  const robots = new crawl.RobotsCache({ policy, resolver });
  const res = await crawl.guardedFetch(input, {
    policy,
    resolver,
    robots: robots.gate(),
    onTooLarge: "truncate",
  });
  if (!res.ok) {
    const refused = res.code === "ssrf_refused" || res.code === "robots_disallowed";
    return {
      out: { input, error: `${refused ? "refused" : "fetch failed"} (${res.code}): ${res.message}` },
      status: refused ? 2 : 1,
    };
  }
  const warnings = res.truncated ? [`the page was cut at ${res.bytes} bytes`] : [];
  return { out: resultFor(input, res.body, res.url, args.options, warnings), status: 0 };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let status = 0;
  for (const input of args.inputs) {
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(input);
    const { out, status: s } = isUrl ? await fromUrl(input, args) : fromFile(input, args);
    process.stdout.write(`${JSON.stringify(out, null, args.pretty ? 2 : undefined)}\n`);
    status = Math.max(status, s);
  }
  process.exitCode = status;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
