import type { BodyStyle, ColorFamily, Condition, Drivetrain, FuelType } from "@forecourt/domain";

/**
 * Structured filters read out of a shopper's sentence. Every field is optional; lists OR within a field,
 * fields AND together. Prices are integer MINOR units (cents) of the dealership's currency, like the
 * inventory and the vector metadata; mileage is whole miles (kilometres are converted).
 */
export interface NlFilters {
  priceMin?: number;
  priceMax?: number;
  yearMin?: number;
  yearMax?: number;
  /** Canonical make spellings ("Chevrolet" for "Chevy"). */
  make?: string[];
  /** Model names as the vocabulary spells them ("Silverado 1500" for "silverado"), else as typed, re-cased. */
  model?: string[];
  bodyStyle?: BodyStyle[];
  drivetrain?: Drivetrain[];
  fuelType?: FuelType[];
  mileageMax?: number;
  colorFamily?: ColorFamily[];
  condition?: Condition[];
}

export type NlField = keyof NlFilters | "sort";

/** A preference that is not a filter ("cheap" asks for the lowest prices first). */
export type NlSort = "price_asc" | "mileage_asc" | "year_desc";

/** One piece of the query and what it was read as: `text` is the span as the shopper wrote it. */
export interface Recognized {
  text: string;
  field: NlField;
  value: string | number | string[];
}

export interface ParsedQuery {
  filters: NlFilters;
  /** What is left for similarity search: the words not read as filters, minus connecting words. */
  remainder: string;
  recognized: Recognized[];
  sort: NlSort | null;
  /** True when the input was longer than `maxChars` and only its start was read. */
  truncated: boolean;
}

export interface ParseOptions {
  /** "Today" for year bounds (model years run one ahead). Default: now. */
  now?: Date;
  /** Currency of amounts (minor-unit exponent). Default USD. */
  currency?: string;
  /**
   * Model names the dealership stocks (e.g. from its model facet). With it, "silverado" reads as
   * "Silverado 1500"; without it, the word after a make is taken as the model.
   */
  models?: readonly string[];
  /**
   * Makes the dealership stocks. Makes that are also common words ("Mini", "Smart", "Genesis", "Seat")
   * are only read as makes when written capitalised or listed here.
   */
  makes?: readonly string[];
  /** Longest input read (characters); the rest is ignored and `truncated` is set. Default 2,000. */
  maxChars?: number;
  /** What "low miles" means, in miles. Default 50,000. */
  lowMileageMiles?: number;
}
