/**
 * @forecourt/quality — listing quality scores, price vs market and the per-dealership summary.
 * Pure TypeScript over plain data: no I/O, no clock (the caller passes `now`), runs in workerd and Node.
 */

export { type DuplicateCandidate, type FindDuplicatesOptions, findDuplicateHints } from "./duplicates";
export { makesAgree } from "./make";
export { type AssessPriceOptions, assessPrice, type PriceSubject } from "./market";
export {
  COMPLETENESS_FIELDS,
  DESCRIPTION,
  FLAG_CATALOG,
  type FlagInfo,
  MARKET,
  needsRescore,
  PART_ORDER,
  PART_WEIGHTS,
  PHOTOS,
  PLAUSIBILITY,
  PRICE,
  RULES_VERSION,
} from "./rules";
export { QualityRulesVersionError, scoreVehicle } from "./score";
export { type SummaryInput, type SummaryOptions, summarizeDealership } from "./summary";
export { analyzeDescription, BOILERPLATE_PHRASES, type DescriptionAnalysis } from "./text";
export type {
  Comparable,
  DealershipQualitySummary,
  DealRating,
  DuplicateHint,
  DuplicateKind,
  ExpectedRange,
  FlagCode,
  FlagSeverity,
  MarketStats,
  PartName,
  PriceAssessment,
  PriceModel,
  QualityFlag,
  QualityPart,
  QualityReport,
  ScorableVehicle,
  ScoreBucket,
  ScoreContext,
} from "./types";
