import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY,
  DEFAULT_USER_AGENT,
  type GuardedFetchOptions,
  type GuardedFetchResult,
  guardedFetch,
  noopResolver,
  policyFromConfig,
  staticResolver,
} from "../../packages/crawl/src/index.ts";
import {
  bytes,
  drip,
  type FixtureServer,
  gzipBomb,
  hang,
  html,
  redirect,
  routingFetch,
  startServer,
  status,
  streamBytes,
  text,
} from "../support/http-fixtures.ts";

/**
 * guardedFetch against real local servers. Server A plays the dealer site and is reachable only because
 * the dev allow-list names its exact host:port; server B is another loopback port NOT on the list, so any
 * redirect to it must be refused at the hop — and B's request log proves it was never contacted.
 */

let a: FixtureServer;
let b: FixtureServer;
let options: GuardedFetchOptions;
let flakyCount = 0;

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

function expectFailure(r: GuardedFetchResult, code: string) {
  if (r.ok) throw new Error(`expected ${code}, got success from ${r.url}`);
  expect(r.code, r.message).toBe(code);
  expect(r.message.length).toBeGreaterThan(3);
}

beforeAll(async () => {
  b = await startServer({ "/secret": html("<p>internal admin</p>") });
  a = await startServer({
    "/": html("<!doctype html><title>Dealer</title><p>Welcome</p>"),
    "/to-private-port": (_req, res) => redirect(`http://127.0.0.1:${b.port}/secret`)(_req, res, a),
    "/to-private-localhost": (_req, res) => redirect(`http://localhost:${b.port}/secret`)(_req, res, a),
    "/to-private-ipv6": (_req, res) => redirect(`http://[::1]:${b.port}/secret`)(_req, res, a),
    "/to-protocol-relative": (_req, res) => redirect(`//127.0.0.1:${b.port}/secret`)(_req, res, a),
    "/to-loopback-80": redirect("http://127.0.0.1/admin"),
    "/to-decimal": redirect("http://2130706433/admin"),
    "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/iam/security-credentials/", 307),
    "/to-metadata-name": redirect("http://metadata.google.internal/computeMetadata/v1/", 301),
    "/to-file": redirect("file:///etc/passwd"),
    "/to-gopher": redirect("gopher://127.0.0.1:6379/_INFO"),
    "/to-userinfo": (_req, res) => redirect(`http://user:pw@${a.host}/`)(_req, res, a),
    "/loop-a": redirect("/loop-b"),
    "/loop-b": redirect("/loop-a"),
    "/self": redirect("/self", 308),
    "/chain": (req, res) => {
      const n = Number(new URL(req.url ?? "/", "http://x").searchParams.get("n") ?? "0");
      redirect(`/chain?n=${n + 1}`)(req, res, a);
    },
    "/rel/start": redirect("../landing/page?x=1#frag", 301),
    "/landing/page": html("<p>landed</p>"),
    "/abs-path": redirect("/landing/page", 303),
    "/no-location": (_req, res) => {
      res.writeHead(302, { "content-type": "text/html" }).end("moved?");
    },
    "/bad-location": (_req, res) => {
      res.writeHead(302, { location: "http://[::1" }).end();
    },
    "/big": streamBytes(10 * 1024 * 1024),
    "/big-declared": streamBytes(10 * 1024 * 1024, { contentLength: true }),
    "/gzip-bomb": gzipBomb(20 * 1024 * 1024),
    "/slow-loris": drip(1000),
    "/slow-headers": hang(),
    "/png": bytes(PNG, { "content-type": "image/png" }),
    "/png-as-html": bytes(PNG, { "content-type": "text/html" }),
    "/nul-as-html": bytes(new TextEncoder().encode("<html>\u0000\u0000\u0000binary"), {
      "content-type": "text/html",
    }),
    "/pdf-octet": bytes(new TextEncoder().encode("%PDF-1.7\n..."), {
      "content-type": "application/octet-stream",
    }),
    "/html-octet": bytes(new TextEncoder().encode("<!DOCTYPE html><html><body>ok</body></html>"), {
      "content-type": "application/octet-stream",
    }),
    "/json": bytes(new TextEncoder().encode('{"a":1}'), { "content-type": "application/json" }),
    "/plain-not-html": text("just some text"),
    "/bad-charset": bytes(new TextEncoder().encode("<p>café</p>"), {
      "content-type": "text/html; charset=klingon-9000",
    }),
    "/evil-charset": bytes(new TextEncoder().encode("<p>x</p>"), {
      "content-type": 'text/html; charset="utf-8\\"; x=constructor"',
    }),
    "/latin1": bytes(new Uint8Array([0x3c, 0x70, 0x3e, 0x63, 0x61, 0x66, 0xe9, 0x3c, 0x2f, 0x70, 0x3e]), {
      "content-type": "text/html; charset=ISO-8859-1",
    }),
    "/meta-charset": bytes(
      new Uint8Array([
        ...new TextEncoder().encode('<html><head><meta charset="windows-1252"></head><body>'),
        0x93,
        0x68,
        0x69,
        0x94,
        ...new TextEncoder().encode("</body></html>"),
      ]),
      { "content-type": "text/html" },
    ),
    "/meta-bad-charset": bytes(
      new TextEncoder().encode('<html><head><meta charset="no-such-charset"></head>é'),
      {
        "content-type": "text/html",
      },
    ),
    "/utf16": bytes(new Uint8Array([0xff, 0xfe, ...[..."<p>hi</p>"].flatMap((c) => [c.charCodeAt(0), 0])]), {
      "content-type": "text/html",
    }),
    "/500": status(500),
    "/404": status(404),
    "/flaky": (_req, res) => {
      flakyCount++;
      (flakyCount % 2 === 0 ? status(500) : html("<p>ok</p>"))(_req, res, a);
    },
    "/ua": (req, res) => html(`<p>${req.headers["user-agent"]}|${req.headers.accept}</p>`)(req, res, a),
    "/to-public-name": redirect("http://rebind.attacker.com/"),
  });
  options = {
    policy: policyFromConfig({ environment: "test", devAllowHosts: [a.host] }),
    resolver: noopResolver,
    timeoutMs: 5000,
  };
});

afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe("guardedFetch: basics", () => {
  it("fetches an allow-listed local page with the honest User-Agent", async () => {
    const r = await guardedFetch(`${a.origin}/ua`, options);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.status).toBe(200);
    expect(r.body).toContain(DEFAULT_USER_AGENT);
    expect(r.body).toContain("text/html");
    expect(r.redirects).toEqual([]);
    expect(r.url).toBe(`${a.origin}/ua`);
  });

  it("refuses the same server without the dev allow-list, before any request", async () => {
    const before = a.requests.length;
    const r = await guardedFetch(`${a.origin}/`, { ...options, policy: DEFAULT_POLICY });
    expectFailure(r, "ssrf_refused");
    if (!r.ok) expect(r.ssrfCode).toBe("bad_port");
    expect(a.requests.length).toBe(before);
  });

  it("never throws: garbage input and a throwing fetch become typed errors", async () => {
    expectFailure(await guardedFetch("not a url", options), "ssrf_refused");
    const throwing = (() => {
      throw new Error("boom");
    }) as unknown as typeof fetch;
    expectFailure(await guardedFetch(`${a.origin}/`, { ...options, fetch: throwing }), "network_error");
    const rejecting = (async () => {
      throw new TypeError("fetch failed", { cause: new Error("ECONNRESET") });
    }) as typeof fetch;
    const r = await guardedFetch(`${a.origin}/`, { ...options, fetch: rejecting });
    expectFailure(r, "network_error");
    if (!r.ok) expect(r.message).toContain("ECONNRESET");
  });

  it("reports a closed port as network_error", async () => {
    const closed = await startServer({});
    const host = closed.host;
    await closed.close();
    const r = await guardedFetch(`http://${host}/`, {
      ...options,
      policy: policyFromConfig({ environment: "test", devAllowHosts: [host] }),
    });
    expectFailure(r, "network_error");
  });
});

describe("guardedFetch: redirects are checked at every hop", () => {
  it.each([
    ["/to-private-port", "bad_port"],
    ["/to-private-localhost", "bad_port"],
    ["/to-private-ipv6", "bad_port"],
    ["/to-protocol-relative", "bad_port"],
    ["/to-loopback-80", "blocked_address"],
    ["/to-decimal", "blocked_address"],
    ["/to-metadata", "blocked_address"],
    ["/to-metadata-name", "blocked_hostname"],
    ["/to-file", "bad_scheme"],
    ["/to-gopher", "bad_scheme"],
    ["/to-userinfo", "userinfo"],
  ])("public → %s is refused at the hop (%s)", async (path, ssrfCode) => {
    const bBefore = b.requests.length;
    const r = await guardedFetch(`${a.origin}${path}`, options);
    expectFailure(r, "ssrf_refused");
    if (r.ok) return;
    expect(r.ssrfCode).toBe(ssrfCode);
    expect(r.redirects).toHaveLength(1);
    expect(r.message).toMatch(/redirect hop 1/);
    expect(b.requests.length).toBe(bBefore); // the private server was never contacted
  });

  it("refuses a hop whose name resolves to a private address (DNS checked at each hop)", async () => {
    // dealer-site.com is public (per the resolver) and served by A through an injected fetch; it redirects
    // to rebind.attacker.com, which resolves to 10.0.0.7.
    const f = routingFetch({ "dealer-site.com": a });
    const resolver = staticResolver({
      "dealer-site.com": ["93.184.216.34"],
      "rebind.attacker.com": ["10.0.0.7"],
    });
    const r = await guardedFetch("http://dealer-site.com/to-public-name", {
      policy: DEFAULT_POLICY,
      resolver,
      fetch: f,
      timeoutMs: 5000,
    });
    expectFailure(r, "ssrf_refused");
    if (!r.ok) {
      expect(r.ssrfCode).toBe("dns_blocked");
      expect(r.message).toContain("10.0.0.7");
    }
    expect(f.calls).toEqual(["http://dealer-site.com/to-public-name"]);
  });

  it("detects a two-step redirect loop", async () => {
    const r = await guardedFetch(`${a.origin}/loop-a`, options);
    expectFailure(r, "redirect_loop");
    if (!r.ok) expect(r.redirects).toEqual([`${a.origin}/loop-b`]);
  });

  it("detects a self-redirect", async () => {
    expectFailure(await guardedFetch(`${a.origin}/self`, options), "redirect_loop");
  });

  it("stops after maxRedirects", async () => {
    const r = await guardedFetch(`${a.origin}/chain?n=0`, options);
    expectFailure(r, "too_many_redirects");
    if (!r.ok) expect(r.redirects).toHaveLength(5);
    const r2 = await guardedFetch(`${a.origin}/chain?n=0`, { ...options, maxRedirects: 2 });
    expectFailure(r2, "too_many_redirects");
    if (!r2.ok) expect(r2.redirects).toHaveLength(2);
    const r0 = await guardedFetch(`${a.origin}/chain?n=0`, { ...options, maxRedirects: 0 });
    expectFailure(r0, "too_many_redirects");
  });

  it("resolves relative Locations against the hop and drops fragments", async () => {
    const r = await guardedFetch(`${a.origin}/rel/start`, options);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.url).toBe(`${a.origin}/landing/page?x=1`);
    expect(r.redirects).toEqual([`${a.origin}/landing/page?x=1`]);
    expect(r.body).toContain("landed");
    const r2 = await guardedFetch(`${a.origin}/abs-path`, options);
    expect(r2.ok && r2.url).toBe(`${a.origin}/landing/page`);
  });

  it("treats a redirect without a usable Location as an HTTP error", async () => {
    const r = await guardedFetch(`${a.origin}/no-location`, options);
    expectFailure(r, "http_error");
    if (!r.ok) expect(r.status).toBe(302);
    expectFailure(await guardedFetch(`${a.origin}/bad-location`, options), "http_error");
  });
});

describe("guardedFetch: size and time budgets", () => {
  it("stops reading a 10 MB body early (no Content-Length) and cancels the download", async () => {
    const started = Date.now();
    const r = await guardedFetch(`${a.origin}/big`, { ...options, maxBytes: 1024 * 1024 });
    expectFailure(r, "too_large");
    if (!r.ok) {
      expect(r.bytes).toBeGreaterThan(1024 * 1024);
      expect(r.bytes).toBeLessThan(2 * 1024 * 1024);
    }
    expect(Date.now() - started).toBeLessThan(3000);
    // Give the server a moment to notice the closed socket, then check it never sent the whole body.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(a.bytesWritten.get("/big")).toBeLessThan(10 * 1024 * 1024);
  });

  it("refuses an oversize declared Content-Length without reading it", async () => {
    const r = await guardedFetch(`${a.origin}/big-declared`, { ...options, maxBytes: 1024 * 1024 });
    expectFailure(r, "too_large");
    if (!r.ok) expect(r.message).toMatch(/Content-Length/);
  });

  it("counts decompressed bytes: a gzip bomb is stopped at the limit", async () => {
    const r = await guardedFetch(`${a.origin}/gzip-bomb`, { ...options, maxBytes: 2 * 1024 * 1024 });
    expectFailure(r, "too_large");
  });

  it("truncates instead of failing when asked to", async () => {
    const r = await guardedFetch(`${a.origin}/big`, {
      ...options,
      maxBytes: 100_000,
      onTooLarge: "truncate",
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.truncated).toBe(true);
      expect(r.bytes).toBe(100_000);
      expect(r.body.length).toBe(100_000);
    }
  });

  it("gives up on a slow-loris server (a byte a second) at the deadline, not at first byte", async () => {
    const started = Date.now();
    const r = await guardedFetch(`${a.origin}/slow-loris`, { ...options, timeoutMs: 1500 });
    const elapsed = Date.now() - started;
    expectFailure(r, "timeout");
    if (!r.ok) {
      expect(r.status).toBe(200); // headers arrived at once: time-to-first-byte alone would not catch it
      expect(r.bytes).toBeGreaterThanOrEqual(1);
    }
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(3500);
  });

  it("the overall deadline bounds the whole call", async () => {
    const started = Date.now();
    const r = await guardedFetch(`${a.origin}/slow-loris`, {
      ...options,
      timeoutMs: 10_000,
      deadlineMs: 800,
    });
    expectFailure(r, "timeout");
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("times out a server that never sends headers", async () => {
    const started = Date.now();
    const r = await guardedFetch(`${a.origin}/slow-headers`, { ...options, timeoutMs: 700 });
    expectFailure(r, "timeout");
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("honours the caller's AbortSignal", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const r = await guardedFetch(`${a.origin}/slow-headers`, {
      ...options,
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    expectFailure(r, "network_error");
  });
});

describe("guardedFetch: content types and charsets", () => {
  it.each([
    ["/png", /image\/png/],
    ["/png-as-html", /PNG/],
    ["/nul-as-html", /NUL/],
    ["/pdf-octet", /PDF/],
    ["/json", /application\/json/],
    ["/plain-not-html", /does not look like HTML/],
  ])("refuses %s as not_html", async (path, message) => {
    const r = await guardedFetch(`${a.origin}${path}`, options);
    expectFailure(r, "not_html");
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it("accepts HTML served as application/octet-stream after sniffing it", async () => {
    const r = await guardedFetch(`${a.origin}/html-octet`, options);
    expect(r.ok && r.body).toContain("<body>ok</body>");
  });

  it("accepts plain text in text mode (robots.txt, sitemaps)", async () => {
    const r = await guardedFetch(`${a.origin}/plain-not-html`, { ...options, expect: "text" });
    expect(r.ok && r.body).toBe("just some text");
  });

  it("falls back to UTF-8 on an unknown charset label, without throwing", async () => {
    const r = await guardedFetch(`${a.origin}/bad-charset`, options);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.body).toBe("<p>café</p>");
      expect(r.charset).toBe("utf-8");
      expect(r.charsetSource).toBe("fallback");
    }
    const r2 = await guardedFetch(`${a.origin}/evil-charset`, options);
    expect(r2.ok && r2.body).toBe("<p>x</p>");
  });

  it("decodes with the header charset", async () => {
    const r = await guardedFetch(`${a.origin}/latin1`, options);
    expect(r.ok && r.body).toBe("<p>café</p>");
    expect(r.ok && r.charset).toBe("windows-1252");
  });

  it("decodes with a <meta charset> when the header has none", async () => {
    const r = await guardedFetch(`${a.origin}/meta-charset`, options);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.body).toContain("\u201chi\u201d");
      expect(r.charsetSource).toBe("meta");
    }
    const bad = await guardedFetch(`${a.origin}/meta-bad-charset`, options);
    expect(bad.ok && bad.charsetSource).toBe("fallback");
    expect(bad.ok && bad.body).toContain("é");
  });

  it("honours a UTF-16 byte-order mark", async () => {
    const r = await guardedFetch(`${a.origin}/utf16`, options);
    expect(r.ok && r.body).toBe("<p>hi</p>");
  });
});

describe("guardedFetch: HTTP errors", () => {
  it("reports 500 and 404 as http_error with the status", async () => {
    const r = await guardedFetch(`${a.origin}/500`, options);
    expectFailure(r, "http_error");
    if (!r.ok) expect(r.status).toBe(500);
    const r404 = await guardedFetch(`${a.origin}/404`, options);
    if (!r404.ok) expect(r404.status).toBe(404);
  });

  it("a site that fails every other request gives alternating results, never a throw", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, async () => (await guardedFetch(`${a.origin}/flaky`, options)).ok),
    );
    expect(results.filter(Boolean)).toHaveLength(3);
  });
});
