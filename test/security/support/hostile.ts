import fc from "fast-check";
import { type Schema, typesOf } from "./openapi";

/**
 * Hostile inputs for the fuzzer: strings, JSON values, raw bodies and content types an attacker (or a
 * broken client) sends, and a fast-check arbitrary for any JSON Schema of the OpenAPI document that mixes
 * valid-shaped values with hostile ones at every leaf.
 */

export const HOSTILE_STRINGS: string[] = [
  "",
  " ",
  "0",
  "-0",
  "-1",
  "1.5",
  "1e309",
  "-1e309",
  "1e-400",
  "NaN",
  "Infinity",
  "-Infinity",
  "9007199254740993",
  "99999999999999999999999999999999",
  "0x1F",
  "1_000",
  "١٢٣",
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "' OR '1'='1",
  "1; DROP TABLE vehicles; --",
  "%",
  "%00",
  "\u0000",
  "a\u0000b",
  "../../../../etc/passwd",
  "..%2f..%2f",
  "<script>alert(1)</script>",
  ["$", "{7*7}{{7*7}}"].join(""), // template injection probes
  "\ud800",
  "\udfff\ud800",
  "\u202eevil",
  "Ｆｏｒｄ",
  "\r\nX-Injected: 1",
  "*",
  "?#&=;,",
  "🚗".repeat(300),
  "a".repeat(100_000),
];

/** Hostile JSON values for any body field. */
export const HOSTILE_VALUES: unknown[] = [
  -1,
  0,
  1.5,
  2 ** 53 + 2,
  1e308,
  -1e308,
  true,
  false,
  null,
  [],
  {},
  [[[[[]]]]],
  { $gt: "" },
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  "x".repeat(100_000),
  ...HOSTILE_STRINGS.slice(0, 30),
];

const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

/** Raw request bodies (sent with Content-Type: application/json unless the entry says otherwise). */
export const HOSTILE_BODIES: { name: string; body: BodyInit; contentType?: string | null }[] = [
  { name: "empty", body: "" },
  { name: "whitespace", body: "   \n" },
  { name: "null", body: "null" },
  { name: "array", body: "[]" },
  { name: "number", body: "1" },
  { name: "string", body: '"s"' },
  { name: "truncated", body: '{"name":' },
  { name: "trailing garbage", body: "{}garbage" },
  { name: "NaN literal", body: '{"a":NaN}' },
  {
    name: "-0 and huge numbers",
    body: '{"year":-0,"limit":1e400,"amount":-0,"price":{"amount":1e400,"currency":"USD"}}',
  },
  {
    name: "__proto__ pollution",
    body: '{"__proto__":{"polluted":"yes","role":"platform_admin"},"name":"x"}',
  },
  { name: "constructor.prototype pollution", body: '{"constructor":{"prototype":{"polluted":"yes"}}}' },
  { name: "duplicate keys", body: '{"name":"a","name":{"$ne":1}}' },
  { name: "deeply nested arrays (20k)", body: deep(20_000) },
  { name: "deeply nested objects (10k)", body: `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}` },
  { name: "BOM then JSON", body: "\ufeff{}" },
  { name: "UTF-16LE JSON", body: new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]) },
  {
    name: "invalid UTF-8",
    body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]),
  },
  { name: "NUL bytes", body: new Uint8Array([0x7b, 0x00, 0x7d]) },
  {
    name: "100 KB string field",
    body: JSON.stringify({ name: "x".repeat(100_000), message: "x".repeat(100_000) }),
  },
  { name: "2 MB body (over the limit)", body: JSON.stringify({ pad: "x".repeat(2 * 1024 * 1024) }) },
  { name: "10k-element array", body: JSON.stringify({ items: Array.from({ length: 10_000 }, () => ({})) }) },
  { name: "text/plain JSON", body: "{}", contentType: "text/plain" },
  {
    name: "form-encoded",
    body: "name=x&role=platform_admin",
    contentType: "application/x-www-form-urlencoded",
  },
  {
    name: "multipart",
    body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
    contentType: "multipart/form-data; boundary=x",
  },
  {
    name: "XML",
    body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
    contentType: "application/xml",
  },
  { name: "no content type", body: "{}", contentType: null },
  { name: "JSON declared UTF-16", body: "{}", contentType: "application/json; charset=utf-16" },
  { name: "two content types", body: "{}", contentType: "application/json, text/plain" },
  { name: "application/jsonx", body: "{}", contentType: "application/jsonx" },
];

const hostileValue = fc.constantFrom(...HOSTILE_VALUES);
const hostileString = fc.constantFrom(...HOSTILE_STRINGS);

/** One arbitrary per JSON Schema: valid-shaped values most of the time, a hostile value at any leaf. */
export function arbFromSchema(
  schemaIn: Schema,
  resolve: (s: Schema) => Schema,
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolve(schemaIn);
  const leaf = (valid: fc.Arbitrary<unknown>) =>
    fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: hostileValue, weight: 1 });
  if (Array.isArray(s.enum)) return leaf(fc.constantFrom(...s.enum));
  if (s.anyOf || s.oneOf)
    return fc.oneof(...(s.anyOf ?? s.oneOf).map((x: Schema) => arbFromSchema(x, resolve, depth)));
  const types = typesOf(s);
  const options: fc.Arbitrary<unknown>[] = [];
  for (const t of types.length ? types : ["string"]) {
    switch (t) {
      case "null":
        options.push(fc.constant(null));
        break;
      case "boolean":
        options.push(leaf(fc.boolean()));
        break;
      case "integer":
      case "number": {
        const min = Math.max(s.minimum ?? -(2 ** 31), -(2 ** 53));
        const max = Math.min(s.maximum ?? 2 ** 31, 2 ** 53);
        options.push(
          leaf(
            t === "integer"
              ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
              : fc.double({ min, max, noNaN: true }),
          ),
        );
        break;
      }
      case "string": {
        const maxLength = Math.min(s.maxLength ?? 64, 64);
        const minLength = Math.min(s.minLength ?? 0, maxLength);
        const strings: fc.Arbitrary<string>[] = [
          fc.string({ minLength, maxLength }),
          fc.string({ minLength, maxLength, unit: "binary" }),
        ];
        if (s.pattern) {
          try {
            strings.push(
              fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? 1e9)),
            );
          } catch {
            // a pattern JavaScript cannot compile: the plain strings above still apply
          }
        }
        if (s.format === "uri") strings.push(fc.webUrl());
        if (s.example !== undefined) strings.push(fc.constant(String(s.example)));
        options.push(
          fc.oneof({ arbitrary: fc.oneof(...strings), weight: 4 }, { arbitrary: hostileString, weight: 1 }),
        );
        break;
      }
      case "array": {
        const item = depth > 4 ? fc.constant(null) : arbFromSchema(s.items ?? {}, resolve, depth + 1);
        options.push(leaf(fc.array(item, { maxLength: Math.min(s.maxItems ?? 3, 3) })));
        break;
      }
      case "object": {
        if (depth > 4) {
          options.push(fc.constant({}));
          break;
        }
        const props: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>))
          props[k] = arbFromSchema(v, resolve, depth + 1);
        const record = fc.record(props, {
          requiredKeys: (s.required ?? []).filter((k: string) => k in props),
        });
        // Sometimes an unknown key as well (strict objects must refuse it, never crash on it).
        const withExtra = fc
          .tuple(
            record,
            fc.constantFrom("__proto__", "constructor", "extra", "role", "dealershipId"),
            hostileValue,
          )
          .map(([r, k, v]) => {
            const o = { ...(r as Record<string, unknown>) };
            Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
            return o;
          });
        options.push(
          fc.oneof(
            { arbitrary: record, weight: 4 },
            { arbitrary: withExtra, weight: 1 },
            { arbitrary: hostileValue, weight: 1 },
          ),
        );
        break;
      }
      default:
        options.push(hostileValue);
    }
  }
  return options.length === 1 ? options[0]! : fc.oneof(...options);
}

/** A path segment for any string (lone surrogates cannot be encodeURIComponent'ed: sent as raw escapes). */
export function pathSegment(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return v
      .replace(/[\ud800-\udfff]/g, "%ED%A0%80")
      .replace(/[^A-Za-z0-9%_.~-]/g, (c) => encodeURIComponent(c));
  }
}
