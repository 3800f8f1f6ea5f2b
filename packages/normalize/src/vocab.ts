import type { BodyStyle, Condition, Drivetrain, FuelType, Transmission } from "@forecourt/domain";
import { asText } from "./text";

/**
 * Parsers for the enumerated vehicle attributes as dealer sites and schema.org write them. Each takes any
 * value, returns the canonical enum member or null when it cannot tell, and never throws. Rules are checked
 * in order; the first that matches wins (so "Certified Pre-Owned" is certified, "Plug-in Hybrid" is not
 * merely hybrid, "8-Speed Automatic w/ Manual Mode" is automatic).
 */

type Rule<T> = [RegExp, T];

function firstMatch<T>(input: unknown, rules: Rule<T>[]): T | null {
  // schema.org enumeration URLs ("https://schema.org/UsedCondition") are read by their last segment.
  let s = asText(input, 200);
  if (!s) return null;
  s = s.replace(/^https?:\/\/(www\.)?schema\.org\//i, "");
  // fold accents so "Coupé" reads as "coupe"
  s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  // split camel case so "FourWheelDriveConfiguration" reads as words
  s = s.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  for (const [re, v] of rules) if (re.test(s)) return v;
  return null;
}

const BODY_RULES: Rule<BodyStyle>[] = [
  [/\b(mini ?-?van|mpv|people ?carrier|multi ?purpose)\b/, "minivan"],
  [
    /\b(pick ?-?up|truck|crew ?cab|super ?crew|super ?cab|double ?cab|extended ?cab|ext ?cab|regular ?cab|quad ?cab|king ?cab|access ?cab|chassis ?cab|club ?cab|mega ?cab|ute)\b/,
    "truck",
  ],
  [/\b(suv|s\.u\.v|sport ?utility|sports ?utility|crossover|cuv|4x4 ?utility)\b/, "suv"],
  [/\b(van|cargo|panel ?van|passenger ?van|camper|minibus)\b/, "van"],
  [/\b(convertible|cabriolet|cabrio|roadster|spyder|spider|soft ?top|drop ?top|volante)\b/, "convertible"],
  [/\b(wagon|estate|shooting ?brake|avant|sport ?wagon|sportswagon|touring wagon)\b/, "wagon"],
  [/\b(hatchback|hatch|liftback|sportback)\b/, "hatchback"],
  [/\b(coupe|coupé|fastback)\b/, "coupe"],
  [/\b(sedan|saloon|berline)\b/, "sedan"],
  [/^other$/, "other"],
];

/** "Sport Utility" -> suv, "Pickup truck"/"Crew Cab" -> truck, "Coupe 2D" -> coupe, "Estate" -> wagon, "Saloon" -> sedan... */
export function parseBodyStyle(input: unknown): BodyStyle | null {
  return firstMatch(input, BODY_RULES);
}

const DRIVE_RULES: Rule<Drivetrain>[] = [
  [
    /\b(awd|all ?-?wheel ?-?drive|all wheel|allwheel|4 ?matic\+?|x ?drive|quattro|4 ?motion|sh-?awd|all4|e-?four|q4|symmetrical|awc|i-?active awd|dual motor)\b/,
    "awd",
  ],
  [
    /\b(4wd|4 ?x ?4|four ?-?wheel ?-?drive|4 ?-?wheel ?-?drive|four wheel|4 wheel|fourwheeldrive|4 ?motion 4x4)\b/,
    "4wd",
  ],
  [/\b(fwd|front ?-?wheel ?-?drive|front wheel|2 wheel drive - front|front-drive|front drive)\b/, "fwd"],
  [/\b(rwd|rear ?-?wheel ?-?drive|rear wheel|2 wheel drive - rear|rear-drive|rear drive)\b/, "rwd"],
];

/** AWD/4MATIC/xDrive/quattro/4MOTION -> awd; 4WD/4x4/four-wheel drive -> 4wd; FWD, RWD; "2WD"/"4x2" -> null (ambiguous). */
export function parseDrivetrain(input: unknown): Drivetrain | null {
  return firstMatch(input, DRIVE_RULES);
}

const FUEL_RULES: Rule<FuelType>[] = [
  [/\b(plug ?-?in|phev|plugin|recharge hybrid)\b/, "plug_in_hybrid"],
  [
    /\b(hybrid|hev|mhev|mild hybrid|(gas|gasoline|petrol|diesel)\s*[/-]\s*electric|electric\s*[/-]\s*(gas|gasoline|petrol|diesel))\b/,
    "hybrid",
  ],
  [/\b(flex|flex ?-?fuel|ffv|e85)\b/, "flex"],
  [/\b(cng|lpg|natural gas|hydrogen|fuel cell|propane|autogas)\b/, "other"],
  [/\b(electric|electricity|ev|bev|battery|e-?motor)\b/, "electric"],
  [/\b(diesel|tdi|bluetec|crdi|dci|hdi|tdci|d-4d|ecoblue)\b/, "diesel"],
  [/\b(gas|gasoline|petrol|unleaded|premium unleaded|regular unleaded|benzin|essence|ulp)\b/, "gasoline"],
];

/** Gasoline/petrol/unleaded, diesel, hybrid, plug-in hybrid (PHEV), electric (EV/BEV), flex (E85), other (CNG, LPG, hydrogen). */
export function parseFuel(input: unknown): FuelType | null {
  return firstMatch(input, FUEL_RULES);
}

const TRANSMISSION_RULES: Rule<Transmission>[] = [
  [
    /\b(dct|dual ?-?clutch|double ?-?clutch|twin ?-?clutch|pdk|dsg|s ?-?tronic|edc|powershift|m dct|speedshift dct)\b/,
    "dct",
  ],
  [/\b(cvt|e-?cvt|continuously variable|xtronic|lineartronic|ivt|multitronic)\b/, "cvt"],
  [
    /\b(auto|automatic|a\/t|tiptronic|steptronic|geartronic|sportshift|select ?shift|shiftronic|\d+ ?at|\d+-speed a\/t|\d+ ?spd a\/t|1-speed)\b/,
    "automatic",
  ],
  [/\b(manual|m\/t|stick|stick ?shift|\d+ ?mt|\d+-speed m\/t|standard transmission)\b/, "manual"],
  [/\b(single ?-?speed|direct drive|sequential|semi ?-?auto)\b/, "other"],
];

/** Automatic (A/T, Tiptronic...), manual (M/T, stick), CVT, DCT (dual-clutch, PDK, DSG, S tronic), other. */
export function parseTransmission(input: unknown): Transmission | null {
  return firstMatch(input, TRANSMISSION_RULES);
}

const CONDITION_RULES: Rule<Condition>[] = [
  [/\b(certified|cpo|certified pre ?-?owned|approved used|manufacturer approved)\b/, "certified"],
  [
    /\b(used|pre ?-?owned|preowned|second ?-?hand|secondhand|used condition|refurbished|demo|ex-demo|demonstrator|nearly new|damaged)\b/,
    "used",
  ],
  [/\b(new|brand new|new condition)\b/, "new"],
];

/** New; used / pre-owned / second hand / schema.org UsedCondition; certified / CPO. */
export function parseCondition(input: unknown): Condition | null {
  return firstMatch(input, CONDITION_RULES);
}
