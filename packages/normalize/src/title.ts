import type { Condition } from "@forecourt/domain";
import { knownMake, MAX_MAKE_WORDS } from "./make";
import { normalizeModel } from "./model";
import { asText, looseKey } from "./text";
import { parseCondition } from "./vocab";

export interface ParsedTitle {
  year: number | null;
  make: string | null;
  model: string | null;
  trim: string | null;
  condition: Condition | null;
}

export interface TitleHint {
  /** A make known from elsewhere (structured data); helps when the title spells it unusually. */
  make?: string | null;
  /** A model known from elsewhere: when the title continues with it, the rest is the trim. */
  model?: string | null;
  now?: Date;
}

/** Models written as more than one word, keyed by `looseKey` of the words joined. */
const MULTI_WORD_MODELS = new Set(
  [
    "Grand Cherokee",
    "Grand Cherokee L",
    "Grand Wagoneer",
    "Grand Caravan",
    "Grand Marquis",
    "Grand Prix",
    "Grand Am",
    "Grand Vitara",
    "Land Cruiser",
    "Range Rover",
    "Range Rover Sport",
    "Range Rover Evoque",
    "Range Rover Velar",
    "Discovery Sport",
    "Model 3",
    "Model S",
    "Model X",
    "Model Y",
    "Santa Fe",
    "Santa Cruz",
    "Town & Country",
    "Monte Carlo",
    "Crown Victoria",
    "Transit Connect",
    "Ram 1500",
    "Ram 2500",
    "Ram 3500",
    "Rav 4",
    "CR V",
    "HR V",
    "Mustang Mach-E",
    "Mach-E",
    "Cooper S",
    "Clubman",
    "Sierra 1500",
    "Sierra 2500HD",
    "Silverado 1500",
    "Silverado 2500HD",
    "Silverado 3500HD",
    "Super Duty",
    "F-150 Lightning",
    "Bronco Sport",
    "Trail Blazer",
    "New Beetle",
    "Golf GTI",
    "Golf R",
    "Up!",
    "e-Golf",
    "ID. 4",
    "ID.4",
    "Ioniq 5",
    "Ioniq 6",
    "EV6",
    "EV9",
    "Niro EV",
    "Soul EV",
    "Leaf Plus",
    "Rogue Sport",
    "Outlander Sport",
    "Eclipse Cross",
    "Forte Koup",
    "Sierra HD",
    "Sprinter Van",
    "Metris Van",
    "Q5 Sportback",
    "e-tron GT",
    "Taycan Cross Turismo",
    "Panamera Sport Turismo",
    "C-HR",
    "Corolla Cross",
    "Corolla Hatchback",
    "Yaris Cross",
    "Civic Type R",
    "Accord Hybrid",
    "Camry Hybrid",
  ].map((m) => looseKey(m)),
);
/** Second words that always belong to the model ("3 Series", "C Class", "Model 3"). */
const MODEL_SECOND_WORDS = new Set(["series", "class", "klasse", "serie"]);

const STOP_PHRASES =
  /\s(?:for sale|for \$|for £|for €|for sale in|available|with \d|w\/\s?\d|at [A-Z]|near |in stock|sold for|on bat|on ebay|starting at|from \$)|\s[|–—•·]\s|\s-\s|\s::\s|[|$£€]|,\s/i;

function cutAtStop(s: string): string {
  const m = STOP_PHRASES.exec(s);
  return m ? s.slice(0, m.index) : s;
}

const YEAR_TOKEN = /^(?:MY)?((?:19|20)\d\d)$/;

/**
 * Reads "2019 BMW X5 xDrive40i", "Used 2010 Porsche Cayman S For Sale $24,000 | Cars.com", "6k-Mile 2020
 * Porsche 911 Carrera 4S Coupe", "Ford Explorer 2013 FWD": year, make (known makes and aliases only),
 * model (one word, or a known multi-word model), trim (the rest, up to "for sale", "|", " - ", a price...).
 * Never throws; unknown parts are null.
 */
export function parseVehicleTitle(input: unknown, hint: TitleHint = {}): ParsedTitle {
  const empty: ParsedTitle = { year: null, make: null, model: null, trim: null, condition: null };
  try {
    const text = asText(input, 400);
    if (!text) return empty;
    // Pick the first " | "-separated part that names a known make; titles often lead with the dealer name.
    const parts = text.split(/\s[|•·]\s|\s[-–—]\s|\s::\s/);
    let chosen: ParsedTitle | null = null;
    for (const part of parts.slice(0, 6)) {
      const parsed = parsePart(part, hint);
      if (parsed.make) {
        chosen = parsed;
        break;
      }
      if (!chosen && (parsed.year || parsed.condition)) chosen = parsed;
    }
    return chosen ?? empty;
  } catch {
    return empty;
  }
}

function parsePart(part: string, hint: TitleHint): ParsedTitle {
  const seg = cutAtStop(part).trim();
  const tokens = seg.split(" ").filter(Boolean).slice(0, 24);
  const maxYear = (hint.now instanceof Date ? hint.now.getUTCFullYear() : new Date().getUTCFullYear()) + 1;

  let yearIdx = -1;
  let year: number | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const m = YEAR_TOKEN.exec(tokens[i]!.replace(/[(),.:;]/g, ""));
    if (m) {
      const y = Number(m[1]);
      if (y >= 1900 && y <= maxYear) {
        yearIdx = i;
        year = y;
        break;
      }
    }
  }

  const hintMakeKey = hint.make ? looseKey(hint.make) : "";
  const findMake = (from: number, to: number): { idx: number; len: number; make: string } | null => {
    for (let i = Math.max(0, from); i < Math.min(tokens.length, to); i++) {
      for (let len = MAX_MAKE_WORDS; len >= 1; len--) {
        if (i + len > tokens.length) continue;
        const words = tokens.slice(i, i + len).join(" ");
        const known = knownMake(words);
        if (known) return { idx: i, len, make: known };
        if (hintMakeKey && looseKey(words) === hintMakeKey) return { idx: i, len, make: hint.make! };
      }
    }
    return null;
  };
  let mk = yearIdx >= 0 ? findMake(yearIdx + 1, yearIdx + 4) : null;
  if (!mk) mk = findMake(0, 6);

  let condition: Condition | null = null;
  const condEnd = mk ? mk.idx : yearIdx >= 0 ? yearIdx : Math.min(tokens.length, 3);
  const lead = tokens.slice(0, condEnd).join(" ");
  if (lead) condition = parseCondition(lead);

  if (!mk) return { year, make: null, model: null, trim: null, condition };

  const rest: string[] = [];
  for (let i = mk.idx + mk.len; i < tokens.length; i++) if (i !== yearIdx) rest.push(tokens[i]!);
  if (rest.length === 0) return { year, make: mk.make, model: null, trim: null, condition };

  let modelLen = 0;
  let model: string | null = null;
  if (hint.model) {
    const want = looseKey(hint.model);
    if (want) {
      for (let n = 1; n <= Math.min(6, rest.length); n++) {
        if (looseKey(rest.slice(0, n).join("")) === want) {
          modelLen = n;
          model = hint.model;
          break;
        }
      }
    }
  }
  if (!model) {
    modelLen = 1;
    for (let n = Math.min(3, rest.length); n >= 2; n--) {
      if (MULTI_WORD_MODELS.has(looseKey(rest.slice(0, n).join("")))) {
        modelLen = n;
        break;
      }
    }
    if (modelLen === 1 && rest.length > 1 && MODEL_SECOND_WORDS.has(rest[1]!.toLowerCase())) modelLen = 2;
    const raw = rest
      .slice(0, modelLen)
      .join(" ")
      .replace(/[,;:]+$/, "");
    model = raw ? normalizeModel(raw) : null;
  }
  const trimRaw = rest
    .slice(modelLen)
    .join(" ")
    .replace(/[\s,;:\-–]+$/, "")
    .trim();
  const trim = trimRaw ? trimRaw.slice(0, 120) : null;
  return { year, make: mk.make, model, trim, condition };
}
