/** Comparing a listed make with the make decoded from the VIN, without false alarms on sister brands. */

/** Lower case, letters and digits only. */
export function makeKey(make: string): string {
  return make.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

const ALIASES: Readonly<Record<string, string>> = {
  chevy: "chevrolet",
  vw: "volkswagen",
  mercedes: "mercedesbenz",
  benz: "mercedesbenz",
  mb: "mercedesbenz",
  mercedesamg: "mercedesbenz",
  amg: "mercedesbenz",
  rangerover: "landrover",
  alfa: "alfaromeo",
  rolls: "rollsroyce",
  landroverrangerover: "landrover",
  astonmartinlagonda: "astonmartin",
  ramtrucks: "ram",
  dodgeram: "ram",
  mini: "mini",
  minicooper: "mini",
  caddy: "cadillac",
};

/**
 * Brands that share VIN manufacturer codes (WMIs) or are badge-engineered from each other, so the VIN alone
 * cannot always tell them apart: a listed make in the same group as the decoded one is not flagged.
 */
const SISTER_GROUPS: readonly (readonly string[])[] = [
  ["chrysler", "dodge", "jeep", "ram", "plymouth", "eagle", "fiat", "alfaromeo"],
  ["chevrolet", "gmc", "geo"],
  ["toyota", "scion"],
  ["hyundai", "genesis", "kia"],
  ["nissan", "infiniti", "datsun"],
  ["mercedesbenz", "smart", "maybach"],
  ["bmw", "alpina"],
  ["ford", "mercury"],
  ["landrover", "jaguar"],
  ["volkswagen", "vw"],
  ["honda", "acura"],
];

function canonical(make: string): string {
  const key = makeKey(make);
  return ALIASES[key] ?? key;
}

/** True when the listed make agrees with the VIN's make or manufacturer. Unknown decoded make → true. */
export function makesAgree(listed: string, decodedMake: string | null, manufacturer: string | null): boolean {
  const a = canonical(listed);
  if (a === "") return true;
  const candidates = [decodedMake, manufacturer].filter(
    (m): m is string => typeof m === "string" && m !== "",
  );
  if (decodedMake === null || decodedMake === "") return true;
  for (const c of candidates) {
    const b = canonical(c);
    if (a === b) return true;
    // "mercedes" vs "mercedesbenz", "mazda" vs "mazdatoyotamanufacturing": one starts with the other.
    if (a.length >= 3 && b.length >= 3 && (a.startsWith(b) || b.startsWith(a))) return true;
    for (const group of SISTER_GROUPS) if (group.includes(a) && group.includes(b)) return true;
  }
  return false;
}
