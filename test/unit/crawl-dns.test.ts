import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkUrlWithDns,
  DEFAULT_DOH_ENDPOINT,
  DEFAULT_POLICY,
  DnsError,
  DohResolver,
  guardedFetch,
  parseDnsJson,
} from "../../packages/crawl/src/index.ts";
import {
  type FixtureServer,
  html,
  routingFetch,
  startDohServer,
  startServer,
} from "../support/http-fixtures.ts";

/** The DNS-over-HTTPS resolver against a local server speaking the application/dns-json format. */

let doh: FixtureServer & { endpoint: string };
let site: FixtureServer;

beforeAll(async () => {
  doh = await startDohServer({
    "public-dealer.com": { A: ["93.184.216.34"], AAAA: ["2606:2800:220:1:248:1893:25c8:1946"] },
    "v4only.com": { A: ["8.8.8.8"] },
    "mixed.com": { A: ["93.184.216.34"], AAAA: ["::1"] },
    "rebind.com": { A: ["93.184.216.34", "127.0.0.1"] },
    "cname.com": { CNAME: "internal-lb.example.net", A: ["10.1.2.3"] },
    "cname-public.com": { CNAME: "cdn.example.net", A: ["1.1.1.1"] },
    "metadata.com": { A: ["169.254.169.254"] },
    "mapped.com": { AAAA: ["::ffff:7f00:1"] },
    "servfail.com": { Status: 2 },
    "nodata.com": { Status: 0 },
    "broken-http.com": { http: "500" },
    "garbage.com": { http: "garbage" },
    "redirecting.com": { http: "redirect" },
    "hang.com": { http: "hang" },
    "junk-data.com": { A: ["999.1.1.1"] },
    "short-ttl.com": { A: ["8.8.4.4"], TTL: 0 },
  });
  site = await startServer({ "/": html("<p>public dealer</p>") });
});

afterAll(async () => {
  await doh?.close();
  await site?.close();
});

function resolver(extra: Partial<ConstructorParameters<typeof DohResolver>[0]> = {}) {
  return new DohResolver({ endpoint: doh.endpoint, timeoutMs: 1000, ...extra });
}

describe("DohResolver", () => {
  it("defaults to Cloudflare's endpoint", () => {
    expect(new DohResolver().endpoint).toBe(DEFAULT_DOH_ENDPOINT);
    expect(DEFAULT_DOH_ENDPOINT).toBe("https://cloudflare-dns.com/dns-query");
  });

  it("asks for A and AAAA with the dns-json Accept header and returns both", async () => {
    const before = doh.requests.length;
    const answers = await resolver().resolve("public-dealer.com.");
    expect(answers).toEqual(["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]);
    const asked = doh.requests.slice(before);
    expect(asked).toHaveLength(2);
    expect(asked.map((r) => new URL(r.path, "http://x").searchParams.get("type")).sort()).toEqual([
      "A",
      "AAAA",
    ]);
    expect(
      asked.every((r) => new URL(r.path, "http://x").searchParams.get("name") === "public-dealer.com"),
    ).toBe(true);
    expect(asked.every((r) => r.headers.accept === "application/dns-json")).toBe(true);
  });

  it("follows CNAMEs to the final addresses", async () => {
    expect(await resolver().resolve("cname.com")).toEqual(["10.1.2.3"]);
  });

  it("returns no answers for NXDOMAIN and NODATA", async () => {
    expect(await resolver().resolve("no-such-name.com")).toEqual([]);
    expect(await resolver().resolve("nodata.com")).toEqual([]);
  });

  it.each(["servfail.com", "broken-http.com", "garbage.com", "redirecting.com"])(
    "throws DnsError for %s",
    async (name) => {
      await expect(resolver().resolve(name)).rejects.toBeInstanceOf(DnsError);
    },
  );

  it("times out a hanging DoH server", async () => {
    const started = Date.now();
    await expect(resolver({ timeoutMs: 300 }).resolve("hang.com")).rejects.toThrow(/timed out/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("caches answers (bounded by their TTL)", async () => {
    const r = resolver();
    const count = () => doh.requests.filter((q) => q.path.includes("v4only.com")).length;
    const before = count();
    await r.resolve("v4only.com");
    await r.resolve("v4only.com");
    expect(count() - before).toBe(2); // one A + one AAAA query, once
    const zeroTtl = () => doh.requests.filter((q) => q.path.includes("short-ttl.com")).length;
    const b2 = zeroTtl();
    await r.resolve("short-ttl.com");
    await r.resolve("short-ttl.com");
    expect(zeroTtl() - b2).toBe(4); // TTL 0: not reused
  });

  it("parses dns-json strictly", () => {
    expect(() => parseDnsJson("nope", "x.com", 1)).toThrow(DnsError);
    expect(() => parseDnsJson({ Status: 0, Answer: "x" }, "x.com", 1)).toThrow(DnsError);
    expect(() => parseDnsJson({ Status: 0, Answer: [{ type: 1 }] }, "x.com", 1)).toThrow(DnsError);
    expect(parseDnsJson({ Status: 0, Answer: [{ type: 28, data: "::1" }] }, "x.com", 1).addresses).toEqual(
      [],
    );
  });
});

describe("SSRF guard with DoH answers", () => {
  it.each([
    ["https://public-dealer.com/", true, undefined],
    ["https://v4only.com/", true, undefined],
    ["https://cname-public.com/", true, undefined],
    ["https://mixed.com/", false, "dns_blocked"], // ANY refused answer refuses the host
    ["https://rebind.com/", false, "dns_blocked"],
    ["https://cname.com/", false, "dns_blocked"],
    ["https://metadata.com/", false, "dns_blocked"],
    ["https://mapped.com/", false, "dns_blocked"],
    ["https://junk-data.com/", false, "dns_blocked"],
    ["https://no-such-name.com/", false, "dns_failed"],
    ["https://servfail.com/", false, "dns_failed"],
    ["https://broken-http.com/", false, "dns_failed"],
  ])("%s → ok=%s (%s)", async (url, ok, code) => {
    const r = await checkUrlWithDns(url, DEFAULT_POLICY, resolver());
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.code).toBe(code);
  });

  it("does not resolve IP literals or names refused by the URL check", async () => {
    const before = doh.requests.length;
    expect((await checkUrlWithDns("http://8.8.8.8/", DEFAULT_POLICY, resolver())).ok).toBe(true);
    expect((await checkUrlWithDns("http://localhost/", DEFAULT_POLICY, resolver())).ok).toBe(false);
    expect(doh.requests.length).toBe(before);
  });

  it("guardedFetch fetches a name whose answers are public, and refuses one that rebinds, unfetched", async () => {
    const f = routingFetch({ "public-dealer.com": site, "rebind.com": site });
    const opts = { policy: DEFAULT_POLICY, resolver: resolver(), fetch: f, timeoutMs: 3000 };
    const ok = await guardedFetch("http://public-dealer.com/", opts);
    expect(ok.ok && ok.body).toContain("public dealer");
    const refused = await guardedFetch("http://rebind.com/", opts);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.code).toBe("ssrf_refused");
      expect(refused.ssrfCode).toBe("dns_blocked");
    }
    const unresolvable = await guardedFetch("http://no-such-name.com/", opts);
    expect(!unresolvable.ok && unresolvable.code).toBe("network_error");
    expect(f.calls).toEqual(["http://public-dealer.com/"]);
  });
});

describe("guardedFetch: a slow resolver counts against the deadline", () => {
  it("times out when DNS answers too late", async () => {
    const slowResolver = {
      resolve: () => new Promise<string[]>((resolve) => setTimeout(() => resolve(["8.8.8.8"]), 5000)),
    };
    const started = Date.now();
    const r = await guardedFetch("https://slow-dns.com/", {
      policy: DEFAULT_POLICY,
      resolver: slowResolver,
      timeoutMs: 300,
      deadlineMs: 300,
    });
    expect(!r.ok && r.code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
