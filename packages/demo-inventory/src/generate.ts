import type { Condition, VehicleFields } from "@forecourt/domain";
import { computeCheckDigit, decodeVin } from "@forecourt/vin";
import { CATALOG, COLORS, INTERIORS } from "./catalog";
import { createRandom, type Random } from "./random";

export interface GenerateOptions {
  /** Same seed + options → same inventory. */
  seed: number;
  count: number;
  /** Distinguishes dealerships so VINs never collide across them (bench data: 2,000 dealerships). */
  dealershipIndex?: number;
  /** The model year treated as "this year" (keeps output stable over time). */
  currentYear?: number;
  /** Base URL of the dealer website the vehicles are listed on (source URLs and photos point there). */
  siteUrl?: string;
}

const YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789";
const VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
const VIN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";
const PLANT_CODES = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

/** A VIN with a real WMI, a letter at position 7 (2010+ cycle), the model-year code and a correct check digit. */
function candidateVin(rand: Random, wmi: string, year: number, serial: number): string {
  let vds = "";
  for (let i = 0; i < 3; i++) vds += rand.pick([...VIN_CHARS]);
  vds += rand.pick([...VIN_LETTERS]) + rand.pick([...VIN_CHARS]);
  const yearCode = YEAR_CODES[(year - 1980) % 30]!;
  const plant = PLANT_CODES[Math.floor(serial / 1_000_000) % PLANT_CODES.length]!;
  const body = `${wmi}${vds}0${yearCode}${plant}${String(serial % 1_000_000).padStart(6, "0")}`;
  const check = computeCheckDigit(body);
  if (!check) throw new Error(`cannot compute a check digit for ${body}`);
  return body.slice(0, 8) + check + body.slice(9);
}

/**
 * A valid VIN that decodes to `make` and `year`. Some manufacturers encode the brand in the VDS
 * (Chrysler group, Hyundai/Kia/Genesis), so random VDS characters are redrawn until the decoder agrees.
 */
export function buildVin(rand: Random, wmi: string, year: number, serial: number, make: string): string {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const vin = candidateVin(rand, wmi, year, serial);
    const decoded = decodeVin(vin, { now: new Date(Date.UTC(year, 0, 1)) });
    if (decoded.valid && decoded.modelYear === year && (decoded.make === null || decoded.make === make))
      return vin;
  }
  throw new Error(`no VIN with WMI ${wmi} decodes to a ${year} ${make}: fix the catalogue`);
}

function weightedColor(rand: Random) {
  const total = COLORS.reduce((s, c) => s + c.weight, 0);
  let r = rand.next() * total;
  for (const c of COLORS) {
    r -= c.weight;
    if (r <= 0) return c;
  }
  return COLORS[0]!;
}

const FEATURES = [
  "backup camera",
  "Apple CarPlay and Android Auto",
  "heated front seats",
  "adaptive cruise control",
  "blind-spot monitoring",
  "power liftgate",
  "remote start",
  "navigation",
  "panoramic sunroof",
  "tow package",
  "third-row seating",
  "lane-keeping assist",
  "leather-trimmed seats",
  "premium audio",
  "wireless charging",
];

function describe(
  rand: Random,
  v: { year: number; make: string; model: string; trim: string; condition: Condition; mileage: number },
) {
  if (rand.chance(0.06)) return rand.pick(["Great car! Call today.", "Must see!", null]);
  const features = [...FEATURES].sort(() => rand.next() - 0.5).slice(0, rand.int(3, 6));
  const lead =
    v.condition === "new"
      ? `Brand-new ${v.year} ${v.make} ${v.model} ${v.trim}.`
      : `${v.condition === "certified" ? "Certified pre-owned" : "Pre-owned"} ${v.year} ${v.make} ${v.model} ${v.trim} with ${v.mileage.toLocaleString("en-US")} miles.`;
  const history =
    v.condition === "new"
      ? ""
      : rand.chance(0.7)
        ? " One owner, clean history report, service records available."
        : " Clean title.";
  return `${lead}${history} Equipped with ${features.slice(0, -1).join(", ")} and ${features.at(-1)}.`;
}

/** Deterministic, realistic dealer inventory (valid VINs, plausible prices and mileage, some imperfect listings). */
export function generateInventory(opts: GenerateOptions): VehicleFields[] {
  const rand = createRandom(opts.seed * 7919 + (opts.dealershipIndex ?? 0));
  const currentYear = opts.currentYear ?? 2026;
  const site = (opts.siteUrl ?? "http://127.0.0.1:8790").replace(/\/$/, "");
  const out: VehicleFields[] = [];
  for (let i = 0; i < opts.count; i++) {
    const m = rand.pick(CATALOG);
    const year = Math.max(
      m.years[0],
      Math.min(m.years[1], currentYear - Math.abs(Math.round(rand.gauss() * 3.5))),
    );
    const age = currentYear - year;
    const condition: Condition =
      age <= 1 && rand.chance(0.45) ? "new" : age <= 6 && rand.chance(0.2) ? "certified" : "used";
    const mileage =
      condition === "new"
        ? rand.int(3, 60)
        : Math.max(500, Math.round((age + 0.5) * 12_500 * (1 + rand.gauss() * 0.3)));
    const trimIndex = rand.int(0, m.trims.length - 1);
    const trim = m.trims[trimIndex]!;
    const msrp = m.basePrice * (1 + trimIndex * 0.09);
    const expectedMiles = (age + 0.5) * 12_500;
    const mileageAdj =
      condition === "new" ? 1 : Math.min(1.12, Math.max(0.75, 1 - (mileage - expectedMiles) / 250_000));
    const value =
      msrp * 0.86 ** age * mileageAdj * (condition === "certified" ? 1.04 : 1) * (1 + rand.gauss() * 0.03);
    const dollars = Math.max(2_995, Math.round(value / 100) * 100 - 5);
    const color = weightedColor(rand);
    const serial = (opts.dealershipIndex ?? 0) * 10_000 + i;
    const vin = buildVin(rand, rand.pick(m.wmis), year, serial, m.make);
    const photoCount = rand.chance(0.05) ? rand.int(0, 2) : rand.int(8, 24);
    const slug = `${year}-${m.make}-${m.model}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    out.push({
      vin,
      year,
      make: m.make,
      model: m.model,
      trim,
      bodyStyle: m.bodyStyle,
      condition,
      price: rand.chance(0.03) ? null : { amount: dollars * 100, currency: "USD" },
      mileage,
      exteriorColor: color.name,
      exteriorColorFamily: color.family,
      interiorColor: rand.pick(INTERIORS),
      drivetrain: rand.pick(m.drivetrains),
      transmission: m.transmission,
      fuelType: m.fuel,
      engine: rand.pick(m.engines),
      photos: Array.from({ length: photoCount }, (_, n) => `${site}/photos/${vin}/${n + 1}.svg`),
      description: describe(rand, { year, make: m.make, model: m.model, trim, condition, mileage }),
      stockNumber: `${condition === "new" ? "N" : "U"}${String(10_000 + ((i * 7) % 90_000)).padStart(5, "0")}`,
      sourceUrl: `${site}/inventory/${slug}-${vin.toLowerCase()}`,
      status: "active",
    });
  }
  return out;
}
