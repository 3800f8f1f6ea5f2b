import type {
  BodyStyle,
  ColorFamily,
  Condition,
  Drivetrain,
  FuelType,
  Transmission,
} from "@forecourt/domain";

/** FNV-1a, 32 bit: a stable per-string hash for deterministic per-vehicle variations. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const ESCAPE_RE = /[&<>"']/g;
const NEEDS_ESCAPE = /[&<>"']/;

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function esc(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = String(value);
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_RE, (c) => ESCAPES[c]!) : s;
}

/** JSON safe inside a <script> element (no "</script>", no "<!--"). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** 1234567 → "1,234,567" (hand-rolled: toLocaleString is slow on the hot path). */
export function commas(n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ",";
    out += s[i];
  }
  return n < 0 ? `-${out}` : out;
}

/** Minor units → "$23,995". */
export function usd(cents: number): string {
  return `$${commas(Math.round(cents / 100))}`;
}

/** 23874 → "23.9k mi"; 120000 → "120k mi"; 12 → "12 mi". */
export function shortMiles(miles: number): string {
  if (miles < 1000) return `${miles} mi`;
  const k = (Math.round(miles / 100) / 10).toFixed(1).replace(/\.0$/, "");
  return `${k}k mi`;
}

/** Estimated monthly payment in whole dollars: 10% down, 72 months at 6.9% APR. */
export function monthlyPayment(cents: number): number {
  const principal = (cents / 100) * 0.9;
  const r = 0.069 / 12;
  const n = 72;
  return Math.round((principal * r) / (1 - (1 + r) ** -n));
}

export const BODY_LABEL: Record<BodyStyle, string> = {
  sedan: "Sedan",
  suv: "SUV",
  truck: "Pickup Truck",
  coupe: "Coupe",
  convertible: "Convertible",
  hatchback: "Hatchback",
  wagon: "Wagon",
  van: "Van",
  minivan: "Minivan",
  other: "Other",
};

export const DRIVE_LABEL: Record<Drivetrain, string> = {
  fwd: "Front-Wheel Drive",
  rwd: "Rear-Wheel Drive",
  awd: "All-Wheel Drive",
  "4wd": "Four-Wheel Drive",
};

export const DRIVE_SHORT: Record<Drivetrain, string> = { fwd: "FWD", rwd: "RWD", awd: "AWD", "4wd": "4WD" };

export const DRIVE_SCHEMA: Record<Drivetrain, string> = {
  fwd: "https://schema.org/FrontWheelDriveConfiguration",
  rwd: "https://schema.org/RearWheelDriveConfiguration",
  awd: "https://schema.org/AllWheelDriveConfiguration",
  "4wd": "https://schema.org/FourWheelDriveConfiguration",
};

export const TRANSMISSION_LABEL: Record<Transmission, string> = {
  automatic: "Automatic",
  manual: "Manual",
  cvt: "CVT",
  dct: "Dual-Clutch Automatic",
  other: "Other",
};

export const FUEL_LABEL: Record<FuelType, string> = {
  gasoline: "Gasoline",
  diesel: "Diesel",
  hybrid: "Hybrid",
  plug_in_hybrid: "Plug-In Hybrid",
  electric: "Electric",
  flex: "Flex Fuel",
  other: "Other",
};

export const CONDITION_LABEL: Record<Condition, string> = {
  new: "New",
  used: "Used",
  certified: "Certified Pre-Owned",
};

export const CONDITION_SCHEMA: Record<Condition, string> = {
  new: "https://schema.org/NewCondition",
  used: "https://schema.org/UsedCondition",
  certified: "https://schema.org/UsedCondition",
};

/** Paint colours for the SVG photos. */
export const COLOR_HEX: Record<ColorFamily, string> = {
  black: "#1f2226",
  white: "#f4f5f2",
  silver: "#b9bec4",
  gray: "#6e747b",
  red: "#a31d24",
  blue: "#1f4e8c",
  green: "#3d6b45",
  brown: "#6b4a2f",
  beige: "#cdbb98",
  gold: "#c7a23b",
  orange: "#d9691e",
  yellow: "#e3c02c",
  purple: "#5b3a7a",
  other: "#7a7a7a",
};

/** Fixed calendar for sitemap dates: generation N is "day N" after this date. */
const EPOCH = Date.UTC(2026, 0, 5);
export function generationDate(generation: number): string {
  return new Date(EPOCH + generation * 86_400_000).toISOString().slice(0, 10);
}
