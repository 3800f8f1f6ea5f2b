import type { NewDealership } from "../../packages/db/src/index";
import type { VehicleFields } from "../../packages/domain/src/index";

/** Unique ids per run, so suites sharing one database (Postgres projects) never see each other's rows. */
const RUN = Math.random().toString(36).slice(2, 8);
let counter = 0;
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${RUN}-${String(counter).padStart(5, "0")}`;
}

/** `2026-03-01T00:00:00.000Z` plus `minutes`. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2026, 2, 1) + minutes * 60_000).toISOString();
}

export function newDealership(overrides: Partial<NewDealership> = {}): NewDealership {
  return {
    id: uid("dlr"),
    name: "Forecourt Motors",
    websiteUrl: "https://forecourt.example",
    timezone: "America/Chicago",
    scrapeSchedule: { enabled: true, cron: "0 3 * * *" },
    rateLimits: { public: { limit: 600, windowSeconds: 60 }, staff: { limit: 1200, windowSeconds: 60 } },
    status: "active",
    now: at(0),
    ...overrides,
  };
}

/** A 17-character VIN-shaped identity (the repository does not validate VINs; the service does). */
export function vin(n: number, salt = RUN): string {
  return `${salt.toUpperCase()}${String(n).padStart(11, "0")}`.slice(-17).padStart(17, "X");
}

export function vehicleFields(n: number, overrides: Partial<VehicleFields> = {}): VehicleFields {
  return {
    vin: vin(n),
    year: 2020,
    make: "Toyota",
    model: "Camry",
    trim: "SE",
    bodyStyle: "sedan",
    condition: "used",
    price: { amount: 2_000_000, currency: "USD" },
    mileage: 12_000,
    exteriorColor: "Midnight Black",
    exteriorColorFamily: "black",
    interiorColor: "Ash",
    drivetrain: "fwd",
    transmission: "automatic",
    fuelType: "gasoline",
    engine: "2.5L I4",
    photos: [`https://img.example/${n}/1.jpg`, `https://img.example/${n}/2.jpg`],
    description: "One owner, full service history.",
    stockNumber: `STK-${n}`,
    sourceUrl: `https://forecourt.example/vehicles/${n}`,
    status: "active",
    ...overrides,
  };
}

const MAKES = [
  ["Toyota", ["Camry", "RAV4"]],
  ["Ford", ["F-150", "Focus"]],
  ["Škoda", ["Octavia", "Superb"]],
  ["BMW", ["X5", "330i"]],
  ["Honda", ["Civic", "CR-V"]],
] as const;
const BODIES = ["sedan", "suv", "truck", "hatchback"] as const;
const CONDITIONS = ["new", "used", "certified"] as const;
const FUELS = ["gasoline", "hybrid", "electric", null] as const;
const DRIVES = ["fwd", "awd", "4wd", null] as const;
const COLORS = [
  ["Midnight Black", "black"],
  ["Pearl White", "white"],
  ["Rosso Corsa", "red"],
  ["Deep Blue", "blue"],
] as const;
const DESCRIPTIONS: Record<number, string> = {
  3: "100% dealer serviced, financing_available",
  4: "Priced 50%_off sticker",
  5: "Über clean, Straße-legal import",
  6: "Back\\slash edition",
  7: "Café racer vibes 🚗 naïve buyers welcome",
  8: "Plain  description   with   spaces",
};

/**
 * The search dataset: `size` vehicles with deliberate ties (year, price, first-seen batches) and NULLs
 * (price, mileage, body style, fuel, drivetrain), three statuses, non-ASCII and LIKE-wildcard text.
 */
export function searchDataset(size: number): VehicleFields[] {
  return Array.from({ length: size }, (_, i) => {
    const [make, models] = MAKES[i % MAKES.length] as (typeof MAKES)[number];
    const [exteriorColor, exteriorColorFamily] = COLORS[i % COLORS.length] as (typeof COLORS)[number];
    return vehicleFields(1000 + i, {
      year: 2015 + (i % 6),
      make,
      model: models[Math.floor(i / MAKES.length) % 2] as string,
      trim: i % 2 ? "SE" : null,
      bodyStyle: i % 9 === 0 ? null : (BODIES[i % BODIES.length] as (typeof BODIES)[number]),
      condition: CONDITIONS[i % CONDITIONS.length] as (typeof CONDITIONS)[number],
      price: i % 7 === 0 ? null : { amount: 1_000_000 + (i % 5) * 250_000, currency: "USD" },
      mileage: i % 4 === 0 ? null : (i % 3) * 10_000,
      exteriorColor,
      exteriorColorFamily,
      drivetrain: DRIVES[i % DRIVES.length] as (typeof DRIVES)[number],
      fuelType: FUELS[(i >> 1) % FUELS.length] as (typeof FUELS)[number],
      description: DESCRIPTIONS[i] ?? `Stock unit number ${i}.`,
      stockNumber: `STK-${String(i).padStart(4, "0")}`,
      status: i % 10 === 9 ? "sold" : i % 10 === 8 ? "removed" : "active",
    });
  });
}
