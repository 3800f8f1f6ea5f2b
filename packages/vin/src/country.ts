/**
 * ISO 3780 geographic areas (first character) and country codes (first two characters).
 *
 * Second characters are allocated in ranges over the sequence A…Z (no I, O, Q), 1…9, 0, e.g. "3A-3X" is
 * 3A, 3B, …, 3X. Ranges follow the SAE/ISO 3780 allocation chart (2015 edition where it reassigned codes,
 * otherwise the original ISO 3780 table). Unallocated codes give country null.
 */

const SEQUENCE = "ABCDEFGHJKLMNPRSTUVWXYZ1234567890";

// "first-char from-to" (or "first-char" alone for the whole area) → country.
// biome-ignore format: a table reads better one allocation per line
const ALLOCATIONS: ReadonlyArray<readonly [string, string]> = [
  // Africa
  ["A A-H", "South Africa"], ["A J-K", "Ivory Coast"], ["A L-M", "Lesotho"], ["A N-P", "Botswana"],
  ["A R-S", "Namibia"], ["A T-U", "Madagascar"], ["A V-W", "Mauritius"], ["A X-Y", "Tunisia"],
  ["A Z-1", "Cyprus"], ["A 2-3", "Zimbabwe"], ["A 4-5", "Mozambique"],
  ["B A-B", "Angola"], ["B F-G", "Kenya"], ["B L-L", "Nigeria"], ["B R-R", "Algeria"], ["B 3-4", "Libya"],
  ["C A-B", "Egypt"], ["C F-G", "Morocco"], ["C L-M", "Zambia"],
  ["D A-E", "Egypt"],
  ["E A-E", "Ethiopia"], ["E F-K", "Mozambique"],
  ["F A-E", "Ghana"], ["F F-K", "Nigeria"],
  // Asia
  ["H", "China"],
  ["J", "Japan"],
  ["K F-H", "Israel"], ["K L-R", "South Korea"], ["K S-T", "Jordan"],
  ["L", "China"],
  ["M A-E", "India"], ["M F-K", "Indonesia"], ["M L-R", "Thailand"], ["M S-S", "Myanmar"],
  ["M U-U", "Mongolia"], ["M X-X", "Kazakhstan"], ["M 1-6", "India"],
  ["N A-E", "Iran"], ["N F-G", "Pakistan"], ["N J-J", "Iraq"], ["N L-R", "Turkey"], ["N S-T", "Uzbekistan"],
  ["N U-U", "Azerbaijan"], ["N Y-Y", "Armenia"], ["N 1-5", "Iran"],
  ["P A-C", "Philippines"], ["P F-G", "Singapore"], ["P L-R", "Malaysia"], ["P S-T", "Bangladesh"],
  ["R A-B", "United Arab Emirates"], ["R F-K", "Taiwan"], ["R L-N", "Vietnam"], ["R P-P", "Laos"],
  ["R S-T", "Saudi Arabia"], ["R U-W", "Russia"], ["R 1-1", "Hong Kong"],
  // Europe
  ["S A-M", "United Kingdom"], ["S N-T", "Germany"], ["S U-Z", "Poland"], ["S 1-2", "Latvia"],
  ["T A-H", "Switzerland"], ["T J-P", "Czech Republic"], ["T R-V", "Hungary"], ["T W-2", "Portugal"],
  ["T 3-5", "Serbia"], ["T 6-6", "Andorra"],
  ["U A-C", "Spain"], ["U H-M", "Denmark"], ["U N-R", "Ireland"], ["U U-W", "Romania"],
  ["U 1-2", "North Macedonia"], ["U 5-7", "Slovakia"], ["U 8-0", "Bosnia and Herzegovina"],
  ["V A-E", "Austria"], ["V F-R", "France"], ["V S-W", "Spain"], ["V X-2", "Serbia"], ["V 3-5", "Croatia"],
  ["V 6-8", "Estonia"],
  ["W", "Germany"],
  ["X A-C", "Bulgaria"], ["X D-E", "Russia"], ["X F-H", "Greece"], ["X J-K", "Russia"], ["X L-R", "Netherlands"],
  ["X S-W", "Russia"], ["X X-Y", "Luxembourg"], ["X Z-0", "Russia"],
  ["Y A-E", "Belgium"], ["Y F-K", "Finland"], ["Y N-N", "Malta"], ["Y S-W", "Sweden"], ["Y X-2", "Norway"],
  ["Y 3-5", "Belarus"], ["Y 6-8", "Ukraine"],
  ["Z A-U", "Italy"], ["Z X-Z", "Slovenia"], ["Z 1-1", "San Marino"], ["Z 3-5", "Lithuania"], ["Z 6-0", "Russia"],
  // North America
  ["1", "United States"], ["4", "United States"], ["5", "United States"],
  ["2 A-5", "Canada"],
  ["3 A-X", "Mexico"], ["3 5-5", "Dominican Republic"], ["3 6-6", "Honduras"], ["3 7-7", "Panama"],
  ["3 8-9", "Puerto Rico"],
  // Oceania (7F-70 were reallocated to the United States)
  ["6 A-X", "Australia"], ["6 Y-1", "New Zealand"],
  ["7 A-E", "New Zealand"], ["7 F-0", "United States"],
  // South America
  ["8 A-E", "Argentina"], ["8 F-K", "Chile"], ["8 L-R", "Ecuador"], ["8 S-W", "Peru"], ["8 X-1", "Venezuela"],
  ["8 2-2", "Bolivia"],
  ["9 A-E", "Brazil"], ["9 F-K", "Colombia"], ["9 L-R", "Paraguay"], ["9 S-W", "Uruguay"],
  ["9 X-1", "Trinidad and Tobago"], ["9 2-9", "Brazil"],
];

const COUNTRY_BY_PREFIX: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [spec, country] of ALLOCATIONS) {
    const [first = "", range = "A-0"] = spec.split(" ");
    const from = SEQUENCE.indexOf(range.charAt(0));
    const to = SEQUENCE.indexOf(range.charAt(2));
    if (from < 0 || to < from) throw new Error(`bad ISO 3780 range ${spec}`);
    for (let i = from; i <= to; i++) map.set(first + SEQUENCE.charAt(i), country);
  }
  return map;
})();

/** Country of manufacture for the first two characters of a normalised VIN, or null if unallocated. */
export function countryOf(vin: string): string | null {
  return COUNTRY_BY_PREFIX.get(vin.slice(0, 2)) ?? null;
}

/** True for the area codes allocated to the United States, Canada and Mexico: 1–5, and 7F–70 (United States). */
export function isNorthAmericanWmi(vin: string): boolean {
  const first = vin.charCodeAt(0);
  if (first >= 49 && first <= 53) return true; // '1'…'5'
  if (first === 55) return SEQUENCE.indexOf(vin.charAt(1)) >= SEQUENCE.indexOf("F"); // '7F'…'70'
  return false;
}

/** ISO 3780 geographic area for the first character (and second, for the split '7'), or null. */
export function regionOf(vin: string): string | null {
  const first = vin.charAt(0);
  if (first >= "A" && first <= "G") return "Africa";
  if (first === "H" || (first >= "J" && first <= "R")) return "Asia";
  if (first >= "S" && first <= "Z") return "Europe";
  if (first >= "1" && first <= "5") return "North America";
  if (first === "6") return "Oceania";
  if (first === "7") return isNorthAmericanWmi(vin) ? "North America" : "Oceania";
  if (first === "8" || first === "9") return "South America";
  return null;
}
