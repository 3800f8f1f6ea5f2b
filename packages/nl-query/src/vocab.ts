import { COLOR_FAMILIES, type ColorFamily } from "@forecourt/domain";
import {
  colorFamilyFilter,
  knownMake,
  looseKey,
  parseBodyStyle,
  parseCondition,
  parseDrivetrain,
  parseFuel,
} from "@forecourt/normalize";

/**
 * The words a query is read with. Makes, body styles, drivetrains, fuels, conditions and colours come from
 * @forecourt/normalize (the same vocabulary the scraper and the inventory use); models come from the
 * dealership's own stock when given. Only the glue of English queries (comparators, connecting words) is
 * listed here.
 */

/** Makes that are also everyday words: read as makes only when capitalised or stocked by the dealership. */
const WORDLIKE_MAKES = new Set([
  "mini",
  "smart",
  "seat",
  "genesis",
  "eagle",
  "alpine",
  "karma",
  "international",
  "triumph",
  "rover",
  "mercury",
  "saturn",
  "lotus",
  "jaguar",
  "ds",
  "mg",
  "geo",
  "austin",
  "scion",
  "tata",
  "proton",
  "morgan",
  "mb",
  "caddy",
  "harley",
]);

export function makeOf(words: string[], raw: string, stocked: Set<string> | null): string | null {
  if (words.length === 1 && /^\d+$/.test(words[0]!)) return null;
  const make = knownMake(words.join(" "));
  if (!make) return null;
  if (words.length === 1 && WORDLIKE_MAKES.has(words[0]!)) {
    const capitalised = /^\p{Lu}/u.test(raw);
    if (!capitalised && !stocked?.has(looseKey(make))) return null;
  }
  return make;
}

/** Single words too generic to name a model on their own ("Model", "Series", "Grand"). */
const GENERIC_MODEL_WORDS = new Set([
  "model",
  "series",
  "class",
  "grand",
  "super",
  "duty",
  "sport",
  "range",
  "new",
  "city",
  "plus",
  "max",
  "hd",
  "limited",
  "edition",
  "the",
  "and",
  "one",
  "cab",
]);

export interface ModelEntry {
  models: string[];
  /** Digits only ("1500", "3"): only read right after a make, never as a bare number. */
  needsMake: boolean;
}

/** Every contiguous run of words of every model, keyed by `looseKey`, to the models containing it. */
export function buildModelIndex(models: readonly string[]): Map<string, ModelEntry> {
  const index = new Map<string, ModelEntry>();
  for (const model of models.slice(0, 2000)) {
    if (typeof model !== "string" || !model.trim() || model.length > 80) continue;
    const words = model.trim().split(/\s+/).slice(0, 6);
    for (let a = 0; a < words.length; a++) {
      for (let b = a + 1; b <= words.length; b++) {
        const part = words.slice(a, b);
        const key = looseKey(part.join(""));
        if (key.length < 2 && !/^\d$/.test(key)) continue;
        const whole = a === 0 && b === words.length;
        if (!whole) {
          if (part.length === 1 && GENERIC_MODEL_WORDS.has(key)) continue;
          if (attributeOf(part.join(" ").toLowerCase())) continue;
          if (knownMake(part.join(" "))) continue;
        }
        const entry = index.get(key) ?? { models: [], needsMake: /^\d+$/.test(key) };
        if (!entry.models.includes(model)) entry.models.push(model);
        index.set(key, entry);
      }
    }
  }
  return index;
}

export type AttributeField = "bodyStyle" | "drivetrain" | "fuelType" | "condition" | "colorFamily";
export interface Attribute {
  field: AttributeField;
  value: string;
}

const COLOUR_NOUNS = new Set(["color", "colour", "colored", "coloured", "paint", "exterior"]);
/** Everyday colour words beyond the family names. */
const COLOUR_WORDS = new Set(["grey", "tan", "navy", "maroon", "burgundy", "charcoal", "violet", "crimson"]);

/** A colour family for a single word: family names and everyday colour words always; shades only before "color"/"paint". */
export function colourOf(word: string, next: string | undefined): ColorFamily | null {
  if (word === "other") return null;
  const basic = (COLOR_FAMILIES as readonly string[]).includes(word) || COLOUR_WORDS.has(word);
  if (!basic && !(next && COLOUR_NOUNS.has(next))) return null;
  return colorFamilyFilter(word);
}

/** The one attribute a phrase names (body style, drivetrain, fuel, condition), or null. */
export function attributeOf(phrase: string): Attribute | null {
  if (!phrase || /^\d+$/.test(phrase)) return null;
  const body = parseBodyStyle(phrase);
  if (body && body !== "other") return { field: "bodyStyle", value: body };
  const drive = parseDrivetrain(phrase);
  if (drive) return { field: "drivetrain", value: drive };
  const fuel = parseFuel(phrase);
  if (fuel && fuel !== "other") return { field: "fuelType", value: fuel };
  const condition = parseCondition(phrase);
  if (condition) return { field: "condition", value: condition };
  return null;
}

const same = (a: Attribute | null, b: Attribute | null) =>
  !!a && !!b && a.field === b.field && a.value === b.value;

const singular = (phrase: string) =>
  /^[a-z0-9-]{3,}s$/.test(phrase) ? attributeOf(phrase.slice(0, -1)) : null;

/**
 * The attribute named by exactly these words (try longest first). Every word must belong to the phrase:
 * an edge word that names nothing and whose removal keeps the meaning is not part of it ("pickup 2018"),
 * and words naming different kinds of attribute are separate phrases ("diesel truck"); "crew cab",
 * "plug-in hybrid" and "certified pre-owned" are one phrase each.
 */
export function essentialAttribute(words: string[]): Attribute | null {
  const phrase = words.join(" ");
  const found = attributeOf(phrase) ?? (words.length === 1 ? singular(phrase) : null);
  if (!found || words.length === 1) return found;
  const alone = words.map((w) => attributeOf(w) ?? singular(w));
  if (alone.some((a) => a && a.field !== found.field)) return null;
  if (!alone[0] && same(found, attributeOf(words.slice(1).join(" ")))) return null;
  if (!alone.at(-1) && same(found, attributeOf(words.slice(0, -1).join(" ")))) return null;
  return found;
}

/** Connecting words dropped from the remainder (they carry no meaning for similarity search). */
export const STOP_WORDS = new Set(
  (
    "a an the with and or for me show find i im i'm want wanted need needs looking look search searching " +
    "some any please in of to that is are has have had it its on at by my we our you your who which " +
    "what something anything car cars vehicle vehicles auto autos one ones get got like would could " +
    "can do does give there here"
  ).split(" "),
);

/** Words that belong to the filter just before them ("all wheel DRIVE", "60,000 MILES", "red PAINT"). */
export const FOLLOWERS = new Set(
  "drive wheel wheels miles mile mi mileage color colour paint exterior model models price priced truck trucks".split(
    " ",
  ),
);
