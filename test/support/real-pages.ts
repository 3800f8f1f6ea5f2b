import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { AccuracyPage, DetailTruth, PageKind } from "../../packages/extract/src/index";
import { listingTruthVins } from "../../packages/extract/src/index";

/**
 * The real saved pages in ../shared/data/pages (beside the repository): MANIFEST.tsv rows with the
 * hand-read truth, the HTML, and the URL each page was saved from. Node-only (reads files); the tests and
 * the benchmarks share it. When the folder is absent, `loadRealPages` says why and returns no pages.
 */

export const REAL_PAGES_DIR = path.resolve(import.meta.dirname, "../../../shared/data/pages");

export interface ManifestRow {
  file: string;
  kind: PageKind;
  platform: string;
  notes: string;
  bytes: number;
  truth: DetailTruth | null;
}

export interface RealPage extends AccuracyPage {
  row: ManifestRow;
}

function num(s: string | undefined): number | null {
  if (!s?.trim()) return null;
  const n = Number(s.replace(/[, ]/g, ""));
  return Number.isFinite(n) ? n : null;
}
function str(s: string | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

export function readManifest(dir = REAL_PAGES_DIR): ManifestRow[] {
  const text = readFileSync(path.join(dir, "MANIFEST.tsv"), "utf8");
  const [head, ...lines] = text.split(/\r?\n/).filter((l) => l.trim());
  const cols = head!.split("\t");
  const idx = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const c = line.split("\t");
    const get = (name: string) => c[idx(name)];
    const kind = (get("kind") ?? "other").trim() as PageKind;
    const truth: DetailTruth | null =
      kind === "vdp"
        ? {
            vin: str(get("vin")),
            year: num(get("year")),
            make: str(get("make")),
            model: str(get("model")),
            trim: str(get("trim")),
            price: num(get("price")),
            mileage: num(get("mileage")),
            currency: str(get("currency")),
          }
        : null;
    return {
      file: get("file")!.trim(),
      kind,
      platform: get("platform_site") ?? "",
      notes: get("notes") ?? "",
      bytes: num(get("bytes")) ?? 0,
      truth,
    };
  });
}

/** Where the page was saved from: its canonical link, og:url, or a "URL:" comment; else a placeholder. */
export function savedFromUrl(html: string, file: string): string {
  const canonical = /<link[^>]{0,200}rel=["']?canonical["']?[^>]{0,200}>/i.exec(html)?.[0];
  const href = canonical ? /href=["']([^"']+)["']/i.exec(canonical)?.[1] : undefined;
  if (href && /^https?:\/\//.test(href)) return href;
  const og =
    /<meta[^>]{0,100}(?:property|name)=["']og:url["'][^>]{0,300}>/i.exec(html)?.[0] ??
    /<meta[^>]{0,300}content=["'][^"']+["'][^>]{0,100}property=["']og:url["'][^>]*>/i.exec(html)?.[0];
  const ogUrl = og ? /content=["']([^"']+)["']/i.exec(og)?.[1] : undefined;
  if (ogUrl && /^https?:\/\//.test(ogUrl)) return ogUrl.replace(/&amp;/g, "&");
  const comment = /<!--\s*URL:\s*(https?:\/\/[^\s>]+)\s*-->/i.exec(html.slice(0, 5000))?.[1];
  if (comment) return comment;
  return `https://saved-page.invalid/${encodeURIComponent(file)}`;
}

export interface RealPagesLoad {
  pages: RealPage[];
  /** Why there are no pages (the folder or its manifest is missing). */
  skipReason: string | null;
  dir: string;
}

export function loadRealPages(dir = REAL_PAGES_DIR): RealPagesLoad {
  if (!existsSync(dir)) return { pages: [], skipReason: `real pages folder not found at ${dir}`, dir };
  if (!existsSync(path.join(dir, "MANIFEST.tsv")))
    return { pages: [], skipReason: `no MANIFEST.tsv in ${dir}`, dir };
  const pages: RealPage[] = [];
  for (const row of readManifest(dir)) {
    const file = path.join(dir, row.file);
    if (!existsSync(file)) continue;
    const html = readFileSync(file, "utf8");
    const page: RealPage = {
      file: row.file,
      kind: row.kind,
      html,
      pageUrl: savedFromUrl(html, row.file),
      row,
    };
    if (row.truth) page.truth = row.truth;
    if (row.kind === "srp") page.truthVins = listingTruthVins(html);
    pages.push(page);
  }
  return {
    pages,
    skipReason: pages.length === 0 ? `no pages listed in ${dir}/MANIFEST.tsv were found` : null,
    dir,
  };
}
