/**
 * Response-body helpers for the guarded fetch: bounded, deadline-aware stream reading; binary detection;
 * charset detection and decoding that never throws. Web APIs only (workerd and Node).
 */

export type ReadOutcome =
  | { kind: "done"; bytes: Uint8Array; truncated: boolean }
  | { kind: "too_large"; bytesRead: number }
  | { kind: "timeout"; bytesRead: number }
  | { kind: "error"; bytesRead: number; error: unknown };

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/**
 * Read a body stream, counting the bytes actually received (Content-Length is not trusted), stopping as
 * soon as more than `maxBytes` arrive and cancelling the stream so the rest is never downloaded. Each read
 * races the absolute deadline `deadlineAt` (ms since epoch, by `now`), so a server that drips one byte a
 * second cannot keep us past it. With `truncate`, an oversize body is cut to `maxBytes` instead of failing.
 */
export async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  opts: { maxBytes: number; deadlineAt: number; truncate: boolean; now?: () => number; onAbort?: () => void },
): Promise<ReadOutcome> {
  if (!body) return { kind: "done", bytes: new Uint8Array(0), truncated: false };
  const now = opts.now ?? (() => Date.now());
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stop = () => {
    reader.cancel().catch(() => {});
    opts.onAbort?.();
  };
  for (;;) {
    const remaining = opts.deadlineAt - now();
    if (remaining <= 0) {
      stop();
      return { kind: "timeout", bytesRead: total };
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), remaining);
    });
    let step: ReadableStreamReadResult<Uint8Array> | "timeout";
    try {
      step = await Promise.race([reader.read(), timeout]);
    } catch (error) {
      clearTimeout(timer);
      stop();
      return { kind: "error", bytesRead: total, error };
    }
    clearTimeout(timer);
    if (step === "timeout") {
      stop();
      return { kind: "timeout", bytesRead: total };
    }
    if (step.done) break;
    const chunk = step.value;
    if (!(chunk instanceof Uint8Array)) {
      stop();
      return { kind: "error", bytesRead: total, error: new TypeError("body chunk is not bytes") };
    }
    if (total + chunk.byteLength > opts.maxBytes) {
      if (opts.truncate) {
        const keep = opts.maxBytes - total;
        if (keep > 0) chunks.push(chunk.subarray(0, keep));
        total += Math.max(keep, 0);
        stop();
        return { kind: "done", bytes: concat(chunks, total), truncated: true };
      }
      total += chunk.byteLength;
      stop();
      return { kind: "too_large", bytesRead: total };
    }
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  return { kind: "done", bytes: concat(chunks, total), truncated: false };
}

/** The media type of a Content-Type header, lower-cased, without parameters ("" when absent). */
export function mediaType(contentType: string | null): string {
  if (!contentType) return "";
  return contentType.split(";")[0]!.trim().toLowerCase();
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetParam(contentType: string | null): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return m?.[2];
}

const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
/** Types that say nothing reliable: the body is sniffed. */
const VAGUE_TYPES = new Set([
  "",
  "application/octet-stream",
  "binary/octet-stream",
  "text/plain",
  "unknown/unknown",
  "application/unknown",
]);
const BINARY_PREFIXES = ["image/", "audio/", "video/", "font/", "model/", "multipart/"];
const BINARY_TYPES = new Set([
  "application/pdf",
  "application/zip",
  "application/gzip",
  "application/x-gzip",
  "application/x-tar",
  "application/x-7z-compressed",
  "application/x-rar-compressed",
  "application/vnd.rar",
  "application/x-bzip2",
  "application/x-xz",
  "application/zstd",
  "application/wasm",
  "application/x-msdownload",
  "application/x-executable",
  "application/java-archive",
  "application/vnd.ms-excel",
  "application/msword",
  "application/x-shockwave-flash",
  "application/font-woff",
  "application/x-font-ttf",
  "application/vnd.android.package-archive",
  "application/x-protobuf",
  "application/grpc",
]);

export type BodyExpectation = "html" | "text";

/**
 * Decide from the Content-Type alone (before downloading) whether the body can be what we expect.
 * Returns a reason to refuse, or null to go on (the bytes are sniffed afterwards in every case).
 */
export function refuseByContentType(contentType: string | null, expect: BodyExpectation): string | null {
  const type = mediaType(contentType);
  if (BINARY_TYPES.has(type) || BINARY_PREFIXES.some((p) => type.startsWith(p)) || type.endsWith("+zip")) {
    return `Content-Type ${type} is binary`;
  }
  if (expect === "html" && !HTML_TYPES.has(type) && !VAGUE_TYPES.has(type)) {
    return `Content-Type ${type} is not HTML`;
  }
  return null;
}

const MAGIC: [string, number[]][] = [
  ["PDF", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["PNG", [0x89, 0x50, 0x4e, 0x47]],
  ["GIF", [0x47, 0x49, 0x46, 0x38]],
  ["JPEG", [0xff, 0xd8, 0xff]],
  ["ZIP", [0x50, 0x4b, 0x03, 0x04]],
  ["gzip", [0x1f, 0x8b]],
  ["bzip2", [0x42, 0x5a, 0x68]],
  ["7z", [0x37, 0x7a, 0xbc, 0xaf]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a]],
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
  ["RIFF", [0x52, 0x49, 0x46, 0x46]],
  ["ELF", [0x7f, 0x45, 0x4c, 0x46]],
  ["WebAssembly", [0x00, 0x61, 0x73, 0x6d]],
  ["WOFF", [0x77, 0x4f, 0x46, 0x46]],
  ["WOFF2", [0x77, 0x4f, 0x46, 0x32]],
];

function startsWithBytes(bytes: Uint8Array, prefix: number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

/** The encoding named by a byte-order mark, if any (BOM beats every other charset source). */
export function bomEncoding(bytes: Uint8Array): "utf-8" | "utf-16le" | "utf-16be" | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

/**
 * Sniff the first bytes: a reason when they look binary (known magic numbers, NUL bytes, or a high share of
 * control characters), otherwise null. UTF-16 text with a BOM is text.
 */
export function sniffBinary(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  const bom = bomEncoding(bytes);
  if (bom === "utf-16le" || bom === "utf-16be") return null;
  for (const [name, magic] of MAGIC) {
    if (startsWithBytes(bytes, magic)) return `body starts with the ${name} signature`;
  }
  const head = bytes.subarray(0, 4096);
  let controls = 0;
  for (const b of head) {
    if (b === 0) return "body contains NUL bytes";
    // Allowed controls: TAB, LF, FF, CR, ESC (ISO-2022-JP).
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) controls++;
  }
  if (controls / head.length > 0.05) return "body is mostly control bytes";
  return null;
}

/** Does the (already non-binary) body look like HTML markup? Used when the Content-Type is vague. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = latin1(bytes.subarray(0, 1024))
    .replace(/^\ufeff|^\u00ef\u00bb\u00bf/, "")
    .trimStart()
    .toLowerCase();
  return (
    head.startsWith("<") &&
    /<(!doctype\s+html|html|head|body|meta|title|div|p|a|script|link|!--)[\s>/]/.test(head)
  );
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** The charset declared by a <meta> tag in the first 1024 bytes (the HTML prescan window). */
export function metaCharset(bytes: Uint8Array): string | undefined {
  const head = latin1(bytes.subarray(0, 1024));
  const tag = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-zA-Z0-9_:.()-]+)/i.exec(head);
  return tag?.[1];
}

/** A TextDecoder for `label`, or undefined when the runtime does not know the label. Never throws. */
function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.trim());
  } catch {
    return undefined;
  }
}

/**
 * windows-1252 bytes 0x80–0x9F (curly quotes, dashes, €, ™…). Some runtimes (Node 20's TextDecoder) decode
 * "windows-1252" as ISO-8859-1 and yield C1 controls U+0080–U+009F for them; we map those back. In a
 * correct runtime windows-1252 output never contains C1 controls except the five undefined bytes, which the
 * WHATWG table maps to themselves (kept as is here too), so the repair is a no-op there.
 */
const CP1252_C1 =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

function decodeWith(decoder: TextDecoder, bytes: Uint8Array): string {
  const text = decoder.decode(bytes);
  if (decoder.encoding !== "windows-1252") return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}

export interface DecodedBody {
  text: string;
  /** The encoding actually used (TextDecoder's canonical name). */
  charset: string;
  /** Where it came from. "fallback" means a declared label was unknown (or absent) and UTF-8 was used. */
  charsetSource: "bom" | "header" | "meta" | "default" | "fallback";
  /** The declared label that could not be used, if any. */
  badLabel?: string;
}

/**
 * Decode a body: BOM first, then the Content-Type charset, then a <meta> charset (HTML only), then UTF-8.
 * An unknown or hostile label never throws: it falls back to UTF-8 with replacement characters.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null, sniffMeta: boolean): DecodedBody {
  const bom = bomEncoding(bytes);
  if (bom) {
    const d = decoderFor(bom)!;
    return { text: d.decode(bytes), charset: d.encoding, charsetSource: "bom" };
  }
  let badLabel: string | undefined;
  const header = charsetParam(contentType);
  if (header) {
    const d = decoderFor(header);
    if (d) return { text: decodeWith(d, bytes), charset: d.encoding, charsetSource: "header" };
    badLabel = header;
  }
  if (sniffMeta) {
    let meta = metaCharset(bytes);
    // HTML: a meta declaration of UTF-16 means UTF-8 (the bytes are ASCII-compatible if we could read it).
    if (meta && /^utf-?16/i.test(meta)) meta = "utf-8";
    if (meta) {
      const d = decoderFor(meta);
      if (d) return { text: decodeWith(d, bytes), charset: d.encoding, charsetSource: "meta" };
      badLabel ??= meta;
    }
  }
  const utf8 = new TextDecoder("utf-8");
  return badLabel
    ? { text: utf8.decode(bytes), charset: "utf-8", charsetSource: "fallback", badLabel }
    : { text: utf8.decode(bytes), charset: "utf-8", charsetSource: "default" };
}
