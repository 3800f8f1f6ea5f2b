import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateInventory } from "@forecourt/demo-inventory";
import type { VehicleFields } from "@forecourt/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BROKEN_LISTING_SIZE,
  DemoSite,
  type DemoSiteHandle,
  type DemoSiteSnapshot,
  startDemoSite,
  type VehicleStyle,
} from "../../web/demo-site/src/index.ts";

/**
 * The demo dealership website (web/demo-site) over real sockets on ephemeral ports: pagination, sitemap,
 * each markup style, determinism, evolution between scrapes, robots, fault modes, speed at 5,000 vehicles,
 * and (when packages/extract is there) what the extractor makes of every style.
 */

const PAGE_SIZE = 24;
let site: DemoSiteHandle;

async function get(url: string, init?: RequestInit) {
  const res = await fetch(url, { redirect: "manual", ...init });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

async function state(s: DemoSiteHandle): Promise<DemoSiteSnapshot> {
  return JSON.parse((await get(`${s.url}/__admin/state`)).body);
}

async function post(s: DemoSiteHandle, pathAndQuery: string) {
  const r = await get(`${s.url}${pathAndQuery}`, { method: "POST" });
  expect(r.status, r.body).toBe(200);
  return JSON.parse(r.body);
}

async function truth(s: DemoSiteHandle): Promise<VehicleFields[]> {
  return JSON.parse((await get(`${s.url}/__admin/vehicles`)).body).vehicles;
}

/** The ld+json blocks of a page, parsed. */
function jsonLd(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) =>
    JSON.parse(m[1]!),
  );
}

/** Every object nested anywhere in a JSON value. */
function objects(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const v of value) objects(v, out);
  else if (value && typeof value === "object") {
    out.push(value as Record<string, unknown>);
    for (const v of Object.values(value)) objects(v, out);
  }
  return out;
}

/** VINs of the vehicle cards on a listing page, in order (each card once). */
function cardVins(html: string): string[] {
  return [
    ...html.matchAll(/<li class="vehicle-card"[^>]*>\s*<a href="\/inventory\/[a-z0-9-]+-([a-z0-9]{17})"/g),
  ].map((m) => m[1]!.toUpperCase());
}

function nextHref(html: string): string | null {
  return /<a class="next" rel="next" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

beforeAll(async () => {
  site = await startDemoSite({ port: 0, seed: 7, count: 130, style: "mixed", pageSize: PAGE_SIZE });
});
afterAll(async () => {
  await site?.close();
});

describe("demo site: listing pages", () => {
  it("pagination reaches every vehicle exactly once, with rel=next/prev and visible Next/Previous", async () => {
    const snap = await state(site);
    expect(snap.count).toBe(130);
    const seen: string[] = [];
    let url: string | null = "/inventory";
    let pages = 0;
    while (url) {
      const r = await get(`${site.url}${url}`);
      expect(r.status).toBe(200);
      pages++;
      seen.push(...cardVins(r.body));
      if (pages > 1) {
        expect(r.body).toMatch(/<link rel="prev" href="http:\/\/127\.0\.0\.1:\d+\/inventory/);
        expect(r.body).toContain("‹ Previous</a>");
      }
      url = nextHref(r.body);
      if (url) {
        expect(r.body).toContain("Next ›</a>");
        expect(r.body).toMatch(/<link rel="next" href="[^"]+page=\d+">/);
      } else expect(r.body).toContain('<span class="next disabled" aria-disabled="true">Next ›</span>');
      expect(pages).toBeLessThan(50);
    }
    expect(pages).toBe(Math.ceil(130 / PAGE_SIZE));
    expect(seen.length).toBe(130);
    expect(new Set(seen).size).toBe(130);
    expect(new Set(seen)).toEqual(new Set(snap.vins));
    // Past the last page: 404.
    expect((await get(`${site.url}/inventory?page=${pages + 1}`)).status).toBe(404);
  });

  it("filters are real links and filter correctly (make, bodyStyle, condition, maxPrice)", async () => {
    const vehicles = await truth(site);
    const first = await get(`${site.url}/inventory`);
    const makeLink = /<a href="(\/inventory\?make=[^"]+)">([^<]+)<\/a> <span class="count">\((\d+)\)/.exec(
      first.body,
    );
    expect(makeLink).not.toBeNull();
    const make = makeLink![2]!;
    const expected = vehicles.filter((v) => v.make === make);
    expect(Number(makeLink![3])).toBe(expected.length);
    const r = await get(`${site.url}${makeLink![1]!.replace(/&amp;/g, "&")}`);
    const vins = cardVins(r.body);
    expect(vins.length).toBe(Math.min(PAGE_SIZE, expected.length));
    for (const vin of vins) expect(expected.map((v) => v.vin)).toContain(vin);

    const cheap = await get(`${site.url}/inventory?maxPrice=20000&condition=used&bodyStyle=suv&page=1`);
    const want = vehicles.filter(
      (v) => v.price && v.price.amount <= 2_000_000 && v.condition === "used" && v.bodyStyle === "suv",
    );
    expect(cardVins(cheap.body).sort()).toEqual(
      want
        .map((v) => v.vin)
        .slice(0, PAGE_SIZE)
        .sort(),
    );
    expect(cheap.body).toContain(`of ${want.length} vehicles`);
    // An impossible filter is an empty page (200), not an error.
    const none = await get(`${site.url}/inventory?make=Yugo`);
    expect(none.status).toBe(200);
    expect(none.body).toContain("No vehicles match");
  });

  it("looks like a dealer site: nav, footer, promo banner, financing form, monthly payments, call for price", async () => {
    await post(site, "/__admin/set?style=plain");
    try {
      const home = await get(`${site.url}/`);
      expect(home.status).toBe(200);
      expect(home.body).toContain('<nav class="main-nav" aria-label="Main">');
      expect(home.body).toContain('<aside class="promo"');
      expect(home.body).toContain('<footer class="site-footer">');
      expect(home.body).toContain('<html lang="en">');
      const vehicles = await truth(site);
      const noPrice = vehicles.find((v) => v.price === null);
      const priced = vehicles.find((v) => v.price !== null && v.condition !== "new")!;
      const vdp = await get(priced.sourceUrl!);
      expect(vdp.body).toContain("Apply for financing");
      expect(vdp.body).toMatch(/Est\. <strong>\$\d{1,3}(,\d{3})?\/mo<\/strong>/);
      if (noPrice) expect((await get(noPrice.sourceUrl!)).body).toContain("Call for price");
      // Some cards abbreviate mileage ("23.9k mi").
      const pages = await Promise.all([1, 2, 3, 4, 5, 6].map((p) => get(`${site.url}/inventory?page=${p}`)));
      expect(pages.some((p) => /\d+(\.\d)?k mi</.test(p.body))).toBe(true);
    } finally {
      await post(site, "/__admin/set?style=mixed");
    }
  });
});

describe("demo site: sitemap, robots, 404", () => {
  it("every VDP in the sitemap answers 200 and contains its VIN", async () => {
    const snap = await state(site);
    const xml = (await get(`${site.url}/sitemap.xml`)).body;
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(locs).toContain(`${site.url}/inventory`);
    const vdps = locs.filter((l) => /\/inventory\/.+-[a-z0-9]{17}$/.test(l));
    expect(vdps.length).toBe(snap.count);
    const results = await Promise.all(vdps.map((u) => get(u)));
    results.forEach((r, i) => {
      expect(r.status, vdps[i]).toBe(200);
      const vin = vdps[i]!.slice(-17).toUpperCase();
      expect(r.body).toContain(vin);
    });
  });

  it("robots.txt allows /inventory, disallows /__admin, /admin and /cart, and lists the sitemap", async () => {
    const r = await get(`${site.url}/robots.txt`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/plain/);
    const star = r.body.split(/\n\s*\n/).find((g) => /^User-agent: \*$/m.test(g))!;
    expect(star).toMatch(/^Allow: \/inventory$/m);
    expect(star).toMatch(/^Disallow: \/__admin$/m);
    expect(star).toMatch(/^Disallow: \/admin$/m);
    expect(star).toMatch(/^Disallow: \/cart$/m);
    expect(r.body).toContain(`Sitemap: ${site.url}/sitemap.xml`);
  });

  it("answers 404 for unknown paths, unknown VINs and malformed detail URLs; redirects a wrong slug", async () => {
    for (const p of [
      "/nope",
      "/inventory/2020-ford-f-150-1ftaaaaaaaaaaaaaa",
      "/inventory/abc",
      "/photos/XXX/1.svg",
    ]) {
      const r = await get(`${site.url}${p}`);
      expect(r.status, p).toBe(404);
    }
    const page404 = await get(`${site.url}/no-such-page`);
    expect(page404.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page404.body).toContain("can't find that page");
    const vin = (await state(site)).vins[0]!;
    const wrong = await get(`${site.url}/inventory/wrong-slug-${vin.toLowerCase()}`);
    expect(wrong.status).toBe(301);
    expect(wrong.headers.get("location")).toMatch(new RegExp(`^/inventory/.+-${vin.toLowerCase()}$`));
  });

  it("admin endpoints answer only to loopback", async () => {
    const res = await site.state.handle({
      method: "GET",
      url: "/__admin/state",
      remoteAddress: "203.0.113.9",
    });
    expect(res.status).toBe(404);
    const ok = await site.state.handle({
      method: "GET",
      url: "/__admin/state",
      remoteAddress: "::ffff:127.0.0.1",
    });
    expect(ok.status).toBe(200);
    const bad = await get(`${site.url}/__admin/set?style=fancy`, { method: "POST" });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).message).toMatch(/style must be one of/);
  });

  it("serves SVG photos showing make, model and photo number", async () => {
    const v = (await truth(site)).find((x) => x.photos.length >= 2)!;
    const r = await get(v.photos[1]!);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("image/svg+xml");
    expect(r.body).toContain(`${v.year} ${v.make} ${v.model}`);
    expect(r.body).toContain(`Photo 2 of ${v.photos.length}`);
    expect((await get(v.photos[1]!)).body).toBe(r.body);
    expect((await get(v.photos[0]!.replace(/\/1\.svg$/, `/${v.photos.length + 1}.svg`))).status).toBe(404);
  });
});

describe("demo site: markup styles", () => {
  let styleSite: DemoSiteHandle;
  let vehicles: VehicleFields[];
  beforeAll(async () => {
    styleSite = await startDemoSite({ port: 0, seed: 3, count: 60, style: "jsonld" });
    vehicles = await truth(styleSite);
  });
  afterAll(async () => {
    await styleSite?.close();
  });

  async function pagesIn(style: string) {
    await post(styleSite, `/__admin/set?style=${style}`);
    const priced = vehicles.find((v) => v.price !== null)!;
    const vdp = (await get(priced.sourceUrl!)).body;
    const srp1 = (await get(`${styleSite.url}/inventory`)).body;
    const srp2 = (await get(`${styleSite.url}/inventory?page=2`)).body;
    return { priced, vdp, srp1, srp2, all: vdp + srp1 + srp2 };
  }

  it("jsonld: schema.org Car/Vehicle with an Offer; @graph on odd listing pages, arrays on even ones", async () => {
    const { priced, vdp, srp1, srp2 } = await pagesIn("jsonld");
    const car = objects(jsonLd(vdp)).find((o) => o.vehicleIdentificationNumber === priced.vin)!;
    expect(car).toBeDefined();
    expect(JSON.stringify(car["@type"])).toMatch(/Car|Vehicle/);
    const offers = car.offers as { price: number | string; priceCurrency: string };
    expect(Number(offers.price) * 100).toBe(priced.price!.amount);
    expect(offers.priceCurrency).toBe("USD");
    expect((car.mileageFromOdometer as { value: number }).value).toBe(priced.mileage);
    expect(car.vehicleModelDate).toBe(String(priced.year));
    expect(vdp).not.toContain("itemprop=");
    const graph = jsonLd(srp1)[0] as { "@graph": unknown[] };
    expect(Array.isArray(graph["@graph"])).toBe(true);
    const onPage1 = objects(graph).filter((o) => typeof o.vehicleIdentificationNumber === "string");
    expect(onPage1.length).toBe(PAGE_SIZE);
    const arr = jsonLd(srp2)[0];
    expect(Array.isArray(arr)).toBe(true);
    expect((arr as unknown[]).length).toBe(cardVins(srp2).length);
    // A vehicle without a price has an Offer without a price.
    const noPrice = vehicles.find((v) => v.price === null);
    if (noPrice) {
      const ld = objects(jsonLd((await get(noPrice.sourceUrl!)).body)).find(
        (o) => o.vehicleIdentificationNumber === noPrice.vin,
      )!;
      expect((ld.offers as Record<string, unknown>).price).toBeUndefined();
    }
  });

  it("microdata: itemscope Car with itemprop=vehicleIdentificationNumber and an Offer price; no JSON-LD", async () => {
    const { priced, vdp, srp1, all } = await pagesIn("microdata");
    expect(vdp).toContain('itemscope itemtype="https://schema.org/Car"');
    expect(vdp).toContain(`<span itemprop="vehicleIdentificationNumber">${priced.vin}</span>`);
    expect(vdp).toContain(`<meta itemprop="price" content="${(priced.price!.amount / 100).toFixed(2)}">`);
    expect(srp1.match(/itemprop="vehicleIdentificationNumber"/g)?.length).toBe(PAGE_SIZE);
    expect(all).not.toContain("application/ld+json");
  });

  it("opengraph: og: and product: meta tags only, no JSON-LD, no microdata", async () => {
    const { priced, vdp, all } = await pagesIn("opengraph");
    expect(vdp).toContain('<meta property="og:type" content="product">');
    expect(vdp).toContain(
      `<meta property="product:price:amount" content="${(priced.price!.amount / 100).toFixed(2)}">`,
    );
    expect(vdp).toContain(`<meta property="og:url" content="${priced.sourceUrl}">`);
    expect(all).not.toContain("application/ld+json");
    expect(all).not.toContain("itemprop");
    expect(all).not.toContain("itemscope");
  });

  it("plain: no structured data at all, the facts only as visible text", async () => {
    const { priced, vdp, all } = await pagesIn("plain");
    expect(all).not.toContain("application/ld+json");
    expect(all).not.toContain("itemprop");
    expect(all).not.toContain("itemscope");
    expect(all).not.toMatch(/property="(og|product):/);
    const text = vdp.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain(priced.vin);
    expect(text).toMatch(new RegExp(`Price \\$${(priced.price!.amount / 100).toLocaleString("en-US")}`));
    expect(text).toMatch(new RegExp(`Mileage:? ${priced.mileage!.toLocaleString("en-US")} mi`));
    expect(text).toMatch(/VIN:? [A-HJ-NPR-Z0-9]{17}/);
  });

  it("mixed: vehicles spread over the four styles deterministically", async () => {
    await post(styleSite, "/__admin/set?style=mixed");
    const seen = new Map<VehicleStyle, number>();
    for (const v of vehicles.slice(0, 40)) {
      const html = (await get(v.sourceUrl!)).body;
      const style: VehicleStyle = html.includes("application/ld+json")
        ? "jsonld"
        : html.includes('itemprop="vehicleIdentificationNumber"')
          ? "microdata"
          : html.includes('property="og:type"')
            ? "opengraph"
            : "plain";
      seen.set(style, (seen.get(style) ?? 0) + 1);
      expect((await get(v.sourceUrl!)).body).toBe(html);
    }
    expect([...seen.keys()].sort()).toEqual(["jsonld", "microdata", "opengraph", "plain"]);
    // ?style= overrides the site's style for one request.
    const one = await get(`${vehicles[0]!.sourceUrl}?style=plain`);
    expect(one.body).not.toContain("itemprop");
    expect(one.body).not.toContain("ld+json");
  });

  it("embeds the dealer widget only when configured, in the marked slot", async () => {
    expect((await get(`${styleSite.url}/`)).body).toMatch(/<!-- forecourt-widget -->\n<\/body>/);
    const w = await startDemoSite({
      port: 0,
      count: 5,
      widgetScriptUrl: "http://127.0.0.1:8787/widget.js",
      widgetApiKey: "pk_demo_123",
    });
    try {
      expect((await get(`${w.url}/inventory`)).body).toContain(
        '<!-- forecourt-widget -->\n<script src="http://127.0.0.1:8787/widget.js" data-api-key="pk_demo_123" async></script>',
      );
    } finally {
      await w.close();
    }
  });
});

describe("demo site: determinism and change between scrapes", () => {
  it("the same seed gives identical HTML; another seed does not", async () => {
    const a = await startDemoSite({ port: 0, seed: 11, count: 80, style: "mixed" });
    const b = await startDemoSite({ port: 0, seed: 11, count: 80, style: "mixed" });
    const c = await startDemoSite({ port: 0, seed: 12, count: 80, style: "mixed" });
    try {
      const firstVdp = (await truth(a))[5]!.sourceUrl!.replace(a.url, "");
      for (const p of [
        "/",
        "/inventory",
        "/inventory?page=3",
        "/inventory?make=Toyota",
        firstVdp,
        "/sitemap.xml",
      ]) {
        const ha = (await get(`${a.url}${p}`)).body.replaceAll(a.url, "ORIGIN");
        const hb = (await get(`${b.url}${p}`)).body.replaceAll(b.url, "ORIGIN");
        expect(hb, p).toBe(ha);
      }
      expect((await state(c)).vins).not.toEqual((await state(a)).vins);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it("generation 0 is exactly the inventory `npm start` seeds into the API (seed 1, generateInventory)", () => {
    const siteUrl = "http://127.0.0.1:8790";
    const dev = new DemoSite({ siteUrl, dealershipIndex: 0, dealerName: "Demo Motors" }, { count: 300 });
    expect(dev.vehicles()).toEqual(generateInventory({ seed: 1, count: 300, siteUrl }));
    // Arrivals come from further along the same generator, so they never repeat a VIN.
    dev.set({ generation: 20 });
    const vins = dev.vehicles().map((v) => v.vin);
    expect(new Set(vins).size).toBe(vins.length);
  });

  it("counts requests: HEAD works, hits on robots-disallowed paths are recorded", async () => {
    const s = await startDemoSite({ port: 0, seed: 8, count: 10 });
    try {
      const head = await fetch(`${s.url}/inventory`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe("");
      await get(`${s.url}/cart`);
      await get(`${s.url}/admin`);
      await get(`${s.url}/inventory`, {
        headers: { "user-agent": "ForecourtBot/1.0 (+https://forecourt.example/bot)" },
      });
      const snap = await state(s);
      expect(snap.stats.disallowedHits).toBe(2);
      expect(snap.stats.byKind.srp).toBe(2);
      expect(snap.stats.userAgents).toContain("ForecourtBot/1.0 (+https://forecourt.example/bot)");
      await post(s, "/__admin/reset");
      expect((await state(s)).stats.requests).toBe(0);
    } finally {
      await s.close();
    }
  });

  it("advance sells, reprices (mostly drops) and adds vehicles; the pages follow", async () => {
    const s = await startDemoSite({ port: 0, seed: 5, count: 200, style: "jsonld" });
    try {
      const before = await truth(s);
      const beforeByVin = new Map(before.map((v) => [v.vin, v]));
      const adv = await post(s, "/__admin/advance");
      expect(adv.generation).toBe(1);
      const after = await truth(s);
      const afterByVin = new Map(after.map((v) => [v.vin, v]));
      const sold = before.filter((v) => !afterByVin.has(v.vin));
      const arrived = after.filter((v) => !beforeByVin.has(v.vin));
      const repriced = after.filter((v) => {
        const old = beforeByVin.get(v.vin);
        return old && old.price?.amount !== v.price?.amount;
      });
      expect(sold.length).toBeGreaterThan(0);
      expect(arrived.length).toBeGreaterThan(0);
      expect(repriced.length).toBeGreaterThan(0);
      expect(sold.map((v) => v.vin).sort()).toEqual([...adv.changes.sold].sort());
      expect(arrived.map((v) => v.vin).sort()).toEqual([...adv.changes.arrived].sort());
      expect(repriced.map((v) => v.vin).sort()).toEqual(
        adv.changes.repriced.map((r: { vin: string }) => r.vin).sort(),
      );
      // Everything else is untouched.
      for (const v of after) {
        const old = beforeByVin.get(v.vin);
        if (old && old.price?.amount === v.price?.amount) expect(v).toEqual(old);
      }
      // Mostly drops over a few generations.
      const more = await post(s, "/__admin/advance?by=4");
      const allRepriced = [...adv.changes.repriced, ...more.changes.repriced] as {
        from: { amount: number };
        to: { amount: number };
      }[];
      const drops = allRepriced.filter((r) => r.to.amount < r.from.amount).length;
      expect(drops / allRepriced.length).toBeGreaterThan(0.6);
      console.log(
        `[demo-site] generation 0→1 on 200 vehicles: ${sold.length} sold, ${repriced.length} repriced, ${arrived.length} arrived; ` +
          `over 5 generations ${drops}/${allRepriced.length} reprices were drops; lot now ${more.count}`,
      );
      // Pages follow: a sold VDP is 404, an arrival answers 200, and the listing shows the new price.
      await post(s, "/__admin/set?generation=1");
      expect((await get(sold[0]!.sourceUrl!)).status).toBe(404);
      expect((await get(sold[0]!.sourceUrl!)).body).toContain("has been sold");
      expect((await get(arrived[0]!.sourceUrl!)).status).toBe(200);
      const r = repriced[0]!;
      const ld = objects(jsonLd((await get(r.sourceUrl!)).body)).find(
        (o) => o.vehicleIdentificationNumber === r.vin,
      )!;
      expect(Number((ld.offers as { price: string }).price) * 100).toBe(r.price!.amount);
      const xml = (await get(`${s.url}/sitemap.xml`)).body;
      expect(xml).not.toContain(sold[0]!.sourceUrl!);
      expect(xml).toContain(arrived[0]!.sourceUrl!);
      // Going back to generation 0 restores the original lot exactly; a site started at generation 1 matches.
      await post(s, "/__admin/set?generation=0");
      expect(await truth(s)).toEqual(before);
      const g1 = await startDemoSite({ port: 0, seed: 5, count: 200, style: "jsonld", generation: 1 });
      try {
        expect((await truth(g1)).map((v) => [v.vin, v.price?.amount])).toEqual(
          after.map((v) => [v.vin, v.price?.amount]),
        );
      } finally {
        await g1.close();
      }
    } finally {
      await s.close();
    }
  });

  it("brokenListing shows only a handful of vehicles in the listing and the sitemap", async () => {
    const s = await startDemoSite({ port: 0, seed: 2, count: 100, brokenListing: true });
    try {
      const r = await get(`${s.url}/inventory`);
      expect(cardVins(r.body).length).toBe(BROKEN_LISTING_SIZE);
      expect(nextHref(r.body)).toBeNull();
      const xml = (await get(`${s.url}/sitemap.xml`)).body;
      expect(xml.match(/<loc>[^<]+\/inventory\/[^<]+<\/loc>/g)?.length).toBe(BROKEN_LISTING_SIZE);
      expect((await state(s)).count).toBe(100);
      await post(s, "/__admin/set?brokenListing=false");
      expect(cardVins((await get(`${s.url}/inventory`)).body).length).toBe(PAGE_SIZE);
    } finally {
      await s.close();
    }
  });
});

describe("demo site: fault modes", () => {
  it("failEvery=N answers 500 on every Nth request (robots.txt and admin exempt)", async () => {
    const s = await startDemoSite({ port: 0, seed: 4, count: 50, failEvery: 4 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++)
        statuses.push((await get(`${s.url}/inventory?page=${(i % 3) + 1}`)).status);
      expect(statuses.filter((x) => x === 500).length).toBe(10);
      expect(statuses.filter((x) => x === 200).length).toBe(30);
      expect(statuses.slice(0, 8)).toEqual([200, 200, 200, 500, 200, 200, 200, 500]);
      for (let i = 0; i < 8; i++) expect((await get(`${s.url}/robots.txt`)).status).toBe(200);
      const snap = await state(s);
      expect(snap.stats.byStatus["500"]).toBe(10);
      await post(s, "/__admin/set?failEvery=0");
      for (let i = 0; i < 8; i++) expect((await get(`${s.url}/`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it("robotsDisallowAll=true makes robots.txt forbid everything; false restores it; bad values refused", async () => {
    const s = await startDemoSite({ port: 0, seed: 4, count: 20 });
    try {
      expect((await get(`${s.url}/robots.txt`)).body).toContain("Allow: /inventory");
      await post(s, "/__admin/set?robotsDisallowAll=true");
      expect((await get(`${s.url}/robots.txt`)).body).toBe("User-agent: *\nDisallow: /\n");
      expect((await state(s)).robotsDisallowAll).toBe(true);
      await post(s, "/__admin/set?robotsDisallowAll=false");
      expect((await get(`${s.url}/robots.txt`)).body).toContain("Allow: /inventory");
      const bad = await fetch(`${s.url}/__admin/set?robotsDisallowAll=maybe`, { method: "POST" });
      expect(bad.status).toBe(400);
      await bad.arrayBuffer();
    } finally {
      await s.close();
    }
  });

  it("slowMs delays responses", async () => {
    const s = await startDemoSite({ port: 0, seed: 4, count: 20, slowMs: 120 });
    try {
      const t = performance.now();
      expect((await get(`${s.url}/`)).status).toBe(200);
      expect(performance.now() - t).toBeGreaterThanOrEqual(110);
      const t2 = performance.now();
      await get(`${s.url}/__admin/state`);
      expect(performance.now() - t2).toBeLessThan(110);
    } finally {
      await s.close();
    }
  });

  it("reports a clear error when the port is taken", async () => {
    await expect(startDemoSite({ port: site.port, count: 5 })).rejects.toThrow(/already in use/);
  });
});

describe("demo site: speed at 5,000 vehicles", () => {
  it("renders listing and detail pages in a few ms (reported; correctness asserted)", async () => {
    const t0 = performance.now();
    const big = await startDemoSite({ port: 0, seed: 9, count: 5_000, style: "mixed" });
    const startMs = performance.now() - t0;
    try {
      const vins = big.state.snapshot().vins;
      expect(vins.length).toBe(5_000);
      const pages = Math.ceil(5_000 / PAGE_SIZE);
      const httpSrp: number[] = [];
      const httpVdp: number[] = [];
      const render: Record<string, number[]> = { srp: [], srpFiltered: [], vdp: [], sitemap: [], photo: [] };
      const vehicles = big.state.vehicles();
      for (let i = 0; i < 60; i++) {
        const p = 1 + ((i * 37) % pages);
        let t = performance.now();
        const r = await get(`${big.url}/inventory?page=${p}`);
        httpSrp.push(performance.now() - t);
        expect(r.status).toBe(200);
        expect(cardVins(r.body).length).toBe(p === pages ? 5_000 - (pages - 1) * PAGE_SIZE : PAGE_SIZE);
        const v = vehicles[(i * 83) % vehicles.length]!;
        t = performance.now();
        const d = await get(v.sourceUrl!);
        httpVdp.push(performance.now() - t);
        expect(d.status).toBe(200);
        expect(d.body).toContain(v.vin);
        const time = (key: string, url: string) => {
          const t1 = performance.now();
          const out = big.state.render("GET", url);
          render[key]!.push(performance.now() - t1);
          expect(out.status).toBe(200);
        };
        time("srp", `/inventory?page=${p}`);
        time(
          "srpFiltered",
          `/inventory?make=${encodeURIComponent(v.make)}&maxPrice=${30_000 + (i % 5) * 5_000}&page=1`,
        );
        time("vdp", v.sourceUrl!.replace(big.url, ""));
        if (i < 10) time("sitemap", "/sitemap.xml");
        const withPhotos = v.photos.length ? v : vehicles.find((x) => x.photos.length > 0)!;
        time("photo", `/photos/${withPhotos.vin}/${1 + (i % withPhotos.photos.length)}.svg`);
      }
      const fmt = (xs: number[]) => `${median(xs).toFixed(2)} ms median, ${Math.max(...xs).toFixed(2)} max`;
      console.log(
        `[demo-site] 5,000 vehicles: start ${startMs.toFixed(0)} ms; HTTP listing ${fmt(httpSrp)}; HTTP detail ${fmt(httpVdp)}; ` +
          `in-process render: listing ${fmt(render.srp!)}, filtered listing ${fmt(render.srpFiltered!)}, detail ${fmt(render.vdp!)}, ` +
          `sitemap ${fmt(render.sitemap!)}, photo ${fmt(render.photo!)}`,
      );
      if (median(httpSrp) >= 50)
        console.warn(`[demo-site] listing median ${median(httpSrp).toFixed(1)} ms is over the 50 ms goal`);
    } finally {
      await big.close();
    }
  }, 60_000);
});

// ------------------------------------------------------------------ extraction (when packages/extract exists)

const EXTRACT_ENTRY = fileURLToPath(new URL("../../packages/extract/src/index.ts", import.meta.url));

type ExtractFn = (html: string, url: string) => { vehicles: Record<string, unknown>[]; pageKind: string };

describe.skipIf(!existsSync(EXTRACT_ENTRY))("demo site: what packages/extract makes of every style", () => {
  let extractPage: ExtractFn | null = null;
  let loadError = "";
  let ex: DemoSiteHandle;
  beforeAll(async () => {
    try {
      extractPage = ((await import(EXTRACT_ENTRY)) as { extractPage: ExtractFn }).extractPage;
    } catch (err) {
      loadError = (err as Error).message;
    }
    ex = await startDemoSite({ port: 0, seed: 21, count: 50, style: "jsonld" });
  });
  afterAll(async () => {
    await ex?.close();
  });

  const FIELDS = [
    "vin",
    "year",
    "make",
    "model",
    "trim",
    "price",
    "mileage",
    "bodyStyle",
    "condition",
    "exteriorColor",
    "interiorColor",
    "drivetrain",
    "transmission",
    "fuelType",
    "engine",
    "stockNumber",
    "photos",
  ] as const;

  function same(
    field: (typeof FIELDS)[number],
    truthV: VehicleFields,
    got: Record<string, unknown>,
  ): boolean {
    const t = truthV[field];
    const g = got[field];
    if (field === "price")
      return (t as VehicleFields["price"])?.amount === (g as VehicleFields["price"] | undefined)?.amount;
    if (field === "photos") return ((g as string[] | undefined)?.length ?? 0) === (t as string[]).length;
    if (typeof t === "string" && typeof g === "string") return t.toLowerCase() === g.toLowerCase();
    return t === g || (t === null && g === undefined);
  }

  for (const style of ["jsonld", "microdata", "opengraph", "plain"] as const) {
    it(`${style}: field accuracy over 50 detail pages (VIN and price asserted for jsonld/microdata)`, async (ctx) => {
      if (!extractPage) {
        console.warn(`[demo-site] packages/extract did not load (${loadError}); skipping`);
        ctx.skip();
        return;
      }
      await post(ex, `/__admin/set?style=${style}`);
      const vehicles = await truth(ex);
      const hits = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<(typeof FIELDS)[number], number>;
      const misses: string[] = [];
      for (const v of vehicles) {
        const html = (await get(v.sourceUrl!)).body;
        const result = extractPage(html, v.sourceUrl!);
        const got = result.vehicles.find((x) => x.vin === v.vin) ?? result.vehicles[0] ?? {};
        for (const f of FIELDS) {
          if (same(f, v, got)) hits[f]++;
          else if (misses.length < 8)
            misses.push(
              `${v.vin} ${f}: want ${JSON.stringify(v[f])?.slice(0, 60)} got ${JSON.stringify(got[f])?.slice(0, 60)}`,
            );
        }
        if (style === "jsonld" || style === "microdata") {
          expect(got.vin, `${style} ${v.sourceUrl}`).toBe(v.vin);
          expect(
            (got.price as VehicleFields["price"] | undefined)?.amount ?? null,
            `${style} price ${v.sourceUrl}`,
          ).toBe(v.price?.amount ?? null);
        }
      }
      const line = FIELDS.map((f) => `${f} ${hits[f]}/${vehicles.length}`).join(", ");
      console.log(
        `[demo-site] extract ${style}: ${line}${misses.length ? `\n  first misses: ${misses.join("\n  ")}` : ""}`,
      );
    }, 60_000);
  }
});
