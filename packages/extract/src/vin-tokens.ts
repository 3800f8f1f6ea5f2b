/**
 * Finds 17-character VIN-shaped tokens in text, in one linear pass: a run of
 * ASCII letters and digits exactly 17 long, with no I, O or Q, at least one digit and one letter, and no
 * character repeated six times in a row ("444444444444443PX" is filler, not a VIN). Validation against the
 * VIN rules happens later, once per distinct token.
 */

export interface VinTokenInfo {
  count: number;
  /** Seen right after a "VIN" label (or in a field named like one) at least once. */
  labelled: boolean;
  /** A link that carried the token, when one did. */
  href: string | null;
}

export type VinTokenMap = Map<string, VinTokenInfo>;

function plausible(tok: string): boolean {
  let digits = 0;
  let letters = 0;
  let run = 1;
  for (let i = 0; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else {
      letters++;
      if (c === 73 || c === 79 || c === 81) return false; // I O Q
    }
    if (i > 0) {
      run = c === tok.charCodeAt(i - 1) ? run + 1 : 1;
      if (run >= 6) return false;
    }
  }
  return digits > 0 && letters > 0;
}

/** Looks back a few characters for a "vin" label: `vin: "…"`, `window.vin='…'`, `"vehicleVin":"…"`, `?vin=…`. */
function labelledBefore(text: string, start: number): boolean {
  const from = Math.max(0, start - 24);
  const before = text.slice(from, start).toLowerCase();
  const i = before.lastIndexOf("vin");
  if (i < 0) return false;
  // only separators between the label and the token
  return /^[a-z_]*["'\s:=#(\\]*$/.test(before.slice(i + 3));
}

/** 1 for ASCII letters and digits. */
const ALNUM = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ALNUM[c] = 1;
for (let c = 65; c <= 90; c++) ALNUM[c] = 1;
for (let c = 97; c <= 122; c++) ALNUM[c] = 1;

export function scanVinTokens(
  text: string,
  into: VinTokenMap,
  opts: { labelled?: boolean; href?: string | null; maxDistinct?: number } = {},
): void {
  const n = text.length;
  if (n < 17) return;
  const maxDistinct = opts.maxDistinct ?? 5000;
  // One pass over the characters: measure each run of letters/digits, look closer only at 17-long ones.
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c >= 128 || ALNUM[c] === 0) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c >= 128 || ALNUM[c] === 0) break;
      i++;
    }
    if (i - start !== 17) continue;
    const run = text.slice(start, i);
    const tok = run.toUpperCase();
    if (!plausible(tok)) continue;
    const labelled = opts.labelled === true || labelledBefore(text, start);
    const cur = into.get(tok);
    if (cur) {
      cur.count++;
      if (labelled) cur.labelled = true;
      if (!cur.href && opts.href) cur.href = opts.href;
    } else if (into.size < maxDistinct) {
      into.set(tok, { count: 1, labelled, href: opts.href ?? null });
    }
  }
}
