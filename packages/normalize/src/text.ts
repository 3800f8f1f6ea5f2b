/** Small text helpers shared by every normaliser. Pure, no I/O, safe on any input. */

/** Trim and collapse runs of whitespace (including NBSP and other Unicode spaces) to one space. */
export function collapse(s: string): string {
  return s.trim().replace(/\s+/g, " ");
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\ufeff]/g;

/** `collapse` for values of unknown type: anything but a string (or a finite number) becomes "". */
export function asText(v: unknown, max = 2000): string {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return "";
  // Cap before collapsing so hostile multi-megabyte strings stay cheap.
  const capped = v.length > max * 4 ? v.slice(0, max * 4) : v;
  const out = collapse(capped.replace(CONTROL, ""));
  return out.length > max ? out.slice(0, max) : out;
}

/** Lower-case letters and digits only; used to compare values that differ only in punctuation or case. */
export function looseKey(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, "");
}
