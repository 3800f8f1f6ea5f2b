// Structured data for the four vehicle styles: schema.org in JSON-LD and microdata, OpenGraph meta tags.
import {
  BODY_LABEL,
  CONDITION_LABEL,
  CONDITION_SCHEMA,
  DRIVE_SCHEMA,
  esc,
  FUEL_LABEL,
  scriptJson,
  TRANSMISSION_LABEL,
  usd,
} from "./format";
import type { LotVehicle } from "./lot";
import type { SiteStyle, VehicleStyle } from "./types";

export interface RenderContext {
  siteUrl: string;
  dealerName: string;
  /** The page's style (per request: the site's style unless `?style=` overrides it). */
  style: SiteStyle;
  widgetScriptUrl?: string;
  widgetApiKey?: string;
}

export const DEALER = {
  street: "1200 Commerce Drive",
  city: "Springfield",
  region: "IL",
  postalCode: "62701",
  phone: "(217) 555-0142",
  phoneE164: "+12175550142",
  hours: ["Mon–Fri 9:00 am – 8:00 pm", "Sat 9:00 am – 6:00 pm", "Sun Closed"],
};

export function vehicleStyle(ctx: RenderContext, lv: LotVehicle): VehicleStyle {
  return ctx.style === "mixed" ? lv.mixedStyle : ctx.style;
}

export function ldScript(value: unknown): string {
  return `<script type="application/ld+json">${scriptJson(value)}</script>`;
}

export function dealerLd(ctx: RenderContext, withContext = true): Record<string, unknown> {
  return {
    ...(withContext ? { "@context": "https://schema.org" } : {}),
    "@type": "AutoDealer",
    "@id": `${ctx.siteUrl}/#dealer`,
    name: ctx.dealerName,
    url: `${ctx.siteUrl}/`,
    telephone: DEALER.phoneE164,
    address: {
      "@type": "PostalAddress",
      streetAddress: DEALER.street,
      addressLocality: DEALER.city,
      addressRegion: DEALER.region,
      postalCode: DEALER.postalCode,
      addressCountry: "US",
    },
    openingHours: ["Mo-Fr 09:00-20:00", "Sa 09:00-18:00"],
  };
}

/** Platforms disagree on the type: most say Car, some Vehicle, some Product+Car. */
function carType(lv: LotVehicle): string | string[] {
  switch ((lv.hash >>> 12) % 3) {
    case 0:
      return "Vehicle";
    case 1:
      return "Car";
    default:
      return ["Product", "Car"];
  }
}

/** schema.org Car with an Offer. A vehicle without a price has an Offer without `price`. */
export function carLd(lv: LotVehicle, ctx: RenderContext, withContext: boolean): Record<string, unknown> {
  const v = lv.v;
  const url = v.sourceUrl ?? `${ctx.siteUrl}${lv.path}`;
  const offer: Record<string, unknown> = {
    "@type": "Offer",
    priceCurrency: v.price?.currency ?? "USD",
    availability: "https://schema.org/InStock",
    url,
    seller: { "@type": "AutoDealer", name: ctx.dealerName, telephone: DEALER.phoneE164 },
  };
  if (v.price) {
    // Some platforms write the price as a number, some as a decimal string.
    offer.price = (lv.hash >>> 3) % 2 === 0 ? v.price.amount / 100 : (v.price.amount / 100).toFixed(2);
  } else {
    offer.description = "Call for price";
  }
  const o: Record<string, unknown> = {};
  if (withContext) o["@context"] = "https://schema.org";
  o["@type"] = carType(lv);
  o["@id"] = `${url}#vehicle`;
  o.name = `${CONDITION_LABEL[v.condition]} ${lv.title}`;
  o.url = url;
  o.vehicleIdentificationNumber = v.vin;
  o.brand = { "@type": "Brand", name: v.make };
  o.manufacturer = { "@type": "Organization", name: v.make };
  o.model = v.model;
  if (v.trim) o.vehicleConfiguration = v.trim;
  o.vehicleModelDate = String(v.year);
  if (v.bodyStyle) o.bodyType = BODY_LABEL[v.bodyStyle];
  o.itemCondition = CONDITION_SCHEMA[v.condition];
  if (v.mileage !== null)
    o.mileageFromOdometer = { "@type": "QuantitativeValue", value: v.mileage, unitCode: "SMI" };
  if (v.exteriorColor) o.color = v.exteriorColor;
  if (v.interiorColor) o.vehicleInteriorColor = v.interiorColor;
  if (v.drivetrain) o.driveWheelConfiguration = DRIVE_SCHEMA[v.drivetrain];
  if (v.transmission) o.vehicleTransmission = TRANSMISSION_LABEL[v.transmission];
  if (v.fuelType) o.fuelType = FUEL_LABEL[v.fuelType];
  if (v.engine) o.vehicleEngine = { "@type": "EngineSpecification", name: v.engine };
  if (v.stockNumber) o.sku = v.stockNumber;
  if (v.photos.length > 0) o.image = v.photos;
  if (v.description) o.description = v.description;
  o.offers = offer;
  return o;
}

export function breadcrumbLd(items: [string, string][]): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: items.map(([name, url], i) => ({
      "@type": "ListItem",
      position: i + 1,
      name,
      item: url,
    })),
  };
}

/** OpenGraph + product: tags for a detail page (what Facebook catalogs and many dealer CMSs emit). */
export function vehicleOpenGraph(lv: LotVehicle, ctx: RenderContext, description: string): string {
  const v = lv.v;
  const title =
    (lv.hash >>> 5) % 2 === 0 && v.price
      ? `${CONDITION_LABEL[v.condition]} ${lv.title} For Sale ${usd(v.price.amount)} | ${ctx.dealerName}`
      : `${CONDITION_LABEL[v.condition]} ${lv.title}`;
  const tags: [string, string][] = [
    ["og:type", "product"],
    ["og:site_name", ctx.dealerName],
    ["og:title", title],
    ["og:description", description],
    ["og:url", v.sourceUrl ?? `${ctx.siteUrl}${lv.path}`],
  ];
  for (const p of v.photos.slice(0, 3)) tags.push(["og:image", p]);
  tags.push(["product:brand", v.make]);
  if (v.price) {
    tags.push(["product:price:amount", (v.price.amount / 100).toFixed(2)]);
    tags.push(["product:price:currency", v.price.currency]);
  }
  tags.push(["product:condition", v.condition === "new" ? "new" : "used"]);
  tags.push(["product:availability", "in stock"]);
  if (v.stockNumber) tags.push(["product:retailer_item_id", v.stockNumber]);
  return tags.map(([p, c]) => `<meta property="${p}" content="${esc(c)}">`).join("\n");
}

export function pageOpenGraph(ctx: RenderContext, title: string, url: string, image?: string): string {
  const tags: [string, string][] = [
    ["og:type", "website"],
    ["og:site_name", ctx.dealerName],
    ["og:title", title],
    ["og:url", url],
  ];
  if (image) tags.push(["og:image", image]);
  return tags.map(([p, c]) => `<meta property="${p}" content="${esc(c)}">`).join("\n");
}

/** `itemprop` attribute text (with a leading space) when microdata is on, else nothing. */
export function ip(md: boolean, prop: string): string {
  return md ? ` itemprop="${prop}"` : "";
}

export function metaProp(md: boolean, prop: string, content: string | number): string {
  return md ? `<meta itemprop="${prop}" content="${esc(content)}">` : "";
}

export function linkProp(md: boolean, prop: string, href: string): string {
  return md ? `<link itemprop="${prop}" href="${esc(href)}">` : "";
}

/** Open a microdata scope on an element (returns attribute text). */
export function scope(md: boolean, type: string, prop?: string): string {
  if (!md) return "";
  return `${prop ? ` itemprop="${prop}"` : ""} itemscope itemtype="https://schema.org/${type}"`;
}
