import { collapse } from "./text";

function titleWord(w: string): string {
  return w
    .split("-")
    .map((seg) => (seg ? seg[0]!.toUpperCase() + seg.slice(1).toLowerCase() : seg))
    .join("-");
}

const isSingleCase = (s: string) => s === s.toLowerCase() || s === s.toUpperCase();

/** Model words whose casing the generic rules get wrong. */
const MODEL_WORDS: Record<string, string> = {
  rav4: "RAV4",
  "4runner": "4Runner",
  wrx: "WRX",
  sti: "STI",
  gti: "GTI",
  gli: "GLI",
  gt: "GT",
  gto: "GTO",
  "cr-v": "CR-V",
  "hr-v": "HR-V",
  "br-v": "BR-V",
  "cr-z": "CR-Z",
  mdx: "MDX",
  rdx: "RDX",
  tlx: "TLX",
  ilx: "ILX",
  crv: "CR-V",
  hrv: "HR-V",
  bmw: "BMW",
  amg: "AMG",
  srt: "SRT",
  suv: "SUV",
  xl: "XL",
  xlt: "XLT",
  lx: "LX",
  ex: "EX",
  "ex-l": "EX-L",
  se: "SE",
  le: "LE",
  xle: "XLE",
  sr: "SR",
  sr5: "SR5",
  trd: "TRD",
  ss: "SS",
  rs: "RS",
  st: "ST",
  gs: "GS",
  es: "ES",
  is: "IS",
  rx: "RX",
  nx: "NX",
  ux: "UX",
  gx: "GX",
  lx570: "LX570",
  id: "ID",
  ev: "EV",
  phev: "PHEV",
  awd: "AWD",
  fwd: "FWD",
  rwd: "RWD",
  "4wd": "4WD",
  "4x4": "4x4",
  "e-tron": "e-tron",
  ioniq: "IONIQ",
  "mx-5": "MX-5",
  miata: "Miata",
  "cx-5": "CX-5",
  "cx-50": "CX-50",
  "cx-9": "CX-9",
  "cx-90": "CX-90",
  "cx-30": "CX-30",
  gr86: "GR86",
  bz4x: "bZ4X",
  mkz: "MKZ",
  mkx: "MKX",
  qx50: "QX50",
  qx60: "QX60",
  qx80: "QX80",
};

/**
 * Model casing: a model typed in mixed case is trusted as written (only whitespace is tidied); a model in
 * all-lower or all-upper case is re-cased word by word: known words from the table, words with digits in
 * upper case ("f-150" -> "F-150"), hyphenated short codes in upper case ("cr-v"), the rest in title case.
 */
export function normalizeModel(raw: string): string {
  const v = collapse(raw);
  if (!isSingleCase(v)) return v;
  return v
    .split(" ")
    .map((w) => {
      const lower = w.toLowerCase();
      const known = MODEL_WORDS[lower];
      if (known) return known;
      if (/\d/.test(w)) return w.toUpperCase();
      if (w.includes("-") && lower.split("-").every((seg) => seg.length <= 2)) return w.toUpperCase();
      return titleWord(w);
    })
    .join(" ");
}
