import { collapse } from "./text";

/**
 * Canonical make spellings and aliases ("Chevy" -> "Chevrolet"). The first list is the one the inventory
 * service has always used; the second adds makes common on UK, European, Canadian and South African
 * dealer sites, so a scraped "SKODA" or "vauxhall" gets the badge spelling too.
 */
const CANONICAL_MAKES = [
  "Acura",
  "Alfa Romeo",
  "Aston Martin",
  "Audi",
  "Bentley",
  "BMW",
  "Buick",
  "Cadillac",
  "Chevrolet",
  "Chrysler",
  "Daewoo",
  "Dodge",
  "Ferrari",
  "Fiat",
  "Fisker",
  "Ford",
  "Genesis",
  "Geo",
  "GMC",
  "Honda",
  "Hummer",
  "Hyundai",
  "Infiniti",
  "Isuzu",
  "Jaguar",
  "Jeep",
  "Kia",
  "Lamborghini",
  "Land Rover",
  "Lexus",
  "Lincoln",
  "Lotus",
  "Lucid",
  "Maserati",
  "Maybach",
  "Mazda",
  "McLaren",
  "Mercedes-Benz",
  "Mercury",
  "MINI",
  "Mitsubishi",
  "Nissan",
  "Oldsmobile",
  "Plymouth",
  "Polestar",
  "Pontiac",
  "Porsche",
  "Ram",
  "Rivian",
  "Rolls-Royce",
  "Saab",
  "Saturn",
  "Scion",
  "Smart",
  "Subaru",
  "Suzuki",
  "Tesla",
  "Toyota",
  "VinFast",
  "Volkswagen",
  "Volvo",
];
const MORE_MAKES = [
  "Abarth",
  "Alpine",
  "BYD",
  "Bugatti",
  "Citroen",
  "Cupra",
  "Dacia",
  "Datsun",
  "DS",
  "Holden",
  "Ineos",
  "Karma",
  "Koenigsegg",
  "Lancia",
  "LDV",
  "Lynk & Co",
  "Mahindra",
  "MG",
  "Opel",
  "Pagani",
  "Peugeot",
  "Renault",
  "SEAT",
  "Skoda",
  "SsangYong",
  "Tata",
  "Vauxhall",
  "Chery",
  "Haval",
  "GWM",
  "Proton",
  "Perodua",
  "AMC",
  "DeLorean",
  "Eagle",
  "International",
  "Workhorse",
  "Zeekr",
  "Xpeng",
  "Omoda",
  "Jaecoo",
  "KGM",
  "Morgan",
  "TVR",
  "Triumph",
  "Austin",
  "Rover",
  "Harley-Davidson",
  "Ducati",
  "Kawasaki",
  "Yamaha",
];
const MAKE_ALIASES: Record<string, string> = {
  chevy: "Chevrolet",
  chev: "Chevrolet",
  vw: "Volkswagen",
  volkswagon: "Volkswagen",
  mercedes: "Mercedes-Benz",
  benz: "Mercedes-Benz",
  mercedesbenz: "Mercedes-Benz",
  mb: "Mercedes-Benz",
  landrover: "Land Rover",
  alfa: "Alfa Romeo",
  alfaromeo: "Alfa Romeo",
  astonmartin: "Aston Martin",
  rollsroyce: "Rolls-Royce",
  infinity: "Infiniti",
  caddy: "Cadillac",
  caddilac: "Cadillac",
  ramtrucks: "Ram",
  minicooper: "MINI",
  fiat: "Fiat",
  smart: "Smart",
  lynkco: "Lynk & Co",
  greatwall: "GWM",
  harley: "Harley-Davidson",
};

/** Lower-case letters and digits only: "Mercedes-Benz" and "mercedes benz" share a key. */
export function makeKey(make: string): string {
  // Accents are folded first so "Citroën" and "Citroen" share a key.
  return make
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

const MAKE_INDEX: Map<string, string> = new Map([
  ...[...CANONICAL_MAKES, ...MORE_MAKES].map((m) => [makeKey(m), m] as [string, string]),
  ...Object.entries(MAKE_ALIASES),
]);

function titleWord(w: string): string {
  return w
    .split("-")
    .map((seg) => (seg ? seg[0]!.toUpperCase() + seg.slice(1).toLowerCase() : seg))
    .join("-");
}

const isSingleCase = (s: string) => s === s.toLowerCase() || s === s.toUpperCase();

/** Canonical make: known makes and aliases get their badge spelling; others are title-cased if typed in one case. */
export function normalizeMake(raw: string): string {
  const v = collapse(raw);
  const known = MAKE_INDEX.get(makeKey(v));
  if (known) return known;
  return isSingleCase(v) ? v.split(" ").map(titleWord).join(" ") : v;
}

/** The canonical spelling when `raw` is a make this module knows (or an alias of one), else null. */
export function knownMake(raw: string): string | null {
  if (typeof raw !== "string" || raw.length > 60) return null;
  const k = makeKey(raw);
  if (!k) return null;
  return MAKE_INDEX.get(k) ?? null;
}

/** Longest number of words a known make or alias spans ("Lynk & Co" -> 3 words). */
export const MAX_MAKE_WORDS = 3;

/**
 * Brands sold under one VIN manufacturer code, where the WMI's make and the badge can legitimately differ
 * (Ram trucks built before the 2010 split carry Dodge WMIs; FCA WMIs cover Chrysler, Dodge, Jeep and Ram;
 * GM's shared WMIs cover Chevrolet and GMC, and so on).
 */
const SHARED_WMI_BRANDS: string[][] = [
  ["dodge", "ram"],
  ["chrysler", "dodge", "jeep", "ram"],
  ["chevrolet", "gmc", "buick", "cadillac", "pontiac", "oldsmobile", "saturn", "hummer", "geo"],
  ["ford", "lincoln", "mercury"],
  ["toyota", "lexus", "scion"],
  ["nissan", "infiniti", "datsun"],
  ["honda", "acura"],
  ["hyundai", "genesis", "kia"],
  ["volkswagen", "audi", "skoda", "seat", "cupra", "porsche", "bentley", "lamborghini"],
  ["bmw", "mini", "rollsroyce"],
  ["mercedesbenz", "smart", "maybach"],
  ["fiat", "abarth", "alfaromeo", "lancia", "maserati", "jeep"],
  ["peugeot", "citroen", "ds", "opel", "vauxhall"],
  ["renault", "dacia", "alpine"],
  ["jaguar", "landrover"],
  ["volvo", "polestar"],
];

/** True when two make spellings name the same brand, or brands that share VIN manufacturer codes. */
export function sameMake(a: string, b: string): boolean {
  const ka = makeKey(normalizeMake(a));
  const kb = makeKey(normalizeMake(b));
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  return SHARED_WMI_BRANDS.some((g) => g.includes(ka) && g.includes(kb));
}
