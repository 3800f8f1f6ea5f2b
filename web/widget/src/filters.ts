/**
 * Human labels for what a semantic search recognised in the shopper's words (`parsed.recognized` of
 * GET /v1/public/search and /v1/dealerships/{id}/search). Shared by the widget and the admin app so both
 * describe a query the same way. Prices are integer minor units (cents), mileage whole miles.
 */
export interface RecognizedTerm {
  text: string;
  field: string;
  value: string | number | string[];
}

const usd = (minor: number) => `$${Math.round(minor / 100).toLocaleString("en-US")}`;
const miles = (n: number) => `${n.toLocaleString("en-US")} mi`;

const FIELD_NAMES: Record<string, string> = {
  make: "Make",
  model: "Model",
  bodyStyle: "Body",
  drivetrain: "Drive",
  fuelType: "Fuel",
  colorFamily: "Colour",
  condition: "Condition",
  sort: "Sort",
};

const SORTS: Record<string, string> = {
  price_asc: "lowest price first",
  mileage_asc: "lowest mileage first",
  year_desc: "newest first",
};

const words = (s: string) => s.replace(/_/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2");
const ACRONYMS = /^(suv|awd|fwd|rwd|4wd|4x4|ev|phev|cvt)$/i;
/** A domain value as people write it: "suv" -> "SUV", "plug_in_hybrid" -> "plug in hybrid". */
export const valueLabel = (v: string) => (ACRONYMS.test(v) ? v.toUpperCase() : words(v));
const list = (v: string | number | string[]) =>
  Array.isArray(v) ? v.map(valueLabel).join(" or ") : valueLabel(String(v));

/** "priceMax 3000000" -> "Up to $30,000"; "make [Toyota]" -> "Make: Toyota". Unknown fields stay readable. */
export function describeTerm(term: Pick<RecognizedTerm, "field" | "value">): string {
  const { field, value } = term;
  const n = typeof value === "number" ? value : Number.NaN;
  switch (field) {
    case "priceMax":
      return Number.isFinite(n) ? `Up to ${usd(n)}` : `Up to ${value}`;
    case "priceMin":
      return Number.isFinite(n) ? `From ${usd(n)}` : `From ${value}`;
    case "yearMin":
      return `${value} or newer`;
    case "yearMax":
      return `${value} or older`;
    case "mileageMax":
      return Number.isFinite(n) ? `Under ${miles(n)}` : `Under ${value} mi`;
    case "sort":
      return `Sort: ${SORTS[String(value)] ?? words(String(value))}`;
    default:
      return `${FIELD_NAMES[field] ?? words(field)}: ${list(value)}`;
  }
}
