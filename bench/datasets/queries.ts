// The search shapes measured at scale. Each one is a VehicleQuery exactly as the service would hand it
// to the repository (status defaulted to active, page size 24 like a dealer-site results page).
import { CATALOG, createRandom } from "@forecourt/demo-inventory";
import type { VehicleQuery } from "@forecourt/domain";

type Random = ReturnType<typeof createRandom>;

export interface QueryShape {
  name: string;
  describe: string;
  /** `page2`: run the query once and measure its second page (via `nextCursor`). */
  page2?: boolean;
  build(rand: Random): VehicleQuery;
}

const base = { status: ["active"] as VehicleQuery["status"], limit: 24 };

export const SHAPES: QueryShape[] = [
  { name: "newest", describe: "no filter, newest first", build: () => ({ ...base, sort: "newest" }) },
  {
    name: "make_model",
    describe: "make + model (random catalog model), newest",
    build: (r) => {
      const m = r.pick(CATALOG);
      return { ...base, sort: "newest", make: [m.make], model: [m.model] };
    },
  },
  {
    name: "price_body",
    describe: "price $15k–$35k + body style SUV, price ascending",
    build: () => ({
      ...base,
      sort: "price_asc",
      priceMin: 1_500_000,
      priceMax: 3_500_000,
      bodyStyle: ["suv"],
    }),
  },
  {
    name: "year_mileage",
    describe: "year 2019–2023 + mileage ≤ 60,000, newest",
    build: () => ({ ...base, sort: "newest", yearMin: 2019, yearMax: 2023, mileageMax: 60_000 }),
  },
  {
    name: "text",
    describe: "free text (one of: sunroof, leather, hybrid, tow package, carplay, one owner), newest",
    build: (r) => ({
      ...base,
      sort: "newest",
      text: r.pick(["sunroof", "leather", "hybrid", "tow package", "carplay", "one owner"]),
    }),
  },
  {
    name: "facets",
    describe: "no filter + facets make, model, bodyStyle, year",
    build: () => ({ ...base, sort: "newest", facets: ["make", "model", "bodyStyle", "year"] }),
  },
  {
    name: "filter_facets",
    describe: "body style SUV + price ≤ $40k + facets make, model, bodyStyle, year",
    build: () => ({
      ...base,
      sort: "newest",
      bodyStyle: ["suv"],
      priceMax: 4_000_000,
      facets: ["make", "model", "bodyStyle", "year"],
    }),
  },
  {
    name: "page2",
    describe: "no filter, newest, page 2 via cursor",
    page2: true,
    build: () => ({ ...base, sort: "newest" }),
  },
];

export function shapeRandom(shape: string, iteration: number): Random {
  let h = 0;
  for (const ch of shape) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return createRandom((h ^ (iteration * 2_654_435_761)) >>> 0);
}
