import {
  colorFamilyFilter,
  knownMake,
  makeKey,
  parseBodyStyle,
  parseDrivetrain,
  parseFuel,
} from "@forecourt/normalize";

/**
 * The small automotive lexicon of the local provider: words (and two-word phrases) -> concepts such as
 * `body:truck`, `make:ford`, `color:red`, `drive:awd`, `fuel:electric`. Generic vocabularies come from
 * @forecourt/normalize (make aliases, colour shades, body/drivetrain/fuel words); popular model names are
 * listed here with their make and body style, so "pickup" meets "F-150" and "SUV" meets "RAV4".
 */

type Body = "truck" | "suv" | "sedan" | "coupe" | "minivan" | "hatchback" | "van" | "wagon" | "convertible";

const MODELS: [make: string, body: Body, models: string[]][] = [
  ["Ford", "truck", ["f150", "f250", "f350", "ranger", "maverick", "lightning"]],
  [
    "Ford",
    "suv",
    ["explorer", "escape", "edge", "expedition", "bronco", "ecosport", "machemach-e", "mache", "flex"],
  ],
  ["Ford", "coupe", ["mustang"]],
  ["Ford", "sedan", ["fusion", "taurus", "focus", "fiesta"]],
  ["Ford", "van", ["transit"]],
  ["Chevrolet", "truck", ["silverado", "colorado", "avalanche"]],
  ["Chevrolet", "suv", ["tahoe", "suburban", "equinox", "traverse", "blazer", "trax", "trailblazer"]],
  ["Chevrolet", "sedan", ["malibu", "impala", "cruze"]],
  ["Chevrolet", "coupe", ["camaro", "corvette"]],
  ["Chevrolet", "hatchback", ["bolt", "spark", "sonic"]],
  ["GMC", "truck", ["sierra", "canyon"]],
  ["GMC", "suv", ["yukon", "acadia", "terrain"]],
  ["Ram", "truck", ["ram1500", "ram2500", "ram3500", "1500", "2500", "3500"]],
  ["Toyota", "truck", ["tacoma", "tundra"]],
  ["Toyota", "suv", ["rav4", "highlander", "4runner", "sequoia", "venza", "landcruiser"]],
  ["Toyota", "sedan", ["camry", "corolla", "avalon", "prius", "crown"]],
  ["Toyota", "minivan", ["sienna"]],
  ["Toyota", "coupe", ["supra", "gr86"]],
  ["Nissan", "truck", ["frontier", "titan"]],
  ["Nissan", "suv", ["rogue", "pathfinder", "murano", "armada", "kicks"]],
  ["Nissan", "sedan", ["altima", "sentra", "maxima", "versa"]],
  ["Nissan", "hatchback", ["leaf"]],
  ["Honda", "truck", ["ridgeline"]],
  ["Honda", "suv", ["crv", "hrv", "pilot", "passport"]],
  ["Honda", "sedan", ["accord", "civic", "insight"]],
  ["Honda", "minivan", ["odyssey"]],
  ["Honda", "hatchback", ["fit"]],
  ["Jeep", "truck", ["gladiator"]],
  ["Jeep", "suv", ["wrangler", "cherokee", "grandcherokee", "compass", "renegade", "wagoneer"]],
  ["Hyundai", "truck", ["santacruz"]],
  ["Hyundai", "suv", ["tucson", "santafe", "palisade", "kona", "venue", "ioniq5"]],
  ["Hyundai", "sedan", ["sonata", "elantra", "accent", "ioniq6"]],
  ["Kia", "suv", ["sorento", "sportage", "telluride", "seltos", "soul", "ev6", "niro"]],
  ["Kia", "sedan", ["optima", "k5", "forte", "rio", "stinger"]],
  ["Kia", "minivan", ["carnival", "sedona"]],
  ["Subaru", "suv", ["outback", "forester", "ascent", "crosstrek"]],
  ["Subaru", "sedan", ["legacy", "impreza", "wrx"]],
  ["Mazda", "suv", ["cx5", "cx50", "cx9", "cx90", "cx30", "cx3"]],
  ["Mazda", "sedan", ["mazda3", "mazda6"]],
  ["Mazda", "convertible", ["mx5", "miata"]],
  ["Volkswagen", "suv", ["tiguan", "atlas", "taos", "id4"]],
  ["Volkswagen", "sedan", ["jetta", "passat", "arteon"]],
  ["Volkswagen", "hatchback", ["golf", "gti"]],
  ["Tesla", "sedan", ["model3", "models"]],
  ["Tesla", "suv", ["modely", "modelx"]],
  ["Tesla", "truck", ["cybertruck"]],
  ["Dodge", "coupe", ["challenger"]],
  ["Dodge", "sedan", ["charger"]],
  ["Dodge", "suv", ["durango", "journey"]],
  ["Chrysler", "minivan", ["pacifica", "grandcaravan", "caravan"]],
  ["BMW", "suv", ["x1", "x3", "x5", "x7"]],
  ["Audi", "suv", ["q3", "q5", "q7", "q8"]],
  ["Audi", "sedan", ["a4", "a6"]],
  ["Mercedes-Benz", "suv", ["glc", "gle", "gls", "gla"]],
  ["Mercedes-Benz", "sedan", ["cclass", "eclass"]],
  ["Lexus", "suv", ["rx", "nx", "gx"]],
  ["Lexus", "sedan", ["es", "is"]],
];

/** Compact key: lower-case letters and digits only ("F-150" -> "f150", "CR-V" -> "crv"). */
export const compact = (s: string) => makeKey(s);

/** Battery-electric models and makes (so "electric" meets "Tesla Model 3" and "Ioniq 5"). */
const ELECTRIC = new Set([
  "tesla",
  "polestar",
  "rivian",
  "lucid",
  "leaf",
  "bolt",
  "ioniq5",
  "ioniq6",
  "ev6",
  "id4",
  "mache",
  "machemach-e",
  "lightning",
  "cybertruck",
]);

const MODEL_INDEX = new Map<string, string[]>();
for (const [make, body, models] of MODELS) {
  for (const m of models) {
    const concepts = [`body:${body}`, `make:${makeKey(make)}`, `model:${m}`];
    if (ELECTRIC.has(m) || ELECTRIC.has(makeKey(make))) concepts.push("fuel:electric");
    const prev = MODEL_INDEX.get(m);
    MODEL_INDEX.set(m, prev ? [...new Set([...prev, ...concepts])] : concepts);
  }
}

/** Extra single words the normalize vocabularies do not cover. */
const EXTRA: Record<string, string[]> = {
  pickups: ["body:truck"],
  trucks: ["body:truck"],
  suvs: ["body:suv"],
  sedans: ["body:sedan"],
  "4x4s": ["drive:4wd"],
  "4x4": ["drive:4wd"],
  ev: ["fuel:electric"],
  evs: ["fuel:electric"],
  phev: ["fuel:plug_in_hybrid"],
  family: ["body:suv", "body:minivan"],
  offroad: ["drive:4wd"],
  towing: ["body:truck"],
  tesla: ["fuel:electric"],
  polestar: ["fuel:electric"],
  rivian: ["fuel:electric"],
  lucid: ["fuel:electric"],
};

const CACHE = new Map<string, readonly string[]>();
const CACHE_MAX = 50_000;
const NONE: readonly string[] = [];

/** Concepts of one word (already lower-case; hyphens allowed). */
export function wordConcepts(word: string): readonly string[] {
  const hit = CACHE.get(word);
  if (hit) return hit;
  const out = new Set<string>();
  const key = compact(word);
  if (key) {
    for (const c of EXTRA[word] ?? EXTRA[key] ?? NONE) out.add(c);
    for (const c of MODEL_INDEX.get(key) ?? NONE) out.add(c);
    if (!/^\d+$/.test(key)) {
      const make = knownMake(word);
      if (make) out.add(`make:${makeKey(make)}`);
      if (key.length >= 3) {
        const colour = colorFamilyFilter(word);
        if (colour) out.add(`color:${colour}`);
      }
      const body = parseBodyStyle(word);
      if (body && body !== "other") out.add(`body:${body}`);
      const drive = parseDrivetrain(word);
      if (drive) out.add(`drive:${drive}`);
      const fuel = parseFuel(word);
      if (fuel && fuel !== "other") out.add(`fuel:${fuel}`);
    }
  }
  const res: readonly string[] = out.size ? [...out] : NONE;
  if (CACHE.size >= CACHE_MAX) CACHE.clear();
  CACHE.set(word, res);
  return res;
}

/** Concepts of a two-word phrase ("santa fe", "ram 1500", "all wheel", "land rover"), else none. */
export function phraseConcepts(a: string, b: string): readonly string[] {
  const key = compact(a) + compact(b);
  const out = new Set<string>(MODEL_INDEX.get(key) ?? NONE);
  const make = knownMake(`${a} ${b}`);
  if (make && compact(make).length > compact(a).length) out.add(`make:${makeKey(make)}`);
  const phrase = `${a} ${b}`;
  if (/^(pick up|crew cab|super crew|sport utility|mini van)$/.test(phrase)) {
    const body = parseBodyStyle(phrase);
    if (body) out.add(`body:${body}`);
  }
  if (/^(all wheel|four wheel|plug in)$/.test(phrase)) {
    const d = parseDrivetrain(`${phrase} drive`);
    if (d) out.add(`drive:${d}`);
    if (phrase === "plug in") out.add("fuel:plug_in_hybrid");
  }
  return out.size ? [...out] : NONE;
}

export const STOPWORDS = new Set(
  (
    "a an and are as at be by for from has have i in is it its of on or that the this to was were will with " +
    "you your me my we our us do does did any some can could would should please show find want need looking " +
    "look get got what which who how much many there here them they it's i'm im about just like also only " +
    "car cars vehicle vehicles auto autos available stock inventory one ones"
  ).split(" "),
);

/** Lower-case words: accents folded, split on anything but letters, digits and inner hyphens. */
export function words(text: string): string[] {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  const out: string[] = [];
  for (const m of s.matchAll(/[a-z0-9]+(?:[-.][a-z0-9]+)*/g)) out.push(m[0]);
  return out;
}

/** Naive plural folding for matching ("trucks" -> "truck", "suvs" -> "suv"); digits untouched. */
export function stem(w: string): string {
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !/\d/.test(w)) return w.slice(0, -1);
  return w;
}

/** Every concept of a text (words and adjacent pairs). */
export function textConcepts(ws: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    out.push(...wordConcepts(ws[i]!));
    if (i + 1 < ws.length) out.push(...phraseConcepts(ws[i]!, ws[i + 1]!));
  }
  return out;
}
