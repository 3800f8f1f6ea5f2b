import { describe, expect, it } from "vitest";
import { readConfig } from "../../web/widget/src/config";
import { describeTerm } from "../../web/widget/src/filters";
import { money, safeUrl, vehicleFacts, vehicleTitle } from "../../web/widget/src/format";
import { type ChatEvent, parseChatEvent, readChatStream, SseReader } from "../../web/widget/src/sse";

/** The widget's pure parts (web/widget/src): the SSE reader the widget and the admin chat share, its tag settings, labels. */

const STREAM = [
  'data: {"type":"meta","conversationId":"cnv_1"}',
  "",
  ": keep-alive comment",
  "",
  'data: {"type":"text","delta":"The 2021 Ford F-150 costs $32,995. "}',
  "",
  "event: message",
  "id: 7",
  'data: {"type":"text",',
  'data: "delta":"Ünïcødé ✓ 🚗"}',
  "",
  'data: {"type":"done","withheld":1}',
  "",
  "",
].join("\n");

function allAtOnce(text: string): string[] {
  return new SseReader().push(text);
}

describe("SseReader", () => {
  it("reads complete events, joins multi-line data with \\n, skips comments and other fields", () => {
    expect(allAtOnce(STREAM)).toEqual([
      '{"type":"meta","conversationId":"cnv_1"}',
      '{"type":"text","delta":"The 2021 Ford F-150 costs $32,995. "}',
      '{"type":"text",\n"delta":"Ünïcødé ✓ 🚗"}',
      '{"type":"done","withheld":1}',
    ]);
  });

  it("gives the same events however the text is split (every split point, CRLF, CR and LF line ends)", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const text = STREAM.replace(/\n/g, eol);
      const whole = allAtOnce(text);
      expect(whole).toHaveLength(4);
      for (let i = 0; i <= text.length; i++) {
        const r = new SseReader();
        expect(
          [...r.push(text.slice(0, i)), ...r.push(text.slice(i))],
          `${JSON.stringify(eol)} split at ${i}`,
        ).toEqual(whole);
      }
      // One character at a time.
      const r = new SseReader();
      expect([...text].flatMap((c) => r.push(c))).toEqual(whole);
    }
  });

  it("drops an event without its closing blank line, blank events, a leading BOM; `data` without a colon is empty", () => {
    const r = new SseReader();
    expect(r.push('\uFEFFdata: {"a":1}\n\n\n\ndata\n\ndata: partial')).toEqual(['{"a":1}', ""]);
    r.flush();
    expect(r.push("data:no-space\n\n")).toEqual(["no-space"]);
    expect(new SseReader().push("data:  two spaces\n\n")).toEqual([" two spaces"]);
  });

  it("ignores hostile lines (huge fields, unknown fields, NULs) without throwing", () => {
    const r = new SseReader();
    const junk = `${"x".repeat(100_000)}\nretry: abc\nevent: \u0000\ndata: ok\n\n`;
    expect(r.push(junk)).toEqual(["ok"]);
  });
});

describe("parseChatEvent / readChatStream", () => {
  it("accepts JSON objects with a string type only", () => {
    expect(parseChatEvent('{"type":"done","withheld":0}')).toEqual({ type: "done", withheld: 0 });
    for (const bad of ["", "null", "[]", "42", '"text"', '{"type":1}', "{not json", '{"delta":"x"}']) {
      expect(parseChatEvent(bad), bad).toBeNull();
    }
  });

  it("reads a byte stream whose chunks split multi-byte characters and lines", async () => {
    const bytes = new TextEncoder().encode(STREAM);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 3) chunks.push(bytes.slice(i, i + 3));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of chunks) c.enqueue(chunk);
        c.close();
      },
    });
    const events: ChatEvent[] = [];
    await readChatStream(body, (e) => events.push(e));
    expect(events.map((e) => e.type)).toEqual(["meta", "text", "text", "done"]);
    expect(events[2]).toEqual({ type: "text", delta: "Ünïcødé ✓ 🚗" });
  });

  it("rejects when the connection breaks mid-answer, after handing over what arrived", async () => {
    let n = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (n++ === 0) c.enqueue(new TextEncoder().encode('data: {"type":"text","delta":"Hi"}\n\n'));
        else c.error(new TypeError("network error"));
      },
    });
    const events: ChatEvent[] = [];
    await expect(readChatStream(body, (e) => events.push(e))).rejects.toThrow("network error");
    expect(events).toEqual([{ type: "text", delta: "Hi" }]);
  });
});

describe("readConfig (the <script> tag's settings)", () => {
  const tag = (src: string, attrs: Record<string, string>) => ({
    src,
    getAttribute: (name: string) => attrs[name] ?? null,
  });
  const KEY = "fc_pk_0123456789abcdefABCDEF0123456789abcdef";

  it("reads data-key and data-api; trims a trailing slash", () => {
    expect(
      readConfig(
        tag("https://cdn.example/widget.js", { "data-key": KEY, "data-api": "https://api.example/" }),
      ),
    ).toEqual({ key: KEY, api: "https://api.example", title: "Find your next car", open: false });
  });

  it("falls back to data-api-key, the ?api= of the script URL, then the script's origin", () => {
    const api = encodeURIComponent("http://127.0.0.1:8787");
    expect(
      readConfig(tag(`http://127.0.0.1:8788/widget.js?api=${api}`, { "data-api-key": KEY })),
    ).toMatchObject({
      key: KEY,
      api: "http://127.0.0.1:8787",
    });
    expect(readConfig(tag("https://api.example/widget.js", { "data-key": KEY }))).toMatchObject({
      api: "https://api.example",
    });
    expect(
      readConfig(
        tag("https://x.example/w.js", {
          "data-key": KEY,
          "data-title": "  Ask Harbour Cars ",
          "data-open": "true",
        }),
      ),
    ).toMatchObject({ title: "Ask Harbour Cars", open: true });
  });

  it("refuses a missing tag, a missing or secret key, and non-http API URLs, saying why", () => {
    expect(readConfig(null)).toMatch(/cannot find its <script> tag/);
    expect(readConfig(tag("https://cdn.example/widget.js", {}))).toMatch(/data-key must be a publishable/);
    for (const key of [
      "fc_sk_0123456789abcdef",
      "pk_live_123",
      "fc_pk_",
      `${KEY}<script>`,
      ` fc_pk_short `,
    ]) {
      expect(readConfig(tag("https://cdn.example/widget.js", { "data-key": key })), key).toMatch(
        /publishable/,
      );
    }
    for (const api of ["javascript:alert(1)", "ftp://api.example", "data:text/plain,x"]) {
      expect(
        readConfig(tag("https://cdn.example/widget.js", { "data-key": KEY, "data-api": api })),
        api,
      ).toMatch(/http\(s\) URL/);
    }
    expect(
      readConfig(tag("https://cdn.example/widget.js", { "data-key": KEY, "data-api": "not a url" })),
    ).toMatch(/must be the API's URL/);
  });
});

describe("describeTerm (chips for what a search recognised)", () => {
  it.each([
    [{ field: "priceMax", value: 3_000_000 }, "Up to $30,000"],
    [{ field: "priceMin", value: 1_999_950 }, "From $20,000"],
    [{ field: "yearMin", value: 2019 }, "2019 or newer"],
    [{ field: "yearMax", value: 2015 }, "2015 or older"],
    [{ field: "mileageMax", value: 50_000 }, "Under 50,000 mi"],
    [{ field: "make", value: ["Toyota", "Honda"] }, "Make: Toyota or Honda"],
    [{ field: "bodyStyle", value: ["suv", "pickup_truck"] }, "Body: SUV or pickup truck"],
    [{ field: "drivetrain", value: "awd" }, "Drive: AWD"],
    [{ field: "fuelType", value: ["plug_in_hybrid"] }, "Fuel: plug in hybrid"],
    [{ field: "colorFamily", value: ["red"] }, "Colour: red"],
    [{ field: "sort", value: "price_asc" }, "Sort: lowest price first"],
    [{ field: "sort", value: "weird_sort" }, "Sort: weird sort"],
    [{ field: "someNewField", value: "x" }, "some New Field: x"],
    [{ field: "priceMax", value: "lots" }, "Up to lots"],
  ])("%j -> %s", (term, label) => {
    expect(describeTerm(term)).toBe(label);
  });
});

describe("vehicle display", () => {
  it("formats price, mileage and title; nulls read naturally", () => {
    expect(money({ amount: 3_299_500, currency: "USD" })).toBe("$32,995");
    expect(money(null)).toBe("Call for price");
    expect(money({ amount: 100, currency: "NOT-A-CURRENCY" })).toBe("1 NOT-A-CURRENCY");
    expect(vehicleTitle({ year: 2021, make: "Ford", model: "F-150", trim: null })).toBe("2021 Ford F-150");
    expect(vehicleFacts({ price: null, mileage: 41_200 })).toBe("Call for price · 41,200 mi");
  });

  it("keeps only http(s) links", () => {
    expect(safeUrl("https://dealer.example/inventory/1", "https://dealer.example/")).toBe(
      "https://dealer.example/inventory/1",
    );
    expect(safeUrl("/inventory/1", "https://dealer.example/x")).toBe("https://dealer.example/inventory/1");
    for (const bad of ["javascript:alert(1)", "data:image/svg+xml,<svg/>", "vbscript:x", null, ""]) {
      expect(safeUrl(bad, "https://dealer.example/"), String(bad)).toBeNull();
    }
  });
});
