import type { Money } from "@forecourt/domain";
import { colorFamily, looseKey, parseVehicleTitle, sameMake } from "@forecourt/normalize";
import { decodeVin } from "@forecourt/vin";
import type { TokenVin } from "./page";
import {
  type Candidate,
  type ExtractContext,
  HEURISTIC_RANK,
  ORIGIN_RANK,
  type Origin,
  VehicleRecord,
} from "./record";
import type { ExtractedVehicle, PageKind, VehicleField } from "./types";

/**
 * Turns the records every source produced into the page's vehicles: records with the same VIN are one
 * vehicle; records without a VIN join a VIN'd vehicle they agree with, or stand alone on a listing page;
 * the page-level records (OpenGraph/meta and text heuristics) describe only the page's own vehicle on a
 * detail page. Then each vehicle's fields are chosen by rank (JSON-LD > microdata > platform > OpenGraph >
 * heuristics), names and titles fill what is still missing, disagreements become warnings, and the VIN is
 * cross-checked against year and make.
 */

export interface MergeInput {
  structured: VehicleRecord[];
  meta: VehicleRecord | null;
  heuristic: VehicleRecord;
  tokens: TokenVin[];
  ctx: ExtractContext;
  pageUrl: string;
  canonical: string | null;
  vdpLinks: string[];
  /** The page's own URL has the shape of a detail page. */
  pageLooksLikeVdp: boolean;
}

export interface MergeOutput {
  vehicles: ExtractedVehicle[];
  pageKind: PageKind;
  warnings: string[];
}

/** Rank of a mileage or price read out of a title or description sentence. */
const NAME_FALLBACK_RANK = 8;
const MILES_IN_TEXT =
  /(?<![\w.,])\d{1,3}(?:[,.\u00a0 ]\d{3})*(?:\.\d)?k?[\s-]?(?:miles|mile|mi\b|km\b|kms\b|kilomet(?:er|re)s)/i;
const PRICE_IN_TEXT =
  /\b(?:for|price[:\s]|priced at|only|now)\s*((?:US|CA|AU|C|A)?[$£€]\s?\d{1,3}(?:[,.\u00a0 ]\d{3})+|(?:US|CA|AU|C|A)?[$£€]\s?\d{4,7})/i;

/** Only values at least this trusted are worth a "sources disagree" warning (labelled heuristics and up). */
const CONFLICT_RANK = 14;

interface Summary {
  make: string | null;
  model: string | null;
  year: number | null;
  price: Money | null;
  mileage: number | null;
}

function summary(r: VehicleRecord): Summary {
  const s: Summary = {
    make: (r.best("make")?.value as string | undefined) ?? null,
    model: (r.best("model")?.value as string | undefined) ?? null,
    year: (r.best("year")?.value as number | undefined) ?? null,
    price: (r.best("price")?.value as Money | undefined) ?? null,
    mileage: (r.best("mileage")?.value as number | undefined) ?? null,
  };
  // Names by trust (a page's og:description may come first and name no vehicle): the first that names a make.
  if ((!s.make || !s.model || !s.year) && r.names.length > 0) {
    for (const n of [...r.names].sort((a, b) => b.rank - a.rank)) {
      const t = parseVehicleTitle(n.text, { make: s.make, model: s.model, now: r.ctx.now });
      if (!t.make && !s.make) continue;
      s.make ??= t.make;
      s.model ??= t.model;
      s.year ??= t.year;
      break;
    }
  }
  return s;
}

function modelsAgree(a: string, b: string): boolean {
  const ka = looseKey(a);
  const kb = looseKey(b);
  return ka === kb || (ka.length >= 2 && kb.length >= 2 && (ka.startsWith(kb) || kb.startsWith(ka)));
}

/** Two records can be the same vehicle: nothing they both state disagrees (strict: and they share make, model and a price or mileage). */
function compatible(a: VehicleRecord, b: VehicleRecord, strict: boolean): boolean {
  const x = summary(a);
  const y = summary(b);
  if (x.make && y.make && !sameMake(x.make, y.make)) return false;
  if (x.model && y.model && !modelsAgree(x.model, y.model)) return false;
  if (x.year && y.year && x.year !== y.year) return false;
  const samePrice =
    x.price && y.price ? x.price.amount === y.price.amount && x.price.currency === y.price.currency : null;
  const sameMiles =
    x.mileage !== null && y.mileage !== null
      ? Math.abs(x.mileage - y.mileage) <= Math.max(100, x.mileage * 0.01)
      : null;
  if (strict) {
    if (!x.make || !y.make || !x.model || !y.model) return false;
    if (samePrice === false || sameMiles === false) return false;
    return samePrice === true || sameMiles === true;
  }
  if (sameMiles === false) return false;
  return true;
}

/** Two records from the same source can only be one vehicle when price, mileage, trim and year all agree (or are missing). */
function sameListing(a: VehicleRecord, b: VehicleRecord): boolean {
  for (const f of ["price", "mileage", "trim", "year", "model", "make"] as const) {
    const x = a.best(f);
    const y = b.best(f);
    if (x && y && x.key !== y.key) return false;
  }
  const ua = urlKey(a.url);
  const ub = urlKey(b.url);
  return !(ua && ub && ua !== ub);
}

function urlKey(u: string | null): string | null {
  if (!u) return null;
  try {
    const x = new URL(u);
    return `${x.host.replace(/^www\./, "")}${x.pathname.replace(/\/+$/, "")}`.toLowerCase();
  } catch {
    return null;
  }
}

function enoughForAVehicle(r: VehicleRecord): boolean {
  if (r.vin) return true;
  const s = summary(r);
  return Boolean(s.make && (s.model || s.year) && (s.price || s.mileage !== null || s.year));
}

/**
 * Photos: structured data and OpenGraph often name only the lead image, so a lower-ranked source with a
 * clearly fuller gallery (3+ more photos) wins; otherwise the most trusted list stays.
 */
function fullestGallery(list: Candidate[], best: Candidate): Candidate {
  let pick = best;
  for (const c of list) {
    const n = (c.value as string[]).length;
    if (n >= (pick.value as string[]).length + 3) pick = c;
  }
  return pick;
}

/**
 * Description: the most trusted one, unless a lower-ranked one is its fuller version (it starts with the same
 * text, which was cut) or at least twice as long (a teaser in the JSON-LD, the seller's notes on the page).
 */
function fullestDescription(list: Candidate[], best: Candidate): Candidate {
  let pick = best;
  for (const c of list) {
    const a = String(pick.value);
    const b = String(c.value);
    if (b.length <= a.length) continue;
    const stem = a.replace(/(?:\.{3}|…)\s*$/, "").slice(0, Math.max(0, a.length - 3));
    if (b.length >= a.length * 2 || (stem.length >= 20 && b.startsWith(stem))) pick = c;
  }
  return pick;
}

export function mergePage(input: MergeInput): MergeOutput {
  const { ctx, tokens } = input;
  const warnings: string[] = [];
  const groups = new Map<string, VehicleRecord>();
  let vinless: VehicleRecord[] = [];

  for (const r of input.structured) {
    const vin = r.vin;
    if (vin) {
      const g = groups.get(vin);
      if (g) g.absorb(r);
      else {
        const ng = new VehicleRecord(r.origin, ctx);
        ng.absorb(r);
        groups.set(vin, ng);
      }
    } else vinless.push(r);
  }

  // VIN-less records that share a detail URL with a VIN'd vehicle are that vehicle.
  if (vinless.length > 0 && groups.size > 0) {
    const byUrl = new Map<string, VehicleRecord>();
    for (const g of groups.values()) {
      const k = urlKey(g.url);
      if (k && !byUrl.has(k)) byUrl.set(k, g);
    }
    vinless = vinless.filter((r) => {
      const k = urlKey(r.url);
      const g = k ? byUrl.get(k) : undefined;
      if (g && compatible(g, r, false)) {
        g.absorb(r);
        return false;
      }
      return true;
    });
  }

  const identities: VehicleRecord[] = [...groups.values()];
  if (vinless.length > 0) {
    // Cluster the VIN-less records that can be one vehicle: across sources when nothing they state
    // disagrees; within one source only when price, mileage and trim agree too (a listing's cars differ).
    const clusters: VehicleRecord[][] = [];
    for (const r of vinless) {
      const c = clusters.find((members) =>
        members.every((m) => compatible(m, r, false) && (m.origin !== r.origin || sameListing(m, r))),
      );
      if (c) c.push(r);
      else clusters.push([r]);
    }
    const mergedClusters = clusters.map((members) => {
      const merged = new VehicleRecord(members[0]!.origin, ctx);
      for (const m of members) merged.absorb(m);
      return { merged, origins: new Set(members.map((m) => m.origin)) };
    });
    const target = identities[0];
    if (mergedClusters.length === 1 && groups.size <= 1) {
      // A detail page describing its vehicle in several ways (JSON-LD without VIN, a state blob...): one vehicle.
      const only = mergedClusters[0]!.merged;
      if (target && compatible(target, only, false)) target.absorb(only);
      else identities.push(only);
    } else {
      // A listing: join VIN-less records to the one VIN'd vehicle they clearly match, keep the rest from the
      // most trusted source that has any (several sources' VIN-less copies of one car cannot be told apart).
      const rest: { merged: VehicleRecord; origins: Set<Origin> }[] = [];
      for (const c of mergedClusters) {
        const matches = [...groups.values()].filter((g) => compatible(g, c.merged, true));
        if (matches.length === 1) matches[0]!.absorb(c.merged);
        else rest.push(c);
      }
      let bestOrigin: Origin | null = null;
      for (const c of rest)
        for (const o of c.origins)
          if (bestOrigin === null || ORIGIN_RANK[o] > ORIGIN_RANK[bestOrigin]) bestOrigin = o;
      for (const c of rest)
        if (bestOrigin && c.origins.has(bestOrigin) && enoughForAVehicle(c.merged)) identities.push(c.merged);
    }
  }

  const pageRecords = [input.meta, input.heuristic].filter((r): r is VehicleRecord => r !== null);
  const tokenVins = tokens.filter((t) => !groups.has(t.vin));
  const labelledTokens = tokens.filter((t) => t.labelled);
  const pageKeys = new Set([urlKey(input.pageUrl), urlKey(input.canonical)].filter(Boolean));

  let primary: VehicleRecord | null = null;
  let listing = false;

  if (identities.length === 0) {
    const page = new VehicleRecord("heuristic", ctx);
    for (const r of pageRecords) page.absorb(r);
    const distinct = labelledTokens.length === 1 ? labelledTokens : tokens.length === 1 ? tokens : [];
    // Several labelled VINs ("VIN: …" on every card) make a listing, not one vehicle.
    const hasLabelledVin =
      page.vin !== null && new Set((page.fields.get("vin") ?? []).map((c) => c.key)).size <= 1;
    if (!hasLabelledVin && distinct.length === 1)
      page.put(
        "vin",
        distinct[0]!.vin,
        "heuristic:token",
        HEURISTIC_RANK["heuristic:token"]!,
        distinct[0]!.vin,
      );
    if (tokens.length >= 2 && distinct.length === 0 && !hasLabelledVin) {
      listing = true;
      for (const t of tokens) identities.push(tokenVehicle(t, ctx));
    } else if (
      enoughForAVehicle(page) &&
      (page.vin !== null || input.pageLooksLikeVdp || input.vdpLinks.length < 3)
    ) {
      // (text heuristics alone on a page that links to several detail pages describe a listing, not a vehicle)
      identities.push(page);
      primary = page;
    }
  } else if (identities.length === 1) {
    const only = identities[0]!;
    const looksLikeCard =
      input.vdpLinks.length >= 8 &&
      only.url !== null &&
      !pageKeys.has(urlKey(only.url)) &&
      input.vdpLinks.some((l) => urlKey(l) === urlKey(only.url));
    if (looksLikeCard) listing = true;
    else {
      primary = only;
      if (!only.vin) {
        const cand =
          labelledTokens.length === 1 ? labelledTokens[0]! : tokens.length === 1 ? tokens[0]! : null;
        const make = summary(only).make;
        if (cand && (!make || !cand.make || sameMake(make, cand.make))) {
          only.put("vin", cand.vin, "heuristic:token", HEURISTIC_RANK["heuristic:token"]!, cand.vin);
        }
      }
    }
  } else {
    // Several vehicles: a detail page with "similar vehicles", or a listing.
    const byVin = (vin: string) => groups.get(vin) ?? null;
    let found: VehicleRecord | null = null;
    const distinctLabelled = [...new Set(labelledTokens.map((t) => t.vin))];
    if (distinctLabelled.length === 1) found = byVin(distinctLabelled[0]!);
    // The page's labelled VIN names its own vehicle only when the page labels one VIN ("VIN: …" on every
    // card of a listing names many).
    const hv = input.heuristic.vin;
    const hvDistinct = new Set((input.heuristic.fields.get("vin") ?? []).map((c) => c.key)).size;
    if (!found && hv && hvDistinct === 1) found = byVin(hv);
    if (!found) {
      const m = identities.filter((r) => {
        const k = urlKey(r.url);
        return k !== null && pageKeys.has(k);
      });
      if (m.length === 1) found = m[0]!;
    }
    if (!found) {
      const inUrl = tokens.filter((t) => input.pageUrl.toUpperCase().includes(t.vin));
      if (inUrl.length === 1) found = byVin(inUrl[0]!.vin);
    }
    if (!found) {
      const title = [
        input.meta?.names[0]?.text,
        input.heuristic.names.find((n) => n.source === "heuristic:h1")?.text,
      ].find(Boolean);
      if (title) {
        const t = parseVehicleTitle(title, { now: ctx.now });
        if (t.year && t.make && t.model) {
          const m = identities.filter((r) => {
            const s = summary(r);
            return (
              s.year === t.year &&
              s.make &&
              sameMake(s.make, t.make!) &&
              s.model &&
              modelsAgree(s.model, t.model!)
            );
          });
          if (m.length === 1 && identities.length <= 12) found = m[0]!;
        }
      }
    }
    if (!found && input.pageLooksLikeVdp) {
      // A detail page that marks up its own vehicle with schema.org and carries others (similar vehicles,
      // recently viewed) only in scripts or card attributes.
      const schema = identities.filter((r) => hasSchemaSource(r));
      if (schema.length === 1) found = schema[0]!;
    }
    if (found) primary = found;
    else listing = true;
  }

  if (primary) {
    for (const r of pageRecords) if (r !== primary) primary.absorb(r);
    const rest = identities.filter((r) => r !== primary);
    identities.length = 0;
    identities.push(primary, ...rest);
    if (tokenVins.length > 0 && tokenVins.some((t) => t.vin !== primary!.vin)) {
      const others = tokenVins.filter((t) => t.vin !== primary!.vin).length;
      if (others > 0) warnings.push(`${others} other VIN(s) on this detail page were not taken as vehicles`);
    }
  } else if (listing) {
    // bare VINs on a listing page (in links, text or scripts) that no structured source described
    const have = new Set(identities.map((r) => r.vin).filter(Boolean));
    for (const t of tokenVins)
      if (!have.has(t.vin) && identities.length < 5_000) identities.push(tokenVehicle(t, ctx));
  }

  const vehicles: ExtractedVehicle[] = [];
  for (const r of identities) {
    const isPrimary = r === primary;
    const url = isPrimary ? (input.canonical ?? input.pageUrl) : (r.url ?? input.pageUrl);
    vehicles.push(finalize(r, ctx, url));
  }
  let pageKind: PageKind;
  if (primary) pageKind = "vdp";
  else if (vehicles.length >= 1 || listing) pageKind = "srp";
  else pageKind = input.vdpLinks.length >= 2 ? "srp" : "other";
  return { vehicles, pageKind, warnings };
}

function hasSchemaSource(r: VehicleRecord): boolean {
  for (const list of r.fields.values())
    for (const c of list) if (c.source.startsWith("json-ld") || c.source.startsWith("microdata")) return true;
  return false;
}

function tokenVehicle(t: TokenVin, ctx: ExtractContext): VehicleRecord {
  const r = new VehicleRecord("heuristic", ctx);
  r.put("vin", t.vin, "heuristic:token", HEURISTIC_RANK["heuristic:token"]!, t.vin);
  if (t.href) r.urlFrom(t.href);
  r.warn("only a VIN was found for this vehicle (no structured data about it on the page)");
  return r;
}

function sameKey(a: Candidate, b: Candidate): boolean {
  return a.key === b.key;
}

function describe(v: unknown): string {
  if (v && typeof v === "object" && "amount" in (v as Record<string, unknown>)) {
    const m = v as Money;
    return `${(m.amount / 100).toFixed(2)} ${m.currency}`;
  }
  if (Array.isArray(v)) return `${v.length} item(s)`;
  return JSON.stringify(v);
}

/** Picks every field's value, fills gaps from names/titles and the VIN, and reports disagreements. */
export function finalize(rec: VehicleRecord, ctx: ExtractContext, url: string): ExtractedVehicle {
  const work = new VehicleRecord(rec.origin, ctx);
  work.absorb(rec);

  // names and titles: fill year/make/model/trim/condition, never against an explicit make or model
  const explicitMake = work.best("make");
  const explicitModel = work.best("model");
  const mk = explicitMake && explicitMake.rank >= CONFLICT_RANK ? (explicitMake.value as string) : null;
  const md = explicitModel && explicitModel.rank >= CONFLICT_RANK ? (explicitModel.value as string) : null;
  const names = [...work.names].sort((a, b) => b.rank - a.rank);
  for (const n of names) {
    const t = parseVehicleTitle(n.text, { make: mk, model: md, now: ctx.now });
    if (!t.make && !t.year) continue;
    if (mk && t.make && !sameMake(mk, t.make)) continue;
    if (md && t.model && !modelsAgree(md, t.model)) continue;
    if (t.year) work.put("year", t.year, n.source, n.rank, String(t.year));
    if (t.make) work.put("make", t.make, n.source, n.rank, looseKey(t.make));
    if (t.model) {
      work.put("model", t.model, n.source, n.rank, looseKey(t.model));
      if (t.trim) work.put("trim", t.trim, n.source, n.rank - 0.5, looseKey(t.trim));
    }
    if (t.condition) work.put("condition", t.condition, n.source, n.rank - 2, t.condition);
  }
  // "… for $35,990 with 66,282 miles." in a title or description: below every labelled or structured value
  for (const n of names) {
    const miles = MILES_IN_TEXT.exec(n.text);
    if (miles) work.mileageFrom(miles[0], n.source, NAME_FALLBACK_RANK);
    const price = PRICE_IN_TEXT.exec(n.text);
    if (
      price &&
      !/\/\s*mo|per month|a month|down/i.test(n.text.slice(price.index, price.index + price[0].length + 12))
    ) {
      work.priceFrom(price[1], n.source, NAME_FALLBACK_RANK);
    }
  }

  // "Model: Porsche 992 911" -> a model that repeats the make loses it
  const chosenMake = work.best("make");
  if (chosenMake) {
    const mkKey = looseKey(String(chosenMake.value));
    for (const c of work.fields.get("model") ?? []) {
      const words = String(c.value).split(" ");
      if (words.length > 1 && looseKey(words[0]!) === mkKey) {
        c.value = words.slice(1).join(" ");
        c.key = looseKey(String(c.value));
      }
    }
  }

  const out: ExtractedVehicle = { url, sourceUrl: url, sources: {}, warnings: [] };
  const o = out as Record<string, unknown>;
  const warn = (w: string) => {
    if (out.warnings.length < 40 && !out.warnings.includes(w)) out.warnings.push(w);
  };
  const fields: VehicleField[] = [
    "vin",
    "year",
    "make",
    "model",
    "trim",
    "bodyStyle",
    "condition",
    "price",
    "mileage",
    "exteriorColor",
    "interiorColor",
    "drivetrain",
    "transmission",
    "fuelType",
    "engine",
    "photos",
    "description",
    "stockNumber",
  ];
  for (const f of fields) {
    const list = work.fields.get(f);
    if (!list || list.length === 0) continue;
    let best = list[0]!;
    for (const c of list) if (c.rank > best.rank) best = c;
    if (f === "photos") best = fullestGallery(list, best);
    else if (f === "description") best = fullestDescription(list, best);
    o[f] = best.value;
    out.sources[f] = best.source;
    if (best.note) warn(best.note);
    if (f === "description" || f === "photos") continue;
    const seen = new Set<string>();
    for (const c of list) {
      if (c === best || c.rank < CONFLICT_RANK || sameKey(c, best) || c.source === best.source) continue;
      const k = `${c.source}|${c.key}`;
      if (seen.has(k)) continue;
      seen.add(k);
      if (f === "model" && modelsAgree(String(c.value), String(best.value))) continue;
      if (f === "make" && sameMake(String(c.value), String(best.value))) continue;
      warn(
        `${f}: ${c.source} says ${describe(c.value)} but ${best.source} says ${describe(best.value)} (kept ${best.source})`,
      );
    }
  }
  if (typeof out.exteriorColor === "string") {
    const fam = colorFamily(out.exteriorColor);
    if (fam) {
      out.exteriorColorFamily = fam;
      out.sources.exteriorColorFamily = out.sources.exteriorColor!;
    }
  }

  // VIN cross-check (and the VIN's own doubts)
  if (out.vin) {
    const d = decodeVin(out.vin, { now: ctx.now });
    for (const r of d.reasons)
      if (r.severity === "warning" && r.code !== "unknown_wmi") warn(`VIN: ${r.message}`);
    const reliableYear = d.modelYear !== null && (d.checkDigit.enforced || d.checkDigit.ok === true);
    if (
      typeof out.year === "number" &&
      d.modelYear !== null &&
      out.year !== d.modelYear &&
      Math.abs(out.year - d.modelYear) !== 30
    ) {
      warn(
        `year ${out.year} does not match the VIN, whose 10th character (${out.vin[9]}) means model year ${d.modelYear}`,
      );
    } else if (out.year === undefined && reliableYear) {
      out.year = d.modelYear!;
      out.sources.year = "vin-decode";
    }
    if (typeof out.make === "string" && d.make && !sameMake(out.make, d.make)) {
      warn(
        `make ${JSON.stringify(out.make)} does not match the VIN, whose manufacturer code (${out.vin.slice(0, 3)}) is ${d.make}`,
      );
    } else if (out.make === undefined && d.make) {
      out.make = d.make;
      out.sources.make = "vin-decode";
    }
  }
  for (const w of rec.warnings) warn(w);
  return out;
}
