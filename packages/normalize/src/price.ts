import type { Money } from "@forecourt/domain";
import { readNumber, scanNumbers } from "./number";
import { asText } from "./text";

/** Minor-unit exponent per ISO 4217 code; 2 unless listed. */
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, CLP: 0, ISK: 0, HUF: 2, VND: 0, IDR: 2 };

export function currencyExponent(code: string): number {
  return EXPONENTS[code] ?? 2;
}

const ISO_CODES = new Set([
  "USD",
  "CAD",
  "GBP",
  "EUR",
  "ZAR",
  "AUD",
  "NZD",
  "JPY",
  "CHF",
  "SEK",
  "NOK",
  "DKK",
  "MXN",
  "INR",
  "PLN",
  "CZK",
  "HUF",
  "BRL",
  "AED",
  "SAR",
  "SGD",
  "HKD",
  "KRW",
  "CNY",
  "ILS",
  "TRY",
  "RON",
  "BGN",
  "ISK",
  "CLP",
  "NGN",
  "KES",
]);
const DOLLAR_CURRENCIES = new Set(["USD", "CAD", "AUD", "NZD", "MXN", "SGD", "HKD"]);

/** Largest price accepted: 100,000,000 in major units (the inventory limit). */
export const PRICE_MAX_MAJOR = 100_000_000;

export interface PriceOptions {
  /**
   * Currency for amounts written without one, and for a bare "$" when it is a dollar currency
   * (a Canadian page's "$34,500" is CAD). Defaults to USD.
   */
  currency?: string;
}

export interface PriceResult {
  price: Money | null;
  /** Why there is no price (or null when there is one). */
  reason: string | null;
}

/** A currency code from `v` when it is a 3-letter ISO 4217 code this module knows, else null. */
export function normalizeCurrency(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const c = v.trim().toUpperCase();
  if (c === "$" || c === "US$") return "USD";
  if (c === "£") return "GBP";
  if (c === "€") return "EUR";
  return ISO_CODES.has(c) ? c : null;
}

function detectCurrency(s: string, fallback: string): string | null {
  const iso = /\b([A-Z]{3})\b/.exec(s.toUpperCase());
  // Only count a 3-letter word as a code when it is one we know ("USD", not "OBO").
  if (iso && ISO_CODES.has(iso[1]!)) {
    // "CAD$" / "USD" / "EUR"
    return iso[1]!;
  }
  if (/(?:^|[^A-Za-z])(?:CA|C)\$/.test(s)) return "CAD";
  if (/(?:^|[^A-Za-z])US\$/.test(s)) return "USD";
  if (/(?:^|[^A-Za-z])(?:AU|A)\$/.test(s)) return "AUD";
  if (/(?:^|[^A-Za-z])NZ\$/.test(s)) return "NZD";
  if (/(?:^|[^A-Za-z])MX\$/.test(s)) return "MXN";
  if (/(?:^|[^A-Za-z])R\$/.test(s)) return "BRL";
  if (s.includes("£")) return "GBP";
  if (s.includes("€")) return "EUR";
  if (s.includes("¥") || s.includes("￥")) return "JPY";
  if (s.includes("₹")) return "INR";
  if (s.includes("$")) return DOLLAR_CURRENCIES.has(fallback) ? fallback : "USD";
  if (/(?:^|[^A-Za-z])R\s?\d/.test(s)) return "ZAR";
  if (/\bCHF\b|\bFr\.\s?\d/.test(s)) return "CHF";
  return null;
}

const NOT_A_PRICE =
  /\b(call|contact|enquire|inquire|request|ask|poa|p\.o\.a|tbd|tba|n\/a|na|unavailable|sold|reserved|free)\b|price on application|coming soon/i;
const PERIODIC =
  /(\/|\bper\b|\ba\b|\bp)\s*(mo|mos|mth|month|wk|week|yr|year|annum|day)\b|\b(monthly|weekly|bi-?weekly|biweekly|fortnightly|pcm|p\/m|apr|deposit|down|lease)\b/i;

/**
 * A vehicle price written by a person or a page: "$23,995", "£18,450", "€ 21.990", "CA$34,500", "23995",
 * "$23,995.00", "R 545 900". Returns null (with the reason) for "Call for price", "Contact us", "$0", "",
 * ranges ("$20,000 - $25,000"), payments ("$399/mo") and anything with several different amounts.
 * Numbers (from JSON) are read as major units. Never throws.
 */
export function parsePriceDetailed(input: unknown, opts: PriceOptions = {}): PriceResult {
  const fallback = normalizeCurrency(opts.currency) ?? "USD";
  try {
    if (typeof input === "number") return fromMajorNumber(input, fallback);
    const s = asText(input, 200);
    if (!s) return { price: null, reason: "empty" };
    if (PERIODIC.test(s)) return { price: null, reason: "a periodic payment, not a price" };
    const tokens = scanNumbers(s, 6);
    if (tokens.length === 0) {
      return {
        price: null,
        reason: NOT_A_PRICE.test(s) ? "no price given (e.g. call for price)" : "no amount",
      };
    }
    if (tokens.length > 1) {
      const between = s.slice(tokens[0]!.end, tokens[1]!.start);
      if (/[-–—~]|\bto\b/i.test(between)) return { price: null, reason: "a price range, not a price" };
      // the same amount written twice ("$24,000 $24,000") is still one price
      const raws = new Set(tokens.map((t) => t.raw.replace(/[^\d]/g, "") + (t.thousands ? "k" : "")));
      if (raws.size > 1) return { price: null, reason: "several different amounts" };
    }
    const t = tokens[0]!;
    // "-$500", "$-500", "-500" (but not "Price - $24,000")
    if (
      /(?:^|[\s(])[-−](?:[$£€]|[A-Z]{1,3}\$)?$|[$£€][-−]$/.test(s.slice(Math.max(0, t.start - 8), t.start))
    ) {
      return { price: null, reason: "negative amount" };
    }
    const currency = detectCurrency(s, fallback) ?? fallback;
    const exp = currencyExponent(currency);
    const read = readNumber(t.raw, t.thousands ? 3 : exp);
    if (!read) return { price: null, reason: "unreadable number" };
    let minor: number;
    if (t.thousands) {
      // "24k" or "23.9k": units are thousandths of the thousands figure, i.e. whole major units
      minor = read.units * 10 ** exp;
    } else minor = read.units;
    return checkRange(minor, currency);
  } catch {
    return { price: null, reason: "unreadable" };
  }
}

function fromMajorNumber(n: number, currency: string): PriceResult {
  if (!Number.isFinite(n)) return { price: null, reason: "not a finite number" };
  const exp = currencyExponent(currency);
  return checkRange(Math.round(n * 10 ** exp), currency);
}

function checkRange(minor: number, currency: string): PriceResult {
  const exp = currencyExponent(currency);
  if (!Number.isSafeInteger(minor)) return { price: null, reason: "unreadable number" };
  if (minor <= 0) return { price: null, reason: "zero or negative amount" };
  if (minor > PRICE_MAX_MAJOR * 10 ** exp) return { price: null, reason: "implausibly large amount" };
  return { price: { amount: minor, currency }, reason: null };
}

/** `parsePriceDetailed` without the reason. */
export function parsePrice(input: unknown, opts: PriceOptions = {}): Money | null {
  return parsePriceDetailed(input, opts).price;
}

/** Money from an amount in major units (e.g. 23995.5 USD -> 2399550), or null when not a positive finite amount. */
export function moneyFromMajor(amount: number, currency: string): Money | null {
  const c = normalizeCurrency(currency);
  if (!c) return null;
  return fromMajorNumber(amount, c).price;
}
