/**
 * @forecourt/normalize — one home for turning what people and pages write into canonical vehicle values:
 * make spellings and aliases, model casing, colour families, prices, odometer readings, years, body style,
 * drivetrain, fuel, transmission, condition and listing titles. Pure TypeScript, no I/O, no Node APIs;
 * every parser takes any value and never throws.
 */

export { colorFamily, colorFamilyFilter } from "./colour";
export { knownMake, MAX_MAKE_WORDS, makeKey, normalizeMake, sameMake } from "./make";
export {
  type DistanceUnit,
  KM_PER_MILE,
  MILEAGE_MAX,
  type MileageOptions,
  type MileageResult,
  parseMileage,
  parseMileageDetailed,
} from "./mileage";
export { normalizeModel } from "./model";
export { type NumberToken, readNumber, scanNumbers } from "./number";
export {
  currencyExponent,
  moneyFromMajor,
  normalizeCurrency,
  PRICE_MAX_MAJOR,
  type PriceOptions,
  type PriceResult,
  parsePrice,
  parsePriceDetailed,
} from "./price";
export { asText, collapse, looseKey } from "./text";
export { type ParsedTitle, parseVehicleTitle, type TitleHint } from "./title";
export { parseBodyStyle, parseCondition, parseDrivetrain, parseFuel, parseTransmission } from "./vocab";
export { parseYear, YEAR_MIN, type YearOptions } from "./year";
