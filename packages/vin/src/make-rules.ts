/**
 * Brands that share a WMI but that other VIN positions (or the model year) tell apart. Each rule returns the
 * make, or undefined to keep the make from the WMI table. `vin` is normalised; `modelYear` may be null.
 */

type MakeRule = (vin: string, modelYear: number | null) => string | undefined;

/** Chrysler group since model year 2011: position 5 is the brand. */
const FCA_BRAND_BY_POSITION_5: Readonly<Record<string, string>> = {
  C: "Chrysler",
  D: "Dodge",
  J: "Jeep",
  R: "Ram",
  F: "Fiat",
  A: "Alfa Romeo",
};

const fcaBrand: MakeRule = (vin, modelYear) =>
  modelYear !== null && modelYear >= 2011 ? FCA_BRAND_BY_POSITION_5[vin.charAt(4)] : undefined;

/** Before 1998, GM sold the Suzuki- and Toyota-sourced small cars as Geo. */
const geoBefore1998: MakeRule = (_vin, modelYear) =>
  modelYear !== null && modelYear < 1998 ? "Geo" : undefined;

export const MAKE_RULES: ReadonlyMap<string, MakeRule> = new Map<string, MakeRule>([
  ["1C3", fcaBrand],
  ["1C4", fcaBrand],
  ["1C6", fcaBrand],
  ["2C3", fcaBrand],
  ["2C4", fcaBrand],
  ["3C3", fcaBrand],
  ["3C4", fcaBrand],
  ["3C6", fcaBrand],
  ["3C7", fcaBrand],
  ["ZAC", fcaBrand],
  ["ZFB", fcaBrand],
  ["1Y1", geoBefore1998],
  ["2C1", geoBefore1998],
  ["2CN", geoBefore1998],
  ["JG1", geoBefore1998],
  // GM Korea built Daewoos until GM rebadged them as Chevrolets.
  ["KLA", (_vin, modelYear) => (modelYear !== null && modelYear >= 2011 ? "Chevrolet" : undefined)],
  // Kia's Georgia plant also built the Hyundai Santa Fe (line code Z in position 4).
  ["5XY", (vin) => (vin.charAt(3) === "Z" ? "Hyundai" : undefined)],
  // Kia's Mexican plant also builds the Hyundai Accent (line code C in position 4).
  ["3KP", (vin) => (vin.charAt(3) === "C" ? "Hyundai" : undefined)],
  // Nissan's Smyrna plant builds the Infiniti JX/QX60 (line L in position 5).
  ["5N1", (vin) => (vin.charAt(4) === "L" ? "Infiniti" : undefined)],
  // Hyundai Genesis/Equus sedans (line G) became the Genesis brand's G80/G90 from model year 2017.
  [
    "KMH",
    (vin, modelYear) =>
      vin.charAt(3) === "G" && modelYear !== null && modelYear >= 2017 ? "Genesis" : undefined,
  ],
  // Renault Samsung's Busan plant built the Nissan Rogue (AT) for North America.
  ["KNM", (vin) => (vin.slice(3, 5) === "AT" ? "Nissan" : undefined)],
  // Subaru builds the Toyota 86 (ZN), sold as the Scion FR-S until 2016.
  [
    "JF1",
    (vin, modelYear) =>
      vin.slice(3, 5) === "ZN" ? (modelYear !== null && modelYear <= 2016 ? "Scion" : "Toyota") : undefined,
  ],
  // Mazda's Mexican plant built the Scion iA (2016), then the Toyota Yaris sedan.
  ["3MY", (_vin, modelYear) => (modelYear !== null && modelYear <= 2016 ? "Scion" : undefined)],
  // AM General built the Hummer H1 until 2006, later the MV-1.
  ["137", (_vin, modelYear) => (modelYear !== null && modelYear > 2006 ? "MV-1" : undefined)],
]);
