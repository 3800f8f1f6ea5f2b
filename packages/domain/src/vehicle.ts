/** The vehicle as the product knows it (SPEC capability 2). Plain types, no I/O. */

export const VEHICLE_STATUSES = ["active", "sold", "removed"] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];

export const CONDITIONS = ["new", "used", "certified"] as const;
export type Condition = (typeof CONDITIONS)[number];

export const BODY_STYLES = [
  "sedan",
  "suv",
  "truck",
  "coupe",
  "convertible",
  "hatchback",
  "wagon",
  "van",
  "minivan",
  "other",
] as const;
export type BodyStyle = (typeof BODY_STYLES)[number];

export const DRIVETRAINS = ["fwd", "rwd", "awd", "4wd"] as const;
export type Drivetrain = (typeof DRIVETRAINS)[number];

export const FUEL_TYPES = [
  "gasoline",
  "diesel",
  "hybrid",
  "plug_in_hybrid",
  "electric",
  "flex",
  "other",
] as const;
export type FuelType = (typeof FUEL_TYPES)[number];

export const TRANSMISSIONS = ["automatic", "manual", "cvt", "dct", "other"] as const;
export type Transmission = (typeof TRANSMISSIONS)[number];

/** Colour families used for filters and facets; the free-text colour is kept as given. */
export const COLOR_FAMILIES = [
  "black",
  "white",
  "silver",
  "gray",
  "red",
  "blue",
  "green",
  "brown",
  "beige",
  "gold",
  "orange",
  "yellow",
  "purple",
  "other",
] as const;
export type ColorFamily = (typeof COLOR_FAMILIES)[number];

/** Money in integer minor units (cents) with an ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** Every field a caller or a scraper may set on a vehicle. `vin` is the identity within a dealership. */
export interface VehicleFields {
  vin: string;
  year: number;
  make: string;
  model: string;
  trim: string | null;
  bodyStyle: BodyStyle | null;
  condition: Condition;
  price: Money | null;
  mileage: number | null;
  exteriorColor: string | null;
  exteriorColorFamily: ColorFamily | null;
  interiorColor: string | null;
  drivetrain: Drivetrain | null;
  transmission: Transmission | null;
  fuelType: FuelType | null;
  engine: string | null;
  photos: string[];
  description: string | null;
  stockNumber: string | null;
  sourceUrl: string | null;
  status: VehicleStatus;
}

export interface Vehicle extends VehicleFields {
  id: string;
  dealershipId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  createdAt: string;
  updatedAt: string;
  /** Set when status became `removed` or `sold`; cleared when the vehicle is active again. */
  removedAt: string | null;
}

export interface PriceHistoryEntry {
  vehicleId: string;
  price: Money | null;
  observedAt: string;
  /** Who caused the change: "api", "bulk", "scrape", "seed". */
  source: string;
}

export const VEHICLE_SORTS = [
  "newest",
  "price_asc",
  "price_desc",
  "year_desc",
  "year_asc",
  "mileage_asc",
  "updated_desc",
] as const;
export type VehicleSort = (typeof VEHICLE_SORTS)[number];

export const FACET_NAMES = [
  "make",
  "model",
  "year",
  "bodyStyle",
  "condition",
  "fuelType",
  "drivetrain",
  "exteriorColorFamily",
  "status",
] as const;
export type FacetName = (typeof FACET_NAMES)[number];

/** A validated, normalised search (the service builds it from the HTTP query). All filters AND together. */
export interface VehicleQuery {
  make?: string[];
  model?: string[];
  yearMin?: number;
  yearMax?: number;
  /** Minor units. */
  priceMin?: number;
  priceMax?: number;
  mileageMax?: number;
  bodyStyle?: BodyStyle[];
  condition?: Condition[];
  fuelType?: FuelType[];
  drivetrain?: Drivetrain[];
  exteriorColorFamily?: ColorFamily[];
  /** Free text; matched case-insensitively as a substring of make, model, trim, VIN, stock number, colours and description. */
  text?: string;
  /** Defaults to ["active"] in the service. */
  status: VehicleStatus[];
  sort: VehicleSort;
  limit: number;
  /** Opaque cursor from a previous page of the same query. */
  cursor?: string;
  facets?: FacetName[];
}

export type Facets = Partial<Record<FacetName, { value: string; count: number }[]>>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface VehiclePage extends Page<Vehicle> {
  facets?: Facets;
}
