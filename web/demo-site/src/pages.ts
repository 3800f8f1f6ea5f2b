// HTML for every page of the demo dealer site. Plain string building: a listing page at 5,000 vehicles
// renders in well under a millisecond because the lot, its filters and facets are precomputed per generation.
import { BODY_STYLES, CONDITIONS, type VehicleFields } from "@forecourt/domain";
import {
  BODY_LABEL,
  CONDITION_LABEL,
  commas,
  DRIVE_LABEL,
  DRIVE_SHORT,
  esc,
  FUEL_LABEL,
  generationDate,
  monthlyPayment,
  shortMiles,
  TRANSMISSION_LABEL,
  usd,
} from "./format";
import type { ListingFilter, Lot, LotVehicle } from "./lot";
import {
  breadcrumbLd,
  carLd,
  DEALER,
  dealerLd,
  ip,
  ldScript,
  linkProp,
  metaProp,
  pageOpenGraph,
  type RenderContext,
  scope,
  vehicleOpenGraph,
  vehicleStyle,
} from "./markup";

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d2733;background:#f5f6f8}
a{color:#0b5cad}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.site-header{background:#10243e;color:#fff}.site-header .bar{max-width:1200px;margin:auto;display:flex;flex-wrap:wrap;align-items:center;gap:16px;padding:12px 16px}
.logo{color:#fff;font-weight:800;font-size:1.4rem;text-decoration:none;margin-right:auto}.phone{color:#fff}
.main-nav ul{list-style:none;display:flex;gap:18px;margin:0;padding:0}.main-nav a{color:#dfe8f3;text-decoration:none}.main-nav a:hover{text-decoration:underline}
.promo{background:#c8102e;color:#fff;text-align:center;padding:8px 16px;font-weight:600}.promo a{color:#fff}
main{max-width:1200px;margin:auto;padding:16px}h1{font-size:1.8rem;margin:.5rem 0}
.srp{display:grid;grid-template-columns:240px 1fr;gap:24px}@media(max-width:800px){.srp{grid-template-columns:1fr}}
.filters{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:12px}.filters h2{font-size:1rem;margin:.8rem 0 .3rem}
.filters ul{list-style:none;margin:0;padding:0}.filters li{margin:2px 0}.filters a[aria-current]{font-weight:700}
.cards{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:16px}
.vehicle-card{background:#fff;border:1px solid #dde2e8;border-radius:8px;overflow:hidden;display:flex;flex-direction:column}
.vehicle-card img{width:100%;height:auto;display:block;aspect-ratio:4/3;background:#e6ebf0}.vehicle-card .body{padding:12px;flex:1}
.card-title{font-size:1.05rem;margin:0 0 6px}.card-title a{color:#1d2733;text-decoration:none}
.price-value{font-size:1.35rem;color:#10243e}.was-price,.msrp{color:#6b7785;margin:0}.payment{color:#4a5866;font-size:.9rem;margin:2px 0}
.call-for-price{font-weight:700;color:#c8102e}.facts{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:4px 12px;font-size:.9rem;color:#4a5866}
.btn{display:inline-block;background:#0b5cad;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none;border:0;font:inherit;cursor:pointer}
.pagination{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin:24px 0}.pagination ol{list-style:none;display:flex;gap:6px;margin:0;padding:0}
.pagination a,.pagination span{padding:4px 10px;border:1px solid #c5ced8;border-radius:4px;background:#fff}.pagination [aria-current]{background:#10243e;color:#fff}
.pagination .disabled{color:#99a3ad}.vdp{display:grid;grid-template-columns:1.4fr 1fr;gap:24px}@media(max-width:900px){.vdp{grid-template-columns:1fr}}
.gallery img{width:100%;height:auto}.thumbs{list-style:none;padding:0;display:grid;grid-template-columns:repeat(6,1fr);gap:6px}
.price-box,.finance,.specs,.comments,.similar,.panel{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:16px;margin-bottom:16px}
.specs table{border-collapse:collapse;width:100%}.specs th,.specs td{text-align:left;padding:6px;border-bottom:1px solid #eef1f4}
.specs dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}.specs dt{font-weight:700}.specs dd{margin:0}
.specs ul{list-style:none;padding:0;columns:2}.spec-label{font-weight:700}
form label{display:block;margin:6px 0}form input,form select{width:100%;padding:6px;border:1px solid #b8c2cc;border-radius:4px;font:inherit}
.site-footer{background:#10243e;color:#cfd9e4;margin-top:32px}.site-footer .cols{max-width:1200px;margin:auto;display:flex;flex-wrap:wrap;gap:40px;padding:24px 16px}
.site-footer a{color:#fff}.site-footer ul{list-style:none;padding:0}.disclaimer{max-width:1200px;margin:auto;padding:0 16px 24px;font-size:.8rem}`;

function absolute(ctx: RenderContext, path: string): string {
  return `${ctx.siteUrl}${path}`;
}

// ---------------------------------------------------------------- layout

interface LayoutArgs {
  title: string;
  description: string;
  /** Site-relative path of the canonical URL. */
  canonical: string;
  head?: string;
  body: string;
}

function header(ctx: RenderContext): string {
  // The microdata style marks its navigation up as SiteNavigationElement, like Click Dealer sites do:
  // itemprop="name"/"url" that belong to no vehicle.
  const md = ctx.style === "microdata";
  const link = (href: string, text: string) =>
    `<li${ip(md, "name")}><a href="${href}"${ip(md, "url")}>${text}</a></li>`;
  return `<header class="site-header"><div class="bar">
<a class="logo" href="/">${esc(ctx.dealerName)}</a>
<nav class="main-nav" aria-label="Main"${scope(md, "SiteNavigationElement")}><ul>
${link("/", "Home")}${link("/inventory?condition=new", "New Vehicles")}${link("/inventory?condition=used", "Used Vehicles")}${link("/inventory", "All Inventory")}${link("/finance", "Financing")}${link("/about", "About Us")}${link("/contact", "Contact")}
</ul></nav>
<a class="phone" href="tel:${DEALER.phoneE164}">Sales ${DEALER.phone}</a>
<a class="phone" href="/cart">My Garage (0)</a>
</div></header>
<aside class="promo" aria-label="Current offer">Spring Sales Event: 0.9% APR for 60 months on select new models, plus $500 bonus cash through April 30. <a href="/finance">Get pre-approved</a></aside>`;
}

function footer(ctx: RenderContext): string {
  const md = ctx.style === "microdata";
  return `<footer class="site-footer"><div class="cols">
<section${scope(md, "AutoDealer")} aria-label="Dealership"><h2>${md ? `<span itemprop="name">${esc(ctx.dealerName)}</span>` : esc(ctx.dealerName)}</h2>
<p${scope(md, "PostalAddress", "address")}><span${ip(md, "streetAddress")}>${DEALER.street}</span><br><span${ip(md, "addressLocality")}>${DEALER.city}</span>, <span${ip(md, "addressRegion")}>${DEALER.region}</span> <span${ip(md, "postalCode")}>${DEALER.postalCode}</span></p>
<p>Sales: <a href="tel:${DEALER.phoneE164}"${ip(md, "telephone")}>${DEALER.phone}</a></p></section>
<section aria-label="Hours"><h2>Hours</h2><ul>${DEALER.hours.map((h) => `<li>${h}</li>`).join("")}</ul></section>
<section aria-label="Quick links"><h2>Shop</h2><ul><li><a href="/inventory?condition=new">New inventory</a></li><li><a href="/inventory?condition=used">Pre-owned inventory</a></li><li><a href="/inventory?maxPrice=20000">Cars under $20,000</a></li><li><a href="/finance">Apply for financing</a></li><li><a href="/admin">Dealer login</a></li><li><a href="/sitemap.xml">Sitemap</a></li></ul></section>
</div>
<p class="disclaimer">Prices exclude tax, title, license and a $199 documentation fee. Estimated payments are for illustration only: 72 months at 6.9% APR with 10% down, on approved credit. Vehicle availability subject to prior sale. © 2026 ${esc(ctx.dealerName)}.</p>
</footer>`;
}

function widgetSlot(ctx: RenderContext): string {
  const script = ctx.widgetScriptUrl
    ? `\n<script src="${esc(ctx.widgetScriptUrl)}"${ctx.widgetApiKey ? ` data-api-key="${esc(ctx.widgetApiKey)}"` : ""} async></script>`
    : "";
  return `<!-- forecourt-widget -->${script}`;
}

export function layout(ctx: RenderContext, a: LayoutArgs): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(a.title)}</title>
<meta name="description" content="${esc(a.description)}">
<link rel="canonical" href="${esc(absolute(ctx, a.canonical))}">
<link rel="icon" href="/favicon.ico">
<style>${CSS}</style>
${a.head ?? ""}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
${header(ctx)}
<main id="main">
${a.body}
</main>
${footer(ctx)}
${widgetSlot(ctx)}
</body>
</html>
`;
}

// ---------------------------------------------------------------- vehicle fragments

/** About one vehicle in five shows its mileage the short way ("23.9k mi") on cards and headlines. */
function mileageShort(lv: LotVehicle): string {
  const m = lv.v.mileage;
  if (m === null) return "";
  return (lv.hash >>> 4) % 5 === 0 && m >= 1000 ? shortMiles(m) : `${commas(m)} mi`;
}

/** New vehicles show an MSRP above the sale price. */
function msrp(lv: LotVehicle): number | null {
  const p = lv.v.price;
  if (lv.v.condition !== "new" || !p) return null;
  return p.amount + (1_500 + ((lv.hash >>> 6) % 30) * 100) * 100;
}

function priceHtml(lv: LotVehicle, md: boolean, compact: boolean): string {
  const v = lv.v;
  const tel = `<a href="tel:${DEALER.phoneE164}">${DEALER.phone}</a>`;
  const offerOpen = `<div class="price-box-inner"${scope(md, "Offer", "offers")}>${metaProp(md, "priceCurrency", v.price?.currency ?? "USD")}${linkProp(md, "availability", "https://schema.org/InStock")}`;
  if (!v.price) {
    return `${offerOpen}<p class="call-for-price">Call for price</p>${compact ? "" : `<p>Call ${tel} for today's best price.</p>`}</div>`;
  }
  const m = msrp(lv);
  const was = lv.previousPrice && lv.previousPrice.amount > v.price.amount ? lv.previousPrice : null;
  let out = offerOpen;
  if (m !== null) out += `<p class="msrp">MSRP <s>${usd(m)}</s></p>`;
  if (was) out += `<p class="was-price">Was <s>${usd(was.amount)}</s></p>`;
  const label = v.condition === "new" ? "Sale Price" : "Price";
  out += `<p class="price"><span class="price-label">${label}</span> ${metaProp(md, "price", (v.price.amount / 100).toFixed(2))}<strong class="price-value">${usd(v.price.amount)}</strong></p>`;
  if (m !== null && !compact) out += `<p class="savings">You save ${usd(m - v.price.amount)}</p>`;
  if (was && !compact)
    out += `<p class="price-drop">Price drop! Save ${usd(was.amount - v.price.amount)}</p>`;
  out += `<p class="payment">Est. <strong>$${commas(monthlyPayment(v.price.amount))}/mo</strong>*</p>`;
  return `${out}</div>`;
}

function photoAlt(lv: LotVehicle, n: number): string {
  return `${lv.title} – photo ${n}`;
}

/** A listing card; microdata cards carry their own Car scope. */
function card(ctx: RenderContext, lv: LotVehicle): string {
  const v = lv.v;
  const md = vehicleStyle(ctx, lv) === "microdata";
  const cond = CONDITION_LABEL[v.condition];
  const photo = v.photos[0]
    ? `<img src="${esc(v.photos[0])}" alt="${esc(photoAlt(lv, 1))}" width="400" height="300" loading="lazy"${ip(md, "image")}>`
    : `<div class="no-photo" role="img" aria-label="Photo coming soon">Photo coming soon</div>`;
  const facts: string[] = [];
  if (v.mileage !== null) {
    facts.push(
      md
        ? `<li${scope(md, "QuantitativeValue", "mileageFromOdometer")}>${metaProp(md, "value", v.mileage)}${metaProp(md, "unitCode", "SMI")}${mileageShort(lv)}</li>`
        : `<li>${mileageShort(lv)}</li>`,
    );
  }
  if (v.drivetrain) facts.push(`<li>${DRIVE_SHORT[v.drivetrain]}</li>`);
  if (v.transmission) facts.push(`<li>${TRANSMISSION_LABEL[v.transmission]}</li>`);
  if (v.exteriorColor) facts.push(`<li${ip(md, "color")}>${esc(v.exteriorColor)}</li>`);
  if (v.stockNumber) facts.push(`<li>Stock #<span${ip(md, "sku")}>${esc(v.stockNumber)}</span></li>`);
  // Some platforms print the VIN on the card, most don't.
  if (md) facts.push(`<li>VIN <span itemprop="vehicleIdentificationNumber">${v.vin}</span></li>`);
  else if ((lv.hash >>> 16) % 2 === 0) facts.push(`<li>VIN: ${v.vin}</li>`);
  const mdHidden = md
    ? `${metaProp(md, "vehicleModelDate", v.year)}<span itemprop="brand" itemscope itemtype="https://schema.org/Brand">${metaProp(md, "name", v.make)}</span>${metaProp(md, "model", v.model)}${v.trim ? metaProp(md, "vehicleConfiguration", v.trim) : ""}${linkProp(md, "itemCondition", v.condition === "new" ? "https://schema.org/NewCondition" : "https://schema.org/UsedCondition")}`
    : "";
  return `<li class="vehicle-card"${scope(md, "Car")}>
<a href="${lv.path}" tabindex="-1" aria-hidden="true">${photo}</a>
<div class="body">${mdHidden}
<h2 class="card-title"><a href="${lv.path}"${ip(md, "url")}><span${ip(md, "name")}>${cond} ${esc(lv.title)}</span></a></h2>
${priceHtml(lv, md, true)}
<ul class="facts">${facts.join("")}</ul>
<a class="btn" href="${lv.path}" aria-label="View details for ${esc(`${cond} ${lv.title}`)}">View details</a>
</div></li>`;
}

interface SpecRow {
  label: string;
  text: string;
  /** Value HTML with microdata (defaults to the escaped text). */
  md?: string;
}

function specRows(lv: LotVehicle, md: boolean, layout: number): SpecRow[] {
  const v = lv.v;
  const rows: SpecRow[] = [
    { label: "Year", text: String(v.year), md: `<span itemprop="vehicleModelDate">${v.year}</span>` },
    {
      label: "Make",
      text: v.make,
      md: `<span itemprop="brand" itemscope itemtype="https://schema.org/Brand"><span itemprop="name">${esc(v.make)}</span></span>`,
    },
    { label: "Model", text: v.model, md: `<span itemprop="model">${esc(v.model)}</span>` },
  ];
  if (v.trim)
    rows.push({
      label: "Trim",
      text: v.trim,
      md: `<span itemprop="vehicleConfiguration">${esc(v.trim)}</span>`,
    });
  if (v.bodyStyle)
    rows.push({
      label: "Body Style",
      text: BODY_LABEL[v.bodyStyle],
      md: `<span itemprop="bodyType">${BODY_LABEL[v.bodyStyle]}</span>`,
    });
  rows.push({
    label: "Condition",
    text: CONDITION_LABEL[v.condition],
    md: `${linkProp(true, "itemCondition", v.condition === "new" ? "https://schema.org/NewCondition" : "https://schema.org/UsedCondition")}${CONDITION_LABEL[v.condition]}`,
  });
  if (v.mileage !== null) {
    const unit = layout === 0 ? "miles" : layout === 1 ? "mi." : "mi";
    rows.push({
      label: "Mileage",
      text: `${commas(v.mileage)} ${unit}`,
      md: `<span itemprop="mileageFromOdometer" itemscope itemtype="https://schema.org/QuantitativeValue"><meta itemprop="value" content="${v.mileage}"><meta itemprop="unitCode" content="SMI">${commas(v.mileage)} ${unit}</span>`,
    });
  }
  if (v.exteriorColor)
    rows.push({
      label: "Exterior Color",
      text: v.exteriorColor,
      md: `<span itemprop="color">${esc(v.exteriorColor)}</span>`,
    });
  if (v.interiorColor)
    rows.push({
      label: "Interior Color",
      text: v.interiorColor,
      md: `<span itemprop="vehicleInteriorColor">${esc(v.interiorColor)}</span>`,
    });
  if (v.drivetrain)
    rows.push({
      label: "Drivetrain",
      text: DRIVE_LABEL[v.drivetrain],
      md: `<span itemprop="driveWheelConfiguration">${DRIVE_LABEL[v.drivetrain]}</span>`,
    });
  if (v.transmission)
    rows.push({
      label: "Transmission",
      text: TRANSMISSION_LABEL[v.transmission],
      md: `<span itemprop="vehicleTransmission">${TRANSMISSION_LABEL[v.transmission]}</span>`,
    });
  if (v.engine)
    rows.push({
      label: "Engine",
      text: v.engine,
      md: `<span itemprop="vehicleEngine" itemscope itemtype="https://schema.org/EngineSpecification"><span itemprop="name">${esc(v.engine)}</span></span>`,
    });
  if (v.fuelType)
    rows.push({
      label: "Fuel Type",
      text: FUEL_LABEL[v.fuelType],
      md: `<span itemprop="fuelType">${FUEL_LABEL[v.fuelType]}</span>`,
    });
  if (v.stockNumber)
    rows.push({
      label: "Stock #",
      text: v.stockNumber,
      md: `<span itemprop="sku">${esc(v.stockNumber)}</span>`,
    });
  rows.push({
    label: "VIN",
    text: v.vin,
    md: `<span itemprop="vehicleIdentificationNumber">${v.vin}</span>`,
  });
  if (!md) for (const r of rows) r.md = undefined;
  return rows;
}

/** Three layouts seen on dealer platforms: a th/td table, a dt/dd list (cars.com), "Label: value" items. */
function specsHtml(lv: LotVehicle, md: boolean): string {
  const layout = (lv.hash >>> 8) % 3;
  const rows = specRows(lv, md, layout);
  const val = (r: SpecRow) => r.md ?? esc(r.text);
  let inner: string;
  if (layout === 0) {
    inner = `<table><caption class="visually-hidden">Vehicle specifications</caption><tbody>${rows.map((r) => `<tr><th scope="row">${r.label}</th><td>${val(r)}</td></tr>`).join("")}</tbody></table>`;
  } else if (layout === 1) {
    inner = `<dl class="fancy-description-list">${rows.map((r) => `<dt>${r.label}</dt><dd>${val(r)}</dd>`).join("")}</dl>`;
  } else {
    inner = `<ul class="spec-list">${rows.map((r) => `<li><span class="spec-label">${r.label}:</span> <span class="spec-value">${val(r)}</span></li>`).join("")}</ul>`;
  }
  return `<section class="specs" aria-labelledby="specs-h"><h2 id="specs-h">Vehicle Details</h2>${inner}</section>`;
}

function financeForm(vin?: string, compact = false): string {
  return `<section class="finance" aria-labelledby="finance-h"><h2 id="finance-h">Apply for financing</h2>
<p>Get pre-qualified in minutes with no impact to your credit score. Payments as low as $249/mo on select models.</p>
<form method="post" action="/finance/apply">${vin ? `<input type="hidden" name="vehicle" value="${vin}">` : ""}
<label>Full name <input name="name" autocomplete="name" required></label>
<label>Phone <input type="tel" name="phone" autocomplete="tel"></label>
<label>Email <input type="email" name="email" autocomplete="email" required></label>
${
  compact
    ? ""
    : `<label>Down payment <input name="down" inputmode="numeric" placeholder="$2,000"></label>
<label>Credit rating <select name="credit"><option>Excellent (720+)</option><option>Good (660–719)</option><option>Fair (600–659)</option><option>Rebuilding</option></select></label>`
}
<button class="btn" type="submit">Apply now</button>
</form></section>`;
}

function vehicleDescription(lv: LotVehicle): string {
  const v = lv.v;
  return (
    v.description ?? `${CONDITION_LABEL[v.condition]} ${lv.title} for sale at our Springfield dealership.`
  );
}

// ---------------------------------------------------------------- listing (SRP)

export function srpHref(f: ListingFilter, page: number): string {
  const q: string[] = [];
  if (f.make) q.push(`make=${encodeURIComponent(f.make)}`);
  if (f.bodyStyle) q.push(`bodyStyle=${encodeURIComponent(f.bodyStyle)}`);
  if (f.condition) q.push(`condition=${encodeURIComponent(f.condition)}`);
  if (f.maxPrice !== undefined) q.push(`maxPrice=${f.maxPrice}`);
  if (f.sort && f.sort !== "newest") q.push(`sort=${encodeURIComponent(f.sort)}`);
  if (page > 1) q.push(`page=${page}`);
  return q.length ? `/inventory?${q.join("&")}` : "/inventory";
}

const PRICE_CAPS = [15_000, 20_000, 25_000, 30_000, 40_000, 50_000];

function filtersHtml(lot: Lot, f: ListingFilter, listing: readonly LotVehicle[] | null): string {
  const facets = listing ? null : lot.facets(f);
  const group = <K extends string>(
    title: string,
    key: keyof ListingFilter,
    entries: [K, number][],
    label: (k: K) => string,
  ) => {
    const current = f[key];
    const items = entries.map(([k, n]) => {
      const active = typeof current === "string" && current.toLowerCase() === k.toLowerCase();
      const href = srpHref({ ...f, [key]: active ? undefined : k }, 1);
      return `<li><a href="${esc(href)}"${active ? ' aria-current="true"' : ""}>${esc(label(k))}</a> <span class="count">(${n})</span></li>`;
    });
    return `<h2>${title}</h2><ul>${items.join("")}</ul>`;
  };
  const caps = PRICE_CAPS.map((cap) => {
    const active = f.maxPrice === cap;
    return `<li><a href="${esc(srpHref({ ...f, maxPrice: active ? undefined : cap }, 1))}"${active ? ' aria-current="true"' : ""}>Under $${commas(cap)}</a></li>`;
  });
  const clear =
    f.make || f.bodyStyle || f.condition || f.maxPrice !== undefined
      ? `<p><a href="/inventory">Clear all filters</a></p>`
      : "";
  const body = facets
    ? group("Condition", "condition", facets.condition, (k) => CONDITION_LABEL[k]) +
      group("Make", "make", facets.make, (k) => k) +
      group("Body Style", "bodyStyle", facets.bodyStyle, (k) => BODY_LABEL[k])
    : "";
  return `<aside class="filters" aria-label="Filter inventory"><h2 class="visually-hidden">Filters</h2>${clear}${body}<h2>Price</h2><ul>${caps.join("")}</ul></aside>`;
}

function paginationHtml(f: ListingFilter, page: number, pages: number): string {
  if (pages <= 1) return "";
  const prev =
    page > 1
      ? `<a class="prev" rel="prev" href="${esc(srpHref(f, page - 1))}">‹ Previous</a>`
      : `<span class="prev disabled" aria-disabled="true">‹ Previous</span>`;
  const next =
    page < pages
      ? `<a class="next" rel="next" href="${esc(srpHref(f, page + 1))}">Next ›</a>`
      : `<span class="next disabled" aria-disabled="true">Next ›</span>`;
  const nums: number[] = [];
  for (const n of [1, page - 2, page - 1, page, page + 1, page + 2, pages]) {
    if (n >= 1 && n <= pages && !nums.includes(n)) nums.push(n);
  }
  nums.sort((a, b) => a - b);
  const items: string[] = [];
  nums.forEach((n, i) => {
    if (i > 0 && n - nums[i - 1]! > 1) items.push(`<li><span aria-hidden="true">…</span></li>`);
    items.push(
      n === page
        ? `<li><span aria-current="page">${n}</span></li>`
        : `<li><a href="${esc(srpHref(f, n))}" aria-label="Page ${n}">${n}</a></li>`,
    );
  });
  return `<nav class="pagination" aria-label="Inventory pages">${prev}<ol>${items.join("")}</ol>${next}</nav>`;
}

export interface SrpArgs {
  filter: ListingFilter;
  page: number;
  pageSize: number;
  /** The listing is "broken": only this handful is shown (and no facets). */
  broken: readonly LotVehicle[] | null;
}

/** A listing page, or null when the page number is past the end. */
export function srpPage(ctx: RenderContext, lot: Lot, a: SrpArgs): string | null {
  const list = a.broken ?? lot.list(a.filter);
  const pages = Math.max(1, Math.ceil(list.length / a.pageSize));
  if (a.page > pages) return null;
  const start = (a.page - 1) * a.pageSize;
  const items = list.slice(start, start + a.pageSize);
  const f = a.filter;
  const what = [
    f.condition ? (CONDITION_LABEL[f.condition as keyof typeof CONDITION_LABEL] ?? f.condition) : "",
    f.make ?? "",
    f.bodyStyle ? (BODY_LABEL[f.bodyStyle as keyof typeof BODY_LABEL] ?? f.bodyStyle) : "",
  ]
    .filter(Boolean)
    .join(" ");
  const heading = `${what ? `${what} ` : ""}Vehicles for Sale in ${DEALER.city}, ${DEALER.region}`;
  const canonical = srpHref(f, a.page);

  let head = "";
  if (a.page > 1) head += `<link rel="prev" href="${esc(absolute(ctx, srpHref(f, a.page - 1)))}">\n`;
  if (a.page < pages) head += `<link rel="next" href="${esc(absolute(ctx, srpHref(f, a.page + 1)))}">\n`;
  if (ctx.style === "jsonld") {
    const cars = items.map((lv) => carLd(lv, ctx, false));
    head +=
      a.page % 2 === 1
        ? ldScript({
            "@context": "https://schema.org",
            "@graph": [
              dealerLd(ctx, false),
              {
                "@type": "ItemList",
                name: heading,
                numberOfItems: list.length,
                itemListElement: items.map((lv, i) => ({
                  "@type": "ListItem",
                  position: start + i + 1,
                  url: lv.v.sourceUrl,
                  item: cars[i],
                })),
              },
            ],
          })
        : ldScript(cars.map((c) => ({ "@context": "https://schema.org", ...c })));
  } else if (ctx.style === "mixed") {
    const cars = items.filter((lv) => lv.mixedStyle === "jsonld").map((lv) => ({ ...carLd(lv, ctx, true) }));
    if (cars.length) head += ldScript(cars);
  } else if (ctx.style === "opengraph") {
    head += pageOpenGraph(
      ctx,
      `${heading} | ${ctx.dealerName}`,
      absolute(ctx, canonical),
      items[0]?.v.photos[0],
    );
  }

  const shown = list.length === 0 ? "0" : `${start + 1}–${start + items.length}`;
  const sortForm = `<form class="sort" method="get" action="/inventory">${f.make ? `<input type="hidden" name="make" value="${esc(f.make)}">` : ""}${f.bodyStyle ? `<input type="hidden" name="bodyStyle" value="${esc(f.bodyStyle)}">` : ""}${f.condition ? `<input type="hidden" name="condition" value="${esc(f.condition)}">` : ""}${f.maxPrice !== undefined ? `<input type="hidden" name="maxPrice" value="${f.maxPrice}">` : ""}
<label>Sort by <select name="sort">${[
    ["newest", "Newest arrivals"],
    ["price_asc", "Price: low to high"],
    ["price_desc", "Price: high to low"],
    ["year_desc", "Year: newest first"],
    ["mileage_asc", "Mileage: lowest first"],
  ]
    .map(([k, l]) => `<option value="${k}"${(f.sort ?? "newest") === k ? " selected" : ""}>${l}</option>`)
    .join("")}</select></label> <button class="btn" type="submit">Sort</button></form>`;
  const body = `<nav aria-label="Breadcrumb"><a href="/">Home</a> › <span aria-current="page">Inventory</span></nav>
<h1>${esc(heading)}</h1>
<p class="result-count" role="status">Showing ${shown} of ${commas(list.length)} vehicles${a.page > 1 ? ` (page ${a.page} of ${pages})` : ""}</p>
<div class="srp">
${filtersHtml(lot, f, a.broken)}
<section aria-label="Vehicles">${sortForm}
${items.length ? `<ul class="cards">${items.map((lv) => card(ctx, lv)).join("\n")}</ul>` : `<p class="no-results">No vehicles match your search. <a href="/inventory">See all inventory</a> or call us at ${DEALER.phone}: new arrivals every week.</p>`}
${paginationHtml(f, a.page, pages)}
<p class="payment-note">*Estimated monthly payments: 72 months at 6.9% APR with 10% down, on approved credit.</p>
</section>
</div>`;
  return layout(ctx, {
    title: `${heading}${a.page > 1 ? ` – Page ${a.page}` : ""} | ${ctx.dealerName}`,
    description: `Browse ${commas(list.length)} new and used vehicles at ${ctx.dealerName} in ${DEALER.city}, ${DEALER.region}.`,
    canonical,
    head,
    body,
  });
}

// ---------------------------------------------------------------- detail (VDP)

function similar(lot: Lot, lv: LotVehicle): LotVehicle[] {
  const start = lot.indexOf.get(lv.v.vin) ?? 0;
  const out: LotVehicle[] = [];
  const n = lot.vehicles.length;
  for (let k = 1; k < Math.min(n, 400) && out.length < 3; k++) {
    const other = lot.vehicles[(start + k) % n]!;
    if (other.v.bodyStyle === lv.v.bodyStyle) out.push(other);
  }
  return out;
}

export function vdpPage(ctx: RenderContext, lot: Lot, lv: LotVehicle): string {
  const v = lv.v;
  const style = vehicleStyle(ctx, lv);
  const md = style === "microdata";
  const cond = CONDITION_LABEL[v.condition];
  const description = vehicleDescription(lv);
  const url = v.sourceUrl ?? absolute(ctx, lv.path);
  let head = "";
  if (style === "jsonld") {
    head += ldScript(carLd(lv, ctx, true));
    head += `\n${ldScript(
      breadcrumbLd([
        ["Home", `${ctx.siteUrl}/`],
        ["Inventory", absolute(ctx, "/inventory")],
        [`${cond} ${lv.title}`, url],
      ]),
    )}`;
    head += `\n${ldScript(dealerLd(ctx))}`;
  } else if (style === "opengraph") {
    head += vehicleOpenGraph(lv, ctx, description);
  }

  const gallery = v.photos.length
    ? `<img src="${esc(v.photos[0]!)}" alt="${esc(photoAlt(lv, 1))}" width="800" height="600"${ip(md, "image")}>
<ul class="thumbs">${v.photos
        .slice(1)
        .map(
          (p, i) =>
            `<li><img src="${esc(p)}" alt="${esc(photoAlt(lv, i + 2))}" width="160" height="120" loading="lazy"${ip(md, "image")}></li>`,
        )
        .join("")}</ul>`
    : `<div class="no-photo" role="img" aria-label="Photos coming soon">Photos coming soon</div>`;
  const sub = [v.trim, v.drivetrain ? DRIVE_SHORT[v.drivetrain] : null, mileageShort(lv) || null]
    .filter(Boolean)
    .join(" · ");
  const others = similar(lot, lv);
  const body = `<nav aria-label="Breadcrumb"><ol class="crumbs"><li><a href="/">Home</a></li><li><a href="/inventory">Inventory</a></li><li><a href="${esc(srpHref({ make: v.make }, 1))}">${esc(v.make)}</a></li><li aria-current="page">${esc(lv.title)}</li></ol></nav>
<article class="vdp-wrap"${scope(md, "Car")}>${linkProp(md, "url", url)}
<div class="vdp">
<section class="gallery" aria-label="Photos">${gallery}</section>
<div class="summary">
<h1${ip(md, "name")}>${cond} ${esc(lv.title)}</h1>
<p class="subtitle">${esc(sub)}</p>
<div class="price-box">${priceHtml(lv, md, false)}
<p><a class="btn" href="/contact?vehicle=${v.vin}">Check availability</a> <a class="btn" href="/contact?vehicle=${v.vin}&amp;type=test-drive">Schedule a test drive</a></p></div>
${financeForm(v.vin, true)}
</div>
</div>
${specsHtml(lv, md)}
<section class="comments" aria-labelledby="comments-h"><h2 id="comments-h">Dealer Comments</h2><p${ip(md, "description")}>${esc(description)}</p></section>
</article>
${others.length ? `<section class="similar" aria-labelledby="similar-h"><h2 id="similar-h">You may also like</h2><ul>${others.map((o) => `<li><a href="${o.path}">${esc(`${CONDITION_LABEL[o.v.condition]} ${o.title}`)}</a> – ${o.v.price ? usd(o.v.price.amount) : "Call for price"}</li>`).join("")}</ul></section>` : ""}
<p class="payment-note">*Estimated monthly payment: 72 months at 6.9% APR with 10% down, on approved credit. Not an offer of credit.</p>`;
  return layout(ctx, {
    title: `${cond} ${lv.title} for Sale in ${DEALER.city}, ${DEALER.region} | ${ctx.dealerName}`,
    description: description.slice(0, 160),
    canonical: lv.path,
    head,
    body,
  });
}

/** A detail page of a vehicle that has been sold (answered with 404). */
export function soldPage(ctx: RenderContext, v: VehicleFields): string {
  const title = [v.year, v.make, v.model, v.trim].filter(Boolean).join(" ");
  return layout(ctx, {
    title: `Vehicle no longer available | ${ctx.dealerName}`,
    description: `This ${title} has been sold.`,
    canonical: "/inventory",
    body: `<h1>This vehicle has been sold</h1><p>The ${esc(title)} you are looking for is no longer available.</p>
<p><a class="btn" href="${esc(srpHref({ make: v.make }, 1))}">See similar ${esc(v.make)} vehicles</a> <a href="/inventory">Browse all inventory</a></p>`,
  });
}

// ---------------------------------------------------------------- other pages

export function homePage(ctx: RenderContext, lot: Lot, featured: readonly LotVehicle[]): string {
  const head =
    ctx.style === "jsonld" || ctx.style === "mixed"
      ? ldScript(dealerLd(ctx))
      : ctx.style === "opengraph"
        ? pageOpenGraph(ctx, `${ctx.dealerName} | New and used cars in ${DEALER.city}`, `${ctx.siteUrl}/`)
        : "";
  const makes = lot.facets({}).make;
  const body = `<section class="panel hero"><h1>New and pre-owned vehicles in ${DEALER.city}, ${DEALER.region}</h1>
<p>${commas(lot.vehicles.length)} vehicles in stock. Family owned since 1987. Every pre-owned vehicle passes a 150-point inspection.</p>
<form method="get" action="/inventory" class="quick-search" aria-label="Search inventory">
<label>Make <select name="make"><option value="">Any make</option>${makes.map(([m]) => `<option>${esc(m)}</option>`).join("")}</select></label>
<label>Body style <select name="bodyStyle"><option value="">Any body style</option>${BODY_STYLES.filter(
    (b) => b !== "other",
  )
    .map((b) => `<option value="${b}">${BODY_LABEL[b]}</option>`)
    .join("")}</select></label>
<label>Condition <select name="condition"><option value="">New &amp; used</option>${CONDITIONS.map((c) => `<option value="${c}">${CONDITION_LABEL[c]}</option>`).join("")}</select></label>
<label>Max price <select name="maxPrice"><option value="">No max</option>${PRICE_CAPS.map((p) => `<option value="${p}">$${commas(p)}</option>`).join("")}</select></label>
<button class="btn" type="submit">Search</button></form></section>
<section aria-labelledby="featured-h"><h2 id="featured-h">Just arrived</h2><ul class="cards">${featured.map((lv) => card(ctx, lv)).join("\n")}</ul>
<p><a class="btn" href="/inventory">View all ${commas(lot.vehicles.length)} vehicles</a></p></section>
<section class="panel" aria-labelledby="browse-h"><h2 id="browse-h">Shop by body style</h2><ul>${BODY_STYLES.filter(
    (b) => b !== "other",
  )
    .map((b) => `<li><a href="/inventory?bodyStyle=${b}">${BODY_LABEL[b]}s</a></li>`)
    .join("")}</ul></section>
<section class="panel" aria-labelledby="reviews-h"><h2 id="reviews-h">What our customers say</h2><blockquote><p>“Bought a 2019 Camry for $18,500 — no haggling, no surprises. Payment came in under $300/mo.”</p><footer>— Dana R., Google review</footer></blockquote></section>`;
  return layout(ctx, {
    title: `${ctx.dealerName} | New & Used Cars, Trucks and SUVs in ${DEALER.city}, ${DEALER.region}`,
    description: `Shop new and used vehicles at ${ctx.dealerName} in ${DEALER.city}, ${DEALER.region}. Financing for every credit situation.`,
    canonical: "/",
    head,
    body,
  });
}

const STATIC: Record<string, { title: string; body: (ctx: RenderContext) => string }> = {
  "/about": {
    title: "About Us",
    body: (ctx) =>
      `<h1>About ${esc(ctx.dealerName)}</h1><p>Family owned and operated since 1987, we have helped more than 40,000 drivers in central Illinois find the right vehicle. Our service department is open six days a week.</p>`,
  },
  "/contact": {
    title: "Contact Us",
    body: (
      ctx,
    ) => `<h1>Contact ${esc(ctx.dealerName)}</h1><address>${DEALER.street}<br>${DEALER.city}, ${DEALER.region} ${DEALER.postalCode}<br>Sales: <a href="tel:${DEALER.phoneE164}">${DEALER.phone}</a></address>
<h2>Hours</h2><ul>${DEALER.hours.map((h) => `<li>${h}</li>`).join("")}</ul>
<form method="post" action="/finance/apply"><label>Name <input name="name" autocomplete="name"></label><label>Message <input name="message"></label><button class="btn" type="submit">Send</button></form>`,
  },
  "/finance": {
    title: "Financing",
    body: () =>
      `<h1>Car Financing in ${DEALER.city}</h1><p>Good credit, bad credit or no credit: our finance team works with 20+ lenders. Rates from 0.9% APR on select new models.</p>${financeForm()}`,
  },
  "/admin": {
    title: "Dealer Login",
    body: () =>
      `<h1>Dealer staff login</h1><form method="post" action="/admin/login"><label>Username <input name="user" autocomplete="username"></label><label>Password <input type="password" name="password" autocomplete="current-password"></label><button class="btn" type="submit">Sign in</button></form>`,
  },
  "/cart": {
    title: "My Garage",
    body: () =>
      `<h1>My Garage</h1><p>You have not saved any vehicles yet. <a href="/inventory">Browse inventory</a>.</p>`,
  },
};

export function staticPage(ctx: RenderContext, path: string, extra = ""): string | null {
  const page = STATIC[path];
  if (!page) return null;
  return layout(ctx, {
    title: `${page.title} | ${ctx.dealerName}`,
    description: `${page.title} – ${ctx.dealerName}, ${DEALER.city}, ${DEALER.region}.`,
    canonical: path,
    head: path === "/admin" || path === "/cart" ? `<meta name="robots" content="noindex, nofollow">` : "",
    body: extra + page.body(ctx),
  });
}

export function notFoundPage(ctx: RenderContext): string {
  return layout(ctx, {
    title: `Page not found | ${ctx.dealerName}`,
    description: "Page not found.",
    canonical: "/",
    head: `<meta name="robots" content="noindex">`,
    body: `<h1>Sorry, we can't find that page</h1><p>It may have moved, or the vehicle may have been sold.</p><p><a class="btn" href="/inventory">Browse our inventory</a> <a href="/">Home</a></p>`,
  });
}

export function errorPage(ctx: RenderContext): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>${esc(ctx.dealerName)} is having trouble right now. Please try again in a moment.</p></body></html>\n`;
}

export function robotsTxt(siteUrl: string): string {
  return `# robots.txt for the demo dealership
User-agent: *
Allow: /inventory
Allow: /photos/
Disallow: /admin
Disallow: /cart
Disallow: /finance/apply
Disallow: /__admin

User-agent: BadBot
Disallow: /

Sitemap: ${siteUrl}/sitemap.xml
`;
}

export function sitemapXml(siteUrl: string, lot: Lot, listed: readonly LotVehicle[]): string {
  const today = generationDate(lot.generation);
  const urls = [
    `<url><loc>${siteUrl}/</loc><lastmod>${today}</lastmod><changefreq>daily</changefreq><priority>1.0</priority></url>`,
    `<url><loc>${siteUrl}/inventory</loc><lastmod>${today}</lastmod><changefreq>daily</changefreq><priority>0.9</priority></url>`,
  ];
  for (const lv of listed) {
    urls.push(
      `<url><loc>${esc(lv.v.sourceUrl ?? siteUrl + lv.path)}</loc><lastmod>${generationDate(lv.changedGeneration)}</lastmod><changefreq>daily</changefreq><priority>0.7</priority></url>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join("\n")}
</urlset>
`;
}
