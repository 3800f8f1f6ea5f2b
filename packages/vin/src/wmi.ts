/** WMI lookup: precomputed maps over the table in wmi-table.ts. */

import { MAKE_RULES } from "./make-rules";
import { MANUFACTURER_FAMILIES, SMALL_MANUFACTURERS, WMI_ROWS } from "./wmi-table";

export interface WmiMatch {
  manufacturer: string | null;
  make: string | null;
  /** False when the WMI is not in the table (manufacturer may still come from a single-company family). */
  known: boolean;
}

interface Entry {
  manufacturer: string;
  make: string | null;
}

const BY_WMI: ReadonlyMap<string, Entry> = (() => {
  const map = new Map<string, Entry>();
  const add = (key: string, entry: Entry): void => {
    if (map.has(key)) throw new Error(`WMI ${key} is listed twice`);
    map.set(key, entry);
  };
  for (const [manufacturer, make, wmis] of WMI_ROWS) {
    for (const wmi of wmis.split(" ")) {
      if (wmi.length !== 3) throw new Error(`bad WMI "${wmi}"`);
      add(wmi, { manufacturer, make });
    }
  }
  for (const [key, manufacturer, make] of SMALL_MANUFACTURERS) add(key, { manufacturer, make });
  return map;
})();

const FAMILY_MANUFACTURER: ReadonlyMap<string, string> = new Map(MANUFACTURER_FAMILIES);

/** Number of WMIs (and small-manufacturer codes) in the table. */
export const WMI_COUNT = BY_WMI.size;

/** Manufacturer and make for a normalised 17-character VIN. */
export function lookupWmi(vin: string, modelYear: number | null): WmiMatch {
  const wmi = vin.slice(0, 3);
  // Small manufacturers: '9' in position 3, own code in positions 12–14.
  const entry =
    (wmi.charCodeAt(2) === 57 ? BY_WMI.get(wmi + vin.slice(11, 14)) : undefined) ?? BY_WMI.get(wmi);
  if (entry === undefined) {
    return { manufacturer: FAMILY_MANUFACTURER.get(wmi.slice(0, 2)) ?? null, make: null, known: false };
  }
  const rule = MAKE_RULES.get(wmi);
  const make = (rule === undefined ? undefined : rule(vin, modelYear)) ?? entry.make;
  return { manufacturer: entry.manufacturer, make, known: true };
}
