import { computeCheckDigit } from "@forecourt/vin";

/** Model-year codes (position 10) for 2001-2030. */
const YEAR_CODES: Record<number, string> = {
  2001: "1",
  2002: "2",
  2003: "3",
  2004: "4",
  2005: "5",
  2006: "6",
  2007: "7",
  2008: "8",
  2009: "9",
  2010: "A",
  2011: "B",
  2012: "C",
  2013: "D",
  2014: "E",
  2015: "F",
  2016: "G",
  2017: "H",
  2018: "J",
  2019: "K",
  2020: "L",
  2021: "M",
  2022: "N",
  2023: "P",
  2024: "R",
  2025: "S",
  2026: "T",
  2027: "V",
};

/** WMIs whose make @forecourt/vin knows. */
export const WMI = {
  chevrolet: "1G1",
  honda: "1HG",
  ford: "1FT",
  toyota: "JTD",
  volkswagen: "WVW",
  tesla: "5YJ",
} as const;

let counter = Math.floor(Math.random() * 500_000);

/**
 * A real-valid 17-character VIN (ISO 3779 check digit computed) for the WMI and model year, unique
 * within the test run (serial from a counter).
 */
export function makeVin(year = 2021, wmi: string = WMI.chevrolet): string {
  const code = YEAR_CODES[year];
  if (!code) throw new Error(`no model-year code for ${year} in the helper`);
  counter = (counter + 1) % 1_000_000;
  const serial = String(counter).padStart(6, "0");
  const draft = `${wmi}ZD5ST0${code}U${serial}`;
  const check = computeCheckDigit(draft);
  if (!check) throw new Error(`cannot compute a check digit for ${draft}`);
  return draft.slice(0, 8) + check + draft.slice(9);
}

/** Same VIN with a wrong check digit. */
export function breakCheckDigit(vin: string): string {
  const wrong = vin[8] === "0" ? "1" : "0";
  return vin.slice(0, 8) + wrong + vin.slice(9);
}
