// Gallery photos and descriptions: found generically (gallery/carousel/slider containers, lazy images,
// lightbox links, og:image, description sections by class or heading), on the real saved pages and on every
// markup style of the demo site.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExtractedVehicle, extractPage } from "../../packages/extract/src/index";
import { startDemoSite } from "../../web/demo-site/src/index";
import { loadRealPages } from "../support/real-pages";

const URL_VDP = "https://dealer.example.com/used/2019-ford-f-150-xlt-1ftew1e53kfa12345";
const page = (head: string, body: string) =>
  `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
function own(html: string, url = URL_VDP): ExtractedVehicle {
  const r = extractPage(html, url, { now: new Date("2026-06-01T00:00:00Z") });
  expect(r.vehicles.length).toBeGreaterThanOrEqual(1);
  return r.vehicles[0]!;
}
const TITLE = "<h1>Used 2019 Ford F-150 XLT</h1><p>Price: $31,995</p><p>Mileage: 41,200 miles</p>";
const PROSE =
  "One owner, clean history report, new brakes at 38,000 miles, tow package and spray-in bedliner. Serviced here since new.";

describe("gallery photos (synthetic markup)", () => {
  it("reads images inside a gallery container, lazy data-src over a placeholder src, srcset's largest", () => {
    const v = own(
      page(
        "",
        `${TITLE}<div class="vehicle-gallery">
          <img src="/img/placeholder.svg" data-src="/photos/a.jpg">
          <img srcset="/photos/b-480.jpg 480w, /photos/b-1600.jpg 1600w" src="/photos/b-480.jpg">
          <img data-lazy-src="/photos/c.jpg" src="data:image/gif;base64,R0lGOD">
          <img src="/photos/a.jpg">
        </div>`,
      ),
    );
    expect(v.photos).toEqual([
      "https://dealer.example.com/photos/a.jpg",
      "https://dealer.example.com/photos/b-1600.jpg",
      "https://dealer.example.com/photos/c.jpg",
    ]);
    expect(v.sources.photos).toBe("heuristic:gallery");
  });

  it("prefers lightbox links to large images, one photo per size family", () => {
    const big = (n: number) => `https://img.example.net/v/9/large1/${n}.jpg`;
    const v = own(
      page(
        "",
        `${TITLE}<div id="gallery-2" class="royalSlider">
          ${[1, 2, 3, 4].map((n) => `<a class="rsImg" href="${big(n)}"><img src="https://img.example.net/v/9/96x72/${n}.jpg"></a>`).join("")}
          ${[1, 2, 3, 4].map((n) => `<a href="https://img.example.net/v/9/large2/${n}.jpg">zoom</a>`).join("")}
        </div>`,
      ),
    );
    expect(v.photos).toEqual([1, 2, 3, 4].map(big));
  });

  it("ignores other vehicles' carousels, video galleries, logos and images outside galleries", () => {
    const v = own(
      page(
        "",
        `${TITLE}<img src="/banner/sale.jpg"><section class="gallery"><img src="/p/1.jpg"><img src="/p/2.jpg"><img class="dealer-logo" src="/p/logo.png"></section>
        <div class="similar-vehicles-carousel"><img src="/other/1.jpg"><img src="/other/2.jpg"></div>
        <div class="video-gallery"><img src="/video/thumb.jpg"></div>`,
      ),
    );
    expect(v.photos).toEqual(["https://dealer.example.com/p/1.jpg", "https://dealer.example.com/p/2.jpg"]);
  });

  it("a gallery fuller than the structured lead image wins; a structured list at least as full stays", () => {
    const gallery = `<div class="carousel">${[1, 2, 3, 4, 5].map((n) => `<img src="/g/${n}.jpg">`).join("")}</div>`;
    const og = '<meta property="og:image" content="/g/1.jpg"><meta property="og:image" content="/g/2.jpg">';
    expect(own(page(og, TITLE + gallery)).photos).toHaveLength(5);
    expect(own(page(og, TITLE)).photos).toEqual([
      "https://dealer.example.com/g/1.jpg",
      "https://dealer.example.com/g/2.jpg",
    ]);
    const few = `<div class="carousel"><img src="/g/1.jpg"><img src="/g/9.jpg"></div>`;
    expect(own(page(og, TITLE + few)).sources.photos).toBe("opengraph");
  });
});

describe("descriptions (synthetic markup)", () => {
  it("a description section by class, without its heading, beats a short meta description", () => {
    const v = own(
      page(
        '<meta name="description" content="Used 2019 Ford F-150 XLT for sale in Springfield.">',
        `${TITLE}<section class="vehicle-description"><h2>Vehicle description</h2><p>${PROSE}</p><p>Ask for Sam.</p></section>`,
      ),
    );
    expect(v.description).toBe(`${PROSE} Ask for Sam.`);
    expect(v.sources.description).toBe("heuristic:section");
  });

  it("the content after a 'Dealer Comments' / \"Seller's notes\" heading", () => {
    for (const h of ["Dealer Comments", "Seller’s notes about this car", "Vehicle Description:"]) {
      const v = own(page("", `${TITLE}<div><h2>${h}</h2><p>${PROSE}</p></div><footer>© Dealer</footer>`));
      expect(v.description, h).toBe(PROSE);
    }
  });

  it("og:description, else the meta description, when the page has no section", () => {
    expect(own(page(`<meta property="og:description" content="${PROSE}">`, TITLE)).description).toBe(PROSE);
    const m = own(page(`<meta name="description" content="${PROSE}">`, TITLE));
    expect(m.description).toBe(PROSE);
    expect(m.sources.description).toBe("meta");
  });

  it("a truncated meta description gives way to the full section text", () => {
    const cut = `${PROSE.slice(0, 60)}...`;
    const v = own(
      page(
        `<meta property="og:description" content="${cut}">`,
        `${TITLE}<div class="description">${PROSE}</div>`,
      ),
    );
    expect(v.description).toBe(PROSE);
  });

  it("not a description: users' comment threads, contact-form textareas, short blurbs", () => {
    const v = own(
      page(
        "",
        `${TITLE}<div class="comments"><h3>Comments</h3><p>Dec 25 at 7:11 PM rawilson41: Congratulations to the buyer, what a car!</p></div>
        <form class="lead"><div class="seller-notes"><textarea name="comments">I'd like to know if the Used 2019 Ford F-150 is still available.</textarea></div></form>
        <div class="description">Great truck.</div>`,
      ),
    );
    expect(v.description).toBeUndefined();
  });
});

describe("gallery photos and descriptions on the real saved pages", () => {
  const { pages, skipReason } = loadRealPages();
  const byPrefix = (p: string) => pages.find((x) => x.file.startsWith(p));
  const realOwn = (p: string) => {
    const pg = byPrefix(p)!;
    return extractPage(pg.html, pg.pageUrl).vehicles[0]!;
  };
  it.skipIf(!!skipReason)(
    "cars.com: the 10 gallery photos once each (xlarge and filmstrip sizes are one photo) and the seller's notes",
    () => {
      const v = realOwn("01-");
      expect(v.photos).toHaveLength(10);
      expect(v.photos!.every((u) => u.includes("/xlarge/"))).toBe(true);
      expect(v.description).toMatch(
        /^For Sale: 2010 Porsche Cayman S - PDK.*Very good condition both inside and out\.$/,
      );
    },
  );
  it.skipIf(!!skipReason)(
    "Click Dealer (UK): 27 large lightbox photos from the slider, not its thumbnails; the full description over the JSON-LD teaser",
    () => {
      const v = realOwn("10-");
      expect(v.photos).toHaveLength(27);
      expect(v.photos!.every((u) => /\/large\d\//.test(u))).toBe(true);
      expect(v.description).toMatch(/^This 2019 BMW X5 M50d offers a compelling blend/);
      expect(v.description!.length).toBeGreaterThan(500);
    },
  );
  it.skipIf(!!skipReason)(
    "Bring a Trailer: the listing's gallery (not other auctions), and the JSON-LD description, not the comment thread",
    () => {
      const v = realOwn("07-");
      expect(v.photos!.length).toBeGreaterThanOrEqual(40);
      expect(v.photos!.every((u) => u.startsWith("https://bringatrailer.com/wp-content/uploads/"))).toBe(
        true,
      );
      expect(v.description).toMatch(/^This 2020 Porsche 911 Carrera 4S/);
      expect(v.sources.description).toBe("json-ld");
    },
  );
  it.skipIf(!!skipReason)(
    "listing pages: galleries and descriptions never create vehicles or attach to listed ones",
    () => {
      for (const p of pages.filter((x) => x.kind === "srp" || x.kind === "other")) {
        const r = extractPage(p.html, p.pageUrl);
        for (const v of r.vehicles) expect(v.sources.photos ?? "", p.file).not.toBe("heuristic:gallery");
      }
    },
  );
});

describe("every demo-site markup style: all photos and the description", () => {
  let site: Awaited<ReturnType<typeof startDemoSite>>;
  beforeAll(async () => {
    site = await startDemoSite({ port: 0, seed: 3, count: 40, style: "plain" });
  });
  afterAll(async () => {
    await site?.close();
  });
  for (const style of ["plain", "opengraph", "jsonld", "microdata"] as const) {
    it(`${style}: photos equal the truth in order, description is the page's comments`, async () => {
      site.state.set({ style });
      let withDescription = 0;
      for (const v of site.state.vehicles()) {
        const html = await (await fetch(v.sourceUrl!)).text();
        const got = extractPage(html, v.sourceUrl!).vehicles[0]!;
        expect(got.photos ?? [], `${style} ${v.vin}`).toEqual(v.photos);
        const shown =
          v.description ?? /<h2 id="comments-h">Dealer Comments<\/h2><p[^>]*>([^<]*)</.exec(html)?.[1];
        expect(got.description, `${style} ${v.vin}`).toBe(
          shown?.replace(/&amp;/g, "&").replace(/&#39;/g, "'"),
        );
        if (v.description) withDescription++;
      }
      expect(withDescription).toBeGreaterThan(20);
    });
  }
});
