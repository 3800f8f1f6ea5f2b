/**
 * Turning a fetched body into text safely: binary detection (so an image or a PDF served as text/html is a
 * warning, not garbage vehicles) and charset decoding from the BOM, the Content-Type header or a <meta
 * charset> in the first bytes. Uses only TextDecoder, available in workerd and Node.
 */

const MAGIC: [string, number[]][] = [
  ["PDF", [0x25, 0x50, 0x44, 0x46]],
  ["PNG", [0x89, 0x50, 0x4e, 0x47]],
  ["GIF", [0x47, 0x49, 0x46, 0x38]],
  ["JPEG", [0xff, 0xd8, 0xff]],
  ["ZIP", [0x50, 0x4b, 0x03, 0x04]],
  ["gzip", [0x1f, 0x8b]],
  ["WebP/RIFF", [0x52, 0x49, 0x46, 0x46]],
  ["WASM", [0x00, 0x61, 0x73, 0x6d]],
  ["ELF", [0x7f, 0x45, 0x4c, 0x46]],
];

/** A reason when `text` (already decoded) is not a text document: control characters, replacement characters, magic numbers. */
export function binaryReason(text: string): string | null {
  const n = Math.min(text.length, 4096);
  if (n === 0) return null;
  const codes: number[] = [];
  for (let i = 0; i < Math.min(8, n); i++) codes.push(text.charCodeAt(i) & 0xff);
  for (const [name, sig] of MAGIC) {
    if (sig.every((b, i) => codes[i] === b) && (name !== "WebP/RIFF" || text.slice(8, 12) === "WEBP")) {
      if (text.charCodeAt(0) === sig[0]) return `the body looks like ${name} data, not HTML`;
    }
  }
  let control = 0;
  let replacement = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return "the body contains NUL bytes: binary data, not HTML";
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) control++;
    else if (c === 0xfffd) replacement++;
  }
  if (control / n > 0.05) return "the body is mostly control characters: binary data, not HTML";
  if (replacement / n > 0.1) return "the body is mostly undecodable bytes: binary data or a wrong charset";
  return null;
}

function sniffCharset(bytes: Uint8Array, contentType: string | null | undefined): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? "");
  if (fromHeader) return fromHeader[1]!.toLowerCase();
  // <meta charset="…"> or http-equiv content="…; charset=…" in the first 1,024 bytes (ASCII-compatible)
  let head = "";
  for (let i = 0; i < Math.min(bytes.length, 1024); i++) head += String.fromCharCode(bytes[i]!);
  const meta = /<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  if (meta) return meta[1]!.toLowerCase();
  return "utf-8";
}

export interface DecodedBody {
  text: string;
  charset: string;
  /** Set when the body is binary; `text` is then empty. */
  binary: string | null;
  warnings: string[];
}

/** Decodes a fetched body for `extractPage`. Never throws; unknown charsets fall back to UTF-8 with a warning. */
export function decodeBody(bytes: Uint8Array, contentType?: string | null): DecodedBody {
  const warnings: string[] = [];
  const codes: number[] = Array.from(bytes.subarray(0, 8));
  for (const [name, sig] of MAGIC) {
    if (sig.every((b, i) => codes[i] === b)) {
      if (name === "WebP/RIFF" && String.fromCharCode(...Array.from(bytes.subarray(8, 12))) !== "WEBP")
        continue;
      return { text: "", charset: "binary", binary: `the body looks like ${name} data, not HTML`, warnings };
    }
  }
  let charset = sniffCharset(bytes, contentType);
  let text: string;
  try {
    text = new TextDecoder(charset).decode(bytes);
  } catch {
    warnings.push(`unknown charset ${JSON.stringify(charset)}; decoded as UTF-8`);
    charset = "utf-8";
    text = new TextDecoder("utf-8").decode(bytes);
  }
  const binary = binaryReason(text);
  if (binary) return { text: "", charset, binary, warnings };
  return { text, charset, binary: null, warnings };
}
