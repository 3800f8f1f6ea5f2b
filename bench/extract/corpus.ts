// Pages for the extraction benchmarks: the real saved pages (../shared/data/pages, with MANIFEST.tsv truth)
// and demo-site pages of each markup style (detail pages and listing pages), rendered by the real demo site
// over loopback once, then kept in memory.
import type { VehicleFields } from "@forecourt/domain";
import { loadRealPages, type RealPage } from "../../test/support/real-pages";
import { startDemoSite } from "../../web/demo-site/src/index";

export interface CorpusPage {
  file: string;
  url: string;
  html: string;
  bytes: number;
}

export interface DemoStylePages {
  style: "jsonld" | "microdata" | "opengraph" | "plain";
  pages: CorpusPage[];
  /** Truth for each detail page, by URL. */
  truth: Map<string, VehicleFields>;
}

export const DEMO_STYLES = ["jsonld", "microdata", "opengraph", "plain"] as const;

export function realCorpus(): { pages: (CorpusPage & { real: RealPage })[]; skipReason: string | null } {
  const { pages, skipReason } = loadRealPages();
  return {
    skipReason,
    pages: pages.map((p) => ({
      file: p.file,
      url: p.pageUrl,
      html: p.html,
      bytes: Buffer.byteLength(p.html),
      real: p,
    })),
  };
}

/** `detail` detail pages and `listing` listing pages per style, from one seeded demo site. */
export async function demoCorpus(detail = 40, listing = 4): Promise<DemoStylePages[]> {
  const site = await startDemoSite({ port: 0, seed: 11, count: Math.max(200, detail), style: "jsonld" });
  try {
    const out: DemoStylePages[] = [];
    for (const style of DEMO_STYLES) {
      site.state.set({ style });
      const pages: CorpusPage[] = [];
      const truth = new Map<string, VehicleFields>();
      const get = async (url: string, file: string) => {
        const html = await (await fetch(url)).text();
        pages.push({ file, url, html, bytes: Buffer.byteLength(html) });
      };
      for (const v of site.state.vehicles().slice(0, detail)) {
        await get(v.sourceUrl!, `${style}:vdp:${v.vin}`);
        truth.set(v.sourceUrl!, v);
      }
      for (let p = 1; p <= listing; p++) await get(`${site.url}/inventory?page=${p}`, `${style}:srp:${p}`);
      out.push({ style, pages, truth });
    }
    return out;
  } finally {
    await site.close();
  }
}
