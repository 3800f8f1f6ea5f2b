// Listing pages that label a VIN on every card ("VIN: …") are listings, not the detail page of one of the
// cards: no page-level value (labels, gallery, description) may leak onto their first vehicle.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractPage } from "../../packages/extract/src/index";
import { startDemoSite } from "../../web/demo-site/src/index";

describe("demo listing pages of every markup style", () => {
  let site: Awaited<ReturnType<typeof startDemoSite>>;
  beforeAll(async () => {
    site = await startDemoSite({ port: 0, seed: 5, count: 80, style: "jsonld", pageSize: 24 });
  });
  afterAll(async () => {
    await site?.close();
  });
  for (const style of ["jsonld", "microdata", "opengraph", "plain"] as const) {
    it(`${style}: every page is a listing; structured vehicles carry only their own card's values`, async () => {
      site.state.set({ style });
      const truth = new Map(site.state.vehicles().map((v) => [v.vin, v]));
      for (const page of [1, 2, 3]) {
        const url = `${site.url}/inventory?page=${page}`;
        const r = extractPage(await (await fetch(url)).text(), url);
        expect(r.pageKind, `${style} page ${page}`).toBe("srp");
        expect(r.links.vdp.length).toBeGreaterThanOrEqual(8);
        for (const v of r.vehicles) {
          const t = v.vin ? truth.get(v.vin) : undefined;
          if (!t) continue;
          // nothing read from the page as a whole (labels of other cards, gallery, description sections)
          if (style === "jsonld" || style === "microdata") {
            for (const [field, source] of Object.entries(v.sources))
              expect(source, `${style} ${v.vin} ${field}`).not.toMatch(/^heuristic:(label|gallery|section)$/);
            expect(
              v.warnings.filter((w) => w.startsWith("vin:")),
              v.vin,
            ).toEqual([]);
          }
          if (v.stockNumber !== undefined) expect(v.stockNumber, v.vin).toBe(t.stockNumber);
          if (v.price) expect(v.price.amount, v.vin).toBe(t.price?.amount);
        }
      }
    });
  }
});
