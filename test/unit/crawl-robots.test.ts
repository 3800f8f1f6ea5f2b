import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_USER_AGENT,
  guardedFetch,
  noopResolver,
  PolitenessLimiter,
  policyFromConfig,
  productToken,
  ROBOTS_MAX_BYTES,
  RobotsCache,
  type RobotsOptions,
} from "../../packages/crawl/src/index.ts";
import {
  type FixtureServer,
  hang,
  html,
  redirect,
  startServer,
  status,
  text,
} from "../support/http-fixtures.ts";

/**
 * robots.txt against real local servers, one server per behaviour (robots.txt is per origin).
 */

const servers: FixtureServer[] = [];

async function site(routes: Parameters<typeof startServer>[0]): Promise<FixtureServer> {
  const s = await startServer(routes);
  servers.push(s);
  return s;
}

function optionsFor(...s: FixtureServer[]): RobotsOptions {
  return {
    policy: policyFromConfig({ environment: "development", devAllowHosts: s.map((x) => x.host) }),
    resolver: noopResolver,
    timeoutMs: 1000,
  };
}

const PAGE = html("<p>car</p>");

let disallowAll: FixtureServer;
let grouped: FixtureServer;
let delayed: FixtureServer;
let notFound: FixtureServer;
let serverError: FixtureServer;
let tooMany: FixtureServer;
let slow: FixtureServer;
let huge: FixtureServer;
let redirected: FixtureServer;
let redirectedPrivate: FixtureServer;
let binary: FixtureServer;

// A robots.txt over 500 KiB: an early rule, ~600 KiB of filler rules, then a rule past the cut.
const HUGE_ROBOTS = [
  "User-agent: *",
  "Disallow: /early-secret",
  ...Array.from({ length: 30_000 }, (_, i) => `Disallow: /filler/${i}`),
  "Disallow: /cars",
].join("\n");

beforeAll(async () => {
  disallowAll = await site({ "/robots.txt": text("User-agent: *\nDisallow: /\n"), "/cars": PAGE });
  grouped = await site({
    "/robots.txt": text(
      [
        "# Dealer robots",
        "User-agent: Googlebot",
        "Disallow: /",
        "",
        "User-agent: ForecourtBot",
        "Disallow: /private",
        "Allow: /private/ok",
        "Crawl-delay: 2",
        "",
        "User-agent: *",
        "Disallow: /",
        "",
        "Sitemap: https://dealer.example/sitemap.xml",
      ].join("\n"),
    ),
    "/cars": PAGE,
    "/private/x": PAGE,
  });
  delayed = await site({
    "/robots.txt": text("User-agent: *\nCrawl-delay: 5\n\nUser-agent: greedybot\nCrawl-delay: 86400\n"),
  });
  notFound = await site({ "/cars": PAGE });
  serverError = await site({ "/robots.txt": status(500), "/cars": PAGE });
  tooMany = await site({ "/robots.txt": status(429) });
  slow = await site({ "/robots.txt": hang() });
  huge = await site({ "/robots.txt": text(HUGE_ROBOTS) });
  redirected = await site({
    "/robots.txt": redirect("/static/robots.txt", 301),
    "/static/robots.txt": text("User-agent: *\nDisallow: /moved-rule\n"),
  });
  redirectedPrivate = await site({ "/robots.txt": redirect("http://127.0.0.1:1/robots.txt") });
  binary = await site({
    "/robots.txt": (_req, res) => {
      res.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
    },
  });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe("robots.txt", () => {
  it("uses the product token of the User-Agent", () => {
    expect(productToken(DEFAULT_USER_AGENT)).toBe("ForecourtBot");
    expect(productToken("  weird ")).toBe("weird");
  });

  it("disallow-all forbids every path and guardedFetch never requests the page", async () => {
    const robots = new RobotsCache(optionsFor(disallowAll));
    expect(await robots.isAllowed(`${disallowAll.origin}/cars`)).toBe(false);
    expect(await robots.isAllowed(`${disallowAll.origin}/`)).toBe(false);
    const r = await guardedFetch(`${disallowAll.origin}/cars`, {
      ...optionsFor(disallowAll),
      robots: robots.gate(),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe("robots_disallowed");
    expect(disallowAll.hits("/cars")).toBe(0);
  });

  it("matches our group by product token, with Allow overriding a shorter Disallow", async () => {
    const robots = new RobotsCache(optionsFor(grouped));
    const rules = await robots.forUrl(grouped.origin);
    expect(rules.state).toBe("parsed");
    expect(rules.isAllowed(`${grouped.origin}/cars`)).toBe(true);
    expect(rules.isAllowed(`${grouped.origin}/private/x`)).toBe(false);
    expect(rules.isAllowed(`${grouped.origin}/private/ok/1`)).toBe(true);
    // Another bot falls to the * group.
    expect(rules.isAllowed(`${grouped.origin}/cars`, "OtherBot/2.0")).toBe(false);
    expect(rules.crawlDelayMs()).toBe(2000);
    expect(rules.sitemaps()).toEqual(["https://dealer.example/sitemap.xml"]);
    // A URL on another origin is not governed by these rules.
    expect(rules.isAllowed("https://elsewhere.example/cars")).toBe(false);
  });

  it("fetches robots.txt once per origin and caches it for the job", async () => {
    const robots = new RobotsCache(optionsFor(grouped));
    const before = grouped.hits("/robots.txt");
    await Promise.all([
      robots.isAllowed(`${grouped.origin}/a`),
      robots.isAllowed(`${grouped.origin}/b`),
      robots.crawlDelayMs(`${grouped.origin}/c`),
    ]);
    await robots.isAllowed(`${grouped.origin}/d`);
    expect(grouped.hits("/robots.txt") - before).toBe(1);
  });

  it("honours Crawl-delay, capped, and feeds it to the politeness limiter", async () => {
    const robots = new RobotsCache(optionsFor(delayed));
    expect(await robots.crawlDelayMs(`${delayed.origin}/`)).toBe(5000);
    expect(await robots.crawlDelayMs(`${delayed.origin}/`, "greedybot")).toBe(60_000);
    const limiter = new PolitenessLimiter({ delayMs: 1000 });
    limiter.setHostDelay(delayed.origin, await robots.crawlDelayMs(`${delayed.origin}/`));
    expect(limiter.hostDelay(delayed.origin)).toBe(5000);
  });

  it("404 robots.txt: everything allowed", async () => {
    const robots = new RobotsCache(optionsFor(notFound));
    const rules = await robots.forUrl(notFound.origin);
    expect(rules.state).toBe("allow_all");
    expect(rules.detail).toMatch(/404/);
    expect(await robots.isAllowed(`${notFound.origin}/cars`)).toBe(true);
  });

  it("500 robots.txt: everything disallowed", async () => {
    const robots = new RobotsCache(optionsFor(serverError));
    const rules = await robots.forUrl(serverError.origin);
    expect(rules.state).toBe("disallow_all");
    expect(rules.detail).toMatch(/500/);
    expect(await robots.isAllowed(`${serverError.origin}/cars`)).toBe(false);
  });

  it("429 robots.txt: treated as a server error (disallow)", async () => {
    const rules = await new RobotsCache(optionsFor(tooMany)).forUrl(tooMany.origin);
    expect(rules.state).toBe("disallow_all");
  });

  it("robots.txt that times out: everything disallowed", async () => {
    const started = Date.now();
    const rules = await new RobotsCache({ ...optionsFor(slow), timeoutMs: 500 }).forUrl(slow.origin);
    expect(rules.state).toBe("disallow_all");
    expect(rules.detail).toMatch(/timeout/);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("huge robots.txt: only the first 500 KiB is read, cut at a line boundary", async () => {
    expect(HUGE_ROBOTS.length).toBeGreaterThan(ROBOTS_MAX_BYTES);
    const rules = await new RobotsCache(optionsFor(huge)).forUrl(huge.origin);
    expect(rules.state).toBe("parsed");
    expect(rules.truncated).toBe(true);
    expect(rules.isAllowed(`${huge.origin}/early-secret`)).toBe(false);
    expect(rules.isAllowed(`${huge.origin}/filler/1`)).toBe(false);
    expect(rules.isAllowed(`${huge.origin}/cars`)).toBe(true); // the rule past the cut is not read
  });

  it("follows a robots.txt redirect, applying the rules to the original origin", async () => {
    const rules = await new RobotsCache(optionsFor(redirected)).forUrl(`${redirected.origin}/any`);
    expect(rules.state).toBe("parsed");
    expect(rules.isAllowed(`${redirected.origin}/moved-rule`)).toBe(false);
    expect(rules.isAllowed(`${redirected.origin}/cars`)).toBe(true);
  });

  it("a robots.txt redirect to a refused address: everything disallowed", async () => {
    const rules = await new RobotsCache(optionsFor(redirectedPrivate)).forUrl(redirectedPrivate.origin);
    expect(rules.state).toBe("disallow_all");
    expect(rules.detail).toMatch(/ssrf_refused/);
  });

  it("a binary robots.txt has no rules: everything allowed", async () => {
    const rules = await new RobotsCache(optionsFor(binary)).forUrl(binary.origin);
    expect(rules.state).toBe("allow_all");
  });

  it("robots.txt on a host the SSRF guard refuses is never fetched: disallowed", async () => {
    const robots = new RobotsCache({ ...optionsFor(), timeoutMs: 500 });
    const rules = await robots.forUrl("http://169.254.169.254/latest/meta-data/");
    expect(rules.state).toBe("disallow_all");
    expect(await robots.isAllowed("ftp://example.com/")).toBe(false);
  });
});
