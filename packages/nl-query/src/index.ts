/**
 * @forecourt/nl-query — reads a shopper's natural-language vehicle query ("AWD SUV under 30k with low
 * miles") into structured filters, what was recognised where, and the remainder left for similarity
 * search. Pure TypeScript, no I/O; never throws; bounded work on any input.
 */
export { DEFAULT_LOW_MILEAGE, DEFAULT_MAX_CHARS, MAX_TOKENS, parseQuery } from "./parse";
export { fold, type Token, tokenize } from "./tokens";
export type { NlField, NlFilters, NlSort, ParsedQuery, ParseOptions, Recognized } from "./types";
