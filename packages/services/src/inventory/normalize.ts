import {
  BODY_STYLES,
  type BodyStyle,
  COLOR_FAMILIES,
  CONDITIONS,
  type ColorFamily,
  type Condition,
  DRIVETRAINS,
  type Drivetrain,
  FUEL_TYPES,
  type FuelType,
  type Money,
  TRANSMISSIONS,
  type Transmission,
  VEHICLE_STATUSES,
  type VehicleFields,
  type VehicleStatus,
} from "@forecourt/domain";
import type { Issue } from "../errors";

/**
 * Turning what a caller (or a scraper) typed into the canonical vehicle: trimmed strings, canonical make
 * spelling, model casing, colour family, and every range rule. Pure functions; the VIN checks live in
 * vehicle-rules.ts.
 */

export const LIMITS = {
  yearMin: 1900,
  /** Model years run at most one ahead of the calendar: max = current year + 1. */
  yearsAhead: 1,
  mileageMax: 2_000_000,
  /** 100,000,000.00 in minor units. */
  priceMaxMinor: 10_000_000_000,
  photosMax: 100,
  urlMax: 2048,
  descriptionMax: 20_000,
  shortTextMax: 120,
  makeMax: 50,
  modelMax: 80,
} as const;

/** Canonical spellings, keyed by the make reduced to lower-case letters and digits. */
const CANONICAL_MAKES = [
  "Acura",
  "Alfa Romeo",
  "Aston Martin",
  "Audi",
  "Bentley",
  "BMW",
  "Buick",
  "Cadillac",
  "Chevrolet",
  "Chrysler",
  "Daewoo",
  "Dodge",
  "Ferrari",
  "Fiat",
  "Fisker",
  "Ford",
  "Genesis",
  "Geo",
  "GMC",
  "Honda",
  "Hummer",
  "Hyundai",
  "Infiniti",
  "Isuzu",
  "Jaguar",
  "Jeep",
  "Kia",
  "Lamborghini",
  "Land Rover",
  "Lexus",
  "Lincoln",
  "Lotus",
  "Lucid",
  "Maserati",
  "Maybach",
  "Mazda",
  "McLaren",
  "Mercedes-Benz",
  "Mercury",
  "MINI",
  "Mitsubishi",
  "Nissan",
  "Oldsmobile",
  "Plymouth",
  "Polestar",
  "Pontiac",
  "Porsche",
  "Ram",
  "Rivian",
  "Rolls-Royce",
  "Saab",
  "Saturn",
  "Scion",
  "Smart",
  "Subaru",
  "Suzuki",
  "Tesla",
  "Toyota",
  "VinFast",
  "Volkswagen",
  "Volvo",
];
const MAKE_ALIASES: Record<string, string> = {
  chevy: "Chevrolet",
  chev: "Chevrolet",
  vw: "Volkswagen",
  volkswagon: "Volkswagen",
  mercedes: "Mercedes-Benz",
  benz: "Mercedes-Benz",
  mercedesbenz: "Mercedes-Benz",
  landrover: "Land Rover",
  alfa: "Alfa Romeo",
  alfaromeo: "Alfa Romeo",
  astonmartin: "Aston Martin",
  rollsroyce: "Rolls-Royce",
  infinity: "Infiniti",
  caddy: "Cadillac",
  caddilac: "Cadillac",
  ramtrucks: "Ram",
  minicooper: "MINI",
  fiat: "Fiat",
  smart: "Smart",
};
const MAKE_INDEX: Map<string, string> = new Map([
  ...CANONICAL_MAKES.map((m) => [makeKey(m), m] as [string, string]),
  ...Object.entries(MAKE_ALIASES),
]);

/** Lower-case letters and digits only: "Mercedes-Benz" and "mercedes benz" share a key. */
export function makeKey(make: string): string {
  return make.toLowerCase().replace(/[^a-z0-9]/g, "");
}

export function collapse(s: string): string {
  return s.trim().replace(/\s+/g, " ");
}

/** Control characters (NUL, escapes, DEL...) have no place in a name or label. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
export const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function titleWord(w: string): string {
  return w
    .split("-")
    .map((seg) => (seg ? seg[0]!.toUpperCase() + seg.slice(1).toLowerCase() : seg))
    .join("-");
}

const isSingleCase = (s: string) => s === s.toLowerCase() || s === s.toUpperCase();

export function normalizeMake(raw: string): string {
  const v = collapse(raw);
  const known = MAKE_INDEX.get(makeKey(v));
  if (known) return known;
  return isSingleCase(v) ? v.split(" ").map(titleWord).join(" ") : v;
}

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

const PRIMARY_COLOURS: Record<string, ColorFamily> = {
  black: "black",
  white: "white",
  silver: "silver",
  gray: "gray",
  grey: "gray",
  red: "red",
  blue: "blue",
  green: "green",
  brown: "brown",
  beige: "beige",
  tan: "beige",
  gold: "gold",
  orange: "orange",
  yellow: "yellow",
  purple: "purple",
  violet: "purple",
};
const SECONDARY_COLOURS: Record<string, ColorFamily> = {
  ebony: "black",
  onyx: "black",
  obsidian: "black",
  jet: "black",
  midnight: "black",
  raven: "black",
  pearl: "white",
  ivory: "white",
  snow: "white",
  alabaster: "white",
  frost: "white",
  glacier: "white",
  platinum: "silver",
  chrome: "silver",
  aluminum: "silver",
  titanium: "silver",
  quicksilver: "silver",
  charcoal: "gray",
  graphite: "gray",
  gunmetal: "gray",
  slate: "gray",
  granite: "gray",
  steel: "gray",
  magnetic: "gray",
  ash: "gray",
  cement: "gray",
  smoke: "gray",
  maroon: "red",
  burgundy: "red",
  crimson: "red",
  ruby: "red",
  cherry: "red",
  scarlet: "red",
  cardinal: "red",
  wine: "red",
  garnet: "red",
  navy: "blue",
  cobalt: "blue",
  azure: "blue",
  sapphire: "blue",
  indigo: "blue",
  teal: "blue",
  aqua: "blue",
  lapis: "blue",
  cyan: "blue",
  olive: "green",
  emerald: "green",
  jade: "green",
  lime: "green",
  forest: "green",
  sage: "green",
  moss: "green",
  bronze: "brown",
  mocha: "brown",
  chocolate: "brown",
  espresso: "brown",
  copper: "brown",
  mahogany: "brown",
  walnut: "brown",
  caramel: "brown",
  cocoa: "brown",
  sand: "beige",
  khaki: "beige",
  cream: "beige",
  champagne: "beige",
  taupe: "beige",
  desert: "beige",
  mustang: "beige",
  amber: "orange",
  tangerine: "orange",
  sunset: "orange",
  lemon: "yellow",
  plum: "purple",
  lavender: "purple",
  amethyst: "purple",
  magenta: "purple",
};

/** Colour family for a free-text colour: the first basic colour word, else the first known shade, else "other". */
export function colorFamily(raw: string | null | undefined): ColorFamily | null {
  if (!raw) return null;
  const words = raw
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  if (words.length === 0) return null;
  for (const w of words) if (PRIMARY_COLOURS[w]) return PRIMARY_COLOURS[w]!;
  for (const w of words) if (SECONDARY_COLOURS[w]) return SECONDARY_COLOURS[w]!;
  return "other";
}

/** Maps user words for colour filters ("grey", "Navy") onto families; unknown words are returned as null. */
export function colorFamilyFilter(raw: string): ColorFamily | null {
  const w = raw.trim().toLowerCase();
  if ((COLOR_FAMILIES as readonly string[]).includes(w)) return w as ColorFamily;
  const f = colorFamily(w);
  return f === "other" ? null : f;
}

/** What callers may send for a vehicle. Everything but the identity fields is optional. */
export interface VehicleInput {
  vin: string;
  year: number;
  make: string;
  model: string;
  trim?: string | null;
  bodyStyle?: BodyStyle | null;
  condition?: Condition;
  price?: Money | null;
  mileage?: number | null;
  exteriorColor?: string | null;
  exteriorColorFamily?: ColorFamily | null;
  interiorColor?: string | null;
  drivetrain?: Drivetrain | null;
  transmission?: Transmission | null;
  fuelType?: FuelType | null;
  engine?: string | null;
  photos?: string[];
  description?: string | null;
  stockNumber?: string | null;
  sourceUrl?: string | null;
  status?: VehicleStatus;
}

function optText(v: string | null | undefined, path: string, max: number, issues: Issue[]): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") {
    issues.push({ path: [path], code: "invalid_type", message: `${path} must be a string or null` });
    return null;
  }
  const t = collapse(v);
  if (t.length > max) {
    issues.push({ path: [path], code: "too_long", message: `${path} must be at most ${max} characters` });
  }
  if (CONTROL_CHARS.test(t)) {
    issues.push({
      path: [path],
      code: "control_characters",
      message: `${path} must not contain control characters`,
    });
  }
  return t.length === 0 ? null : t;
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

function oneOf<T extends string>(
  v: T | null | undefined,
  allowed: readonly T[],
  path: string,
  issues: Issue[],
): T | null {
  if (v === undefined || v === null) return null;
  if (!allowed.includes(v)) {
    issues.push({
      path: [path],
      code: "invalid_value",
      message: `${path} must be one of ${allowed.join(", ")}`,
    });
    return null;
  }
  return v;
}

/**
 * Every field rule except the VIN checks. `currentYear` comes from the service clock so the upper bound
 * on `year` moves with time. Returns canonical fields plus the problems found (empty when valid).
 */
export function normalizeVehicleFields(
  input: VehicleInput,
  currentYear: number,
): { fields: VehicleFields; issues: Issue[] } {
  const issues: Issue[] = [];
  const vin = typeof input.vin === "string" ? input.vin.trim().toUpperCase() : "";
  const yearMax = currentYear + LIMITS.yearsAhead;
  if (!Number.isInteger(input.year) || input.year < LIMITS.yearMin || input.year > yearMax) {
    issues.push({
      path: ["year"],
      code: "out_of_range",
      message: `year must be a whole number from ${LIMITS.yearMin} to ${yearMax}`,
    });
  }
  const make = typeof input.make === "string" ? normalizeMake(input.make) : "";
  if (make.length < 1 || make.length > LIMITS.makeMax || CONTROL_CHARS.test(make)) {
    issues.push({
      path: ["make"],
      code: "invalid_length",
      message: `make must be 1 to ${LIMITS.makeMax} characters`,
    });
  }
  const model = typeof input.model === "string" ? normalizeModel(input.model) : "";
  if (model.length < 1 || model.length > LIMITS.modelMax || CONTROL_CHARS.test(model)) {
    issues.push({
      path: ["model"],
      code: "invalid_length",
      message: `model must be 1 to ${LIMITS.modelMax} characters`,
    });
  }

  let price: Money | null = null;
  if (input.price !== undefined && input.price !== null) {
    const { amount, currency } = input.price;
    if (!Number.isInteger(amount) || amount < 0 || amount > LIMITS.priceMaxMinor) {
      issues.push({
        path: ["price", "amount"],
        code: "out_of_range",
        message: `price.amount must be a whole number of minor units (cents) from 0 to ${LIMITS.priceMaxMinor}`,
      });
    }
    const cur = typeof currency === "string" ? currency.trim().toUpperCase() : "";
    if (!/^[A-Z]{3}$/.test(cur)) {
      issues.push({
        path: ["price", "currency"],
        code: "invalid_value",
        message: "price.currency must be an ISO 4217 code such as USD",
      });
    }
    price = { amount, currency: cur };
  }

  let mileage: number | null = null;
  if (input.mileage !== undefined && input.mileage !== null) {
    if (!Number.isInteger(input.mileage) || input.mileage < 0 || input.mileage > LIMITS.mileageMax) {
      issues.push({
        path: ["mileage"],
        code: "out_of_range",
        message: `mileage must be a whole number from 0 to ${LIMITS.mileageMax}`,
      });
    }
    mileage = input.mileage;
  }

  const photos: string[] = [];
  if (input.photos !== undefined) {
    if (!Array.isArray(input.photos) || input.photos.length > LIMITS.photosMax) {
      issues.push({
        path: ["photos"],
        code: "too_many",
        message: `photos must be a list of at most ${LIMITS.photosMax} URLs`,
      });
    } else {
      input.photos.forEach((p, i) => {
        const u = typeof p === "string" ? p.trim() : "";
        if (!isHttpUrl(u) || u.length > LIMITS.urlMax) {
          issues.push({
            path: ["photos", i],
            code: "invalid_url",
            message: `photos[${i}] must be an http(s) URL of at most ${LIMITS.urlMax} characters`,
          });
        } else if (!photos.includes(u)) photos.push(u);
      });
    }
  }

  let sourceUrl = optText(input.sourceUrl, "sourceUrl", LIMITS.urlMax, issues);
  if (sourceUrl && !isHttpUrl(sourceUrl)) {
    issues.push({ path: ["sourceUrl"], code: "invalid_url", message: "sourceUrl must be an http(s) URL" });
    sourceUrl = null;
  }

  const exteriorColor = optText(input.exteriorColor, "exteriorColor", LIMITS.shortTextMax, issues);
  const explicitFamily = oneOf(input.exteriorColorFamily, COLOR_FAMILIES, "exteriorColorFamily", issues);
  const description =
    input.description === undefined || input.description === null
      ? null
      : typeof input.description === "string" && input.description.trim()
        ? input.description.trim()
        : null;
  if (description && CONTROL_CHARS.test(description)) {
    issues.push({
      path: ["description"],
      code: "control_characters",
      message: "description must not contain control characters (newlines and tabs are fine)",
    });
  }
  if (description && description.length > LIMITS.descriptionMax) {
    issues.push({
      path: ["description"],
      code: "too_long",
      message: `description must be at most ${LIMITS.descriptionMax} characters`,
    });
  }

  const condition =
    input.condition === undefined
      ? "used"
      : (oneOf(input.condition, CONDITIONS, "condition", issues) ?? "used");
  const status =
    input.status === undefined
      ? "active"
      : (oneOf(input.status, VEHICLE_STATUSES, "status", issues) ?? "active");

  const fields: VehicleFields = {
    vin,
    year: input.year,
    make,
    model,
    trim: optText(input.trim, "trim", LIMITS.shortTextMax, issues),
    bodyStyle: oneOf(input.bodyStyle, BODY_STYLES, "bodyStyle", issues),
    condition,
    price,
    mileage,
    exteriorColor,
    exteriorColorFamily: explicitFamily ?? colorFamily(exteriorColor),
    interiorColor: optText(input.interiorColor, "interiorColor", LIMITS.shortTextMax, issues),
    drivetrain: oneOf(input.drivetrain, DRIVETRAINS, "drivetrain", issues),
    transmission: oneOf(input.transmission, TRANSMISSIONS, "transmission", issues),
    fuelType: oneOf(input.fuelType, FUEL_TYPES, "fuelType", issues),
    engine: optText(input.engine, "engine", LIMITS.shortTextMax, issues),
    photos,
    description,
    stockNumber: optText(input.stockNumber, "stockNumber", 64, issues),
    sourceUrl,
    status,
  };
  return { fields, issues };
}
