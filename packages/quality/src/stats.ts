/** Small numeric helpers. Every function returns finite numbers for finite input and never mutates its input. */

/** Ascending copy. */
export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Quantile of an ascending array, linear interpolation between order statistics (R type 7). Empty → NaN. */
export function quantileSorted(asc: ArrayLike<number>, q: number): number {
  const n = asc.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return asc[0]!;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = asc[lo]!;
  const b = asc[hi]!;
  return a + (h - lo) * (b - a);
}

export function median(values: readonly number[]): number {
  return quantileSorted(sorted(values), 0.5);
}

/** x limited to [lo, hi]; NaN → lo. */
export function clamp(x: number, lo: number, hi: number): number {
  return Number.isNaN(x) ? lo : Math.min(Math.max(x, lo), hi);
}

export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** Piecewise-linear curve through ascending [x, y] points, flat beyond both ends. */
export function piecewise(x: number, points: readonly (readonly [number, number])[]): number {
  const first = points[0]!;
  if (!(x > first[0])) return first[1];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    if (x <= x1) {
      const [x0, y0] = points[i - 1]!;
      return y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  return points[points.length - 1]![1];
}

/** FNV-1a 32-bit over the UTF-16 code units of `text`, as 8 hex digits. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** A finite number, else null. */
export function finite(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
