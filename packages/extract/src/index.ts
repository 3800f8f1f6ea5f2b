/**
 * @forecourt/extract — vehicles and crawl links from dealer and marketplace pages, with htmlparser2's
 * streaming parser (no DOM). Pure TypeScript with no Node APIs: runs in workerd (the scraper) and Node
 * (tests, `npm run extract`, benchmarks).
 */

export {
  ACCURACY_FIELDS,
  type AccuracyField,
  type AccuracyPage,
  type AccuracyReport,
  type DetailTruth,
  listingTruthVins,
  measureAccuracy,
} from "./accuracy";
export type { Collected, CollectLimits } from "./collect";
export { binaryReason, type DecodedBody, decodeBody } from "./decode";
export { type Collector, extractPage, extractPageWith } from "./extract";
export { vdpScore } from "./links";
export type {
  ExtractedLinks,
  ExtractedVehicle,
  ExtractOptions,
  ExtractResult,
  PageKind,
  VehicleField,
} from "./types";
