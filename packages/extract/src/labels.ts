/**
 * Label/value heuristics over the page's visible text, fed one text segment (the text between two tags)
 * at a time in document order: "Mileage: 12,345", a <dt>VIN</dt><dd>…</dd> pair, "84,000 miles",
 * "<strong>6,379</strong> Last reported odometer reading". Constant work per segment.
 */

export type HitField =
  | "vin"
  | "year"
  | "make"
  | "model"
  | "trim"
  | "price"
  | "mileage"
  | "exteriorColor"
  | "interiorColor"
  | "drivetrain"
  | "transmission"
  | "fuelType"
  | "engine"
  | "bodyStyle"
  | "stockNumber"
  | "condition";

export interface TextHit {
  field: HitField;
  value: string;
  source: string;
}

const LABELS: Record<string, HitField> = Object.create(null) as Record<string, HitField>;
function label(field: HitField, ...names: string[]): void {
  for (const n of names) LABELS[n] = field;
}
label(
  "vin",
  "vin",
  "vin number",
  "vin no",
  "vin #",
  "vehicle identification number",
  "chassis",
  "chassis number",
  "chassis no",
  "vin/serial",
  "serial number",
);
label(
  "year",
  "year",
  "model year",
  "year of reg",
  "year of registration",
  "registration year",
  "reg year",
  "year of manufacture",
  "yr",
);
label("make", "make", "manufacturer", "brand");
label("model", "model", "model name");
label("trim", "trim", "trim level", "variant", "derivative", "version", "series");
label(
  "mileage",
  "mileage",
  "odometer",
  "miles",
  "odometer reading",
  "kilometres",
  "kilometers",
  "kms",
  "km",
  "odo",
  "current mileage",
  "mileage (miles)",
  "mileage (km)",
);
label(
  "price",
  "price",
  "our price",
  "sale price",
  "internet price",
  "asking price",
  "selling price",
  "cash price",
  "your price",
  "retail price",
  "buy now price",
  "e-price",
  "special price",
  "dealer price",
  "final price",
  "no haggle price",
  "online price",
  "market price",
  "list price",
  "advertised price",
);
label("stockNumber", "stock", "stock #", "stock number", "stock no", "stock id", "stk", "stk #");
label(
  "exteriorColor",
  "exterior color",
  "exterior colour",
  "colour",
  "color",
  "ext. color",
  "ext color",
  "paint",
  "body colour",
  "body color",
  "exterior paint",
);
label(
  "interiorColor",
  "interior color",
  "interior colour",
  "upholstery",
  "int. color",
  "int color",
  "interior trim",
);
label(
  "drivetrain",
  "drivetrain",
  "drive type",
  "drive train",
  "drive",
  "drive wheels",
  "driven wheels",
  "drive line",
  "driveline",
  "wheel drive",
);
label("transmission", "transmission", "gearbox", "trans", "transmission type");
label("fuelType", "fuel type", "fuel", "fuel system");
label("engine", "engine", "engine size", "motor", "engine type", "engine description");
label("bodyStyle", "body style", "body type", "body", "bodystyle", "vehicle type", "body shape");
label("condition", "condition", "stock type", "new/used", "vehicle condition", "inventory type");

/** The field a label names ("Stock #:", "Exterior Color"), or null. */
export function labelField(text: string): HitField | null {
  if (text.length > 40 || text.length === 0) return null;
  const c0 = text.charCodeAt(0) | 32;
  if (c0 < 97 || c0 > 122) return null; // labels start with a letter
  const direct = LABELS[text.toLowerCase()];
  if (direct) return direct;
  const key = text
    .toLowerCase()
    .replace(/[\s:：.*]+$/, "")
    .replace(/\s+/g, " ")
    .trim();
  return LABELS[key] ?? null;
}

const MILEAGE_EXPR = /^[~≈]?\s?\d[\d,.\s]{0,10}k?\s?(mi|miles|mile|km|kms|kilomet(er|re)s)\.?$/i;
const UNIT_SEGMENT = /^(mi\b|miles|km\b|kms\b|kilomet|odometer|last reported odometer)/i;
const BARE_NUMBER = /^\d[\d,.\s]{0,10}$/;

export class LabelScanner {
  private pending: HitField | null = null;
  private lastNumber: string | null = null;
  constructor(
    private readonly hits: TextHit[],
    private readonly maxHits = 4000,
  ) {}

  /** One collapsed, non-empty text segment, in document order. */
  push(seg: string): void {
    if (this.hits.length >= this.maxHits) return;
    if (this.pending) {
      const f = this.pending;
      this.pending = null;
      if (!labelField(seg) && seg.length <= 200) {
        this.hits.push({ field: f, value: seg, source: "heuristic:label" });
        this.lastNumber = null;
        return;
      }
    }
    const colon = seg.search(/[:：]/);
    if (colon > 0 && colon <= 40) {
      const f = labelField(seg.slice(0, colon));
      if (f) {
        const v = seg.slice(colon + 1).trim();
        if (v) {
          if (v.length <= 200) this.hits.push({ field: f, value: v, source: "heuristic:label" });
        } else this.pending = f;
        this.lastNumber = null;
        return;
      }
    }
    if (seg.length <= 40) {
      const f = labelField(seg);
      if (f) {
        this.pending = f;
        this.lastNumber = null;
        return;
      }
    }
    if (this.lastNumber && UNIT_SEGMENT.test(seg)) {
      const unit = /^k/i.test(seg) ? "km" : "mi";
      this.hits.push({ field: "mileage", value: `${this.lastNumber} ${unit}`, source: "heuristic:text" });
    }
    this.lastNumber = BARE_NUMBER.test(seg) ? seg : null;
    if (seg.length <= 32 && MILEAGE_EXPR.test(seg))
      this.hits.push({ field: "mileage", value: seg, source: "heuristic:text" });
  }
}
