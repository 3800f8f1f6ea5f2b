import type { VehicleFields } from "@forecourt/domain";
import type { DistanceUnit } from "@forecourt/normalize";

/** The vehicle fields extraction can fill (everything a scrape may set except status and sourceUrl). */
export type VehicleField =
  | "vin"
  | "year"
  | "make"
  | "model"
  | "trim"
  | "bodyStyle"
  | "condition"
  | "price"
  | "mileage"
  | "exteriorColor"
  | "exteriorColorFamily"
  | "interiorColor"
  | "drivetrain"
  | "transmission"
  | "fuelType"
  | "engine"
  | "photos"
  | "description"
  | "stockNumber";

/**
 * One vehicle found on a page: the fields that could be read (absent when unknown; money in integer minor
 * units, mileage in whole miles), where each came from, what looked wrong, and its detail-page URL.
 *
 * `sources` names the origin of every field: "json-ld", "microdata", "platform:json" (a JSON state blob
 * embedded by the site's platform), "platform:data-attributes", "opengraph", "meta", "heuristic:label"
 * ("Mileage: 12,345"), "heuristic:text", "heuristic:price-class", "heuristic:token" (a VIN-shaped token),
 * "heuristic:title"/"heuristic:h1", "<origin>:name" (parsed from a structured name/title), "vin-decode".
 */
export type ExtractedVehicle = Partial<Omit<VehicleFields, "status" | "sourceUrl">> & {
  /** The vehicle's detail page when known, else the page it was found on. */
  url: string;
  /** Same as `url`; named like the inventory field so the vehicle can be upserted as it is. */
  sourceUrl: string;
  sources: Partial<Record<VehicleField, string>>;
  warnings: string[];
};

export type PageKind = "vdp" | "srp" | "other";

export interface ExtractedLinks {
  /** Links that look like vehicle detail pages (same host, absolute, no fragment, deduplicated). */
  vdp: string[];
  /** Links that look like inventory listing pages: pagination and listing/search pages. */
  srp: string[];
  /** The next page of this listing, when the page says so (rel=next, a "Next" link, ?page=N+1). */
  next: string | null;
}

export interface ExtractResult {
  /** On a detail page the page's own vehicle comes first. */
  vehicles: ExtractedVehicle[];
  links: ExtractedLinks;
  pageKind: PageKind;
  /** Page-level problems: binary body, unparsable JSON-LD, truncated input, budget limits... */
  warnings: string[];
}

export interface ExtractOptions {
  /**
   * Currency for amounts written without one and for a bare "$" (e.g. "CAD" for a Canadian dealer).
   * Without it the page's own structured currency is used, then the host's country (.co.uk -> GBP...), then USD.
   */
  currency?: string;
  /** Unit for odometer readings written without one. Defaults to miles ("km" for .ca, .co.za, .au... hosts). */
  mileageUnit?: DistanceUnit;
  /** "Today", for the upper bound on model years and VIN model-year cycles. */
  now?: Date;
  /** Longest input read, in characters (default 16,000,000); longer input is cut with a warning. */
  maxChars?: number;
  /** Largest JSON-LD block parsed, in characters (default 1,000,000). */
  maxJsonLdChars?: number;
  /** Largest inline script or JSON blob kept for state extraction, in characters (default 6,000,000). */
  maxScriptChars?: number;
  /** Only report links on the page's own host (default true; "www." is ignored when comparing). */
  sameHostOnly?: boolean;
}
