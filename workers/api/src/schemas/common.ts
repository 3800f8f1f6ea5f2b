import { z } from "@hono/zod-openapi";

/** Path ids: our prefixed ids, but any short slug-like id is accepted (unknown ids answer 404). */
export const IdParam = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, "ids contain only letters, digits, '_' and '-'")
    .openapi({ param: { name, in: "path" }, example });

export const DealershipIdParams = z.object({ id: IdParam("id", "dlr_01jz8k2m3n4p5q6r7s8t9v0w1x") });

export const Cursor = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[A-Za-z0-9_\-.~=+/]+$/, "cursor must be the opaque nextCursor value from a previous page")
  .openapi({ description: "Opaque `nextCursor` from the previous page of the same query." });

/** Whole-number query parameter within bounds ("12", not "12.5", "1e3" or ""). */
export const IntParam = (min: number, max: number, description: string) =>
  z
    .string()
    .regex(/^\d{1,12}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .openapi({ type: "integer", minimum: min, maximum: max, description });

/** Comma-separated (or repeated) multi-value query parameter. */
export function csv<T extends z.ZodType<string, string>>(item: T, description: string, maxItems = 50) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(","))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(maxItems, `at most ${maxItems} values`))
    .openapi({ type: "string", description: `${description} Comma-separated for several values.` });
}

export const Money = z
  .strictObject({
    amount: z
      .number()
      .int("amount is in whole minor units (cents): 1999900 for $19,999.00")
      .min(0, "amount must not be negative")
      .max(10_000_000_000)
      .openapi({ description: "Integer minor units (cents).", example: 2499500 }),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, "currency is an ISO 4217 code such as USD")
      .openapi({ example: "USD" }),
  })
  .openapi("Money");

export const Timestamp = z.string().openapi({ format: "date-time", example: "2026-04-01T12:00:00.000Z" });
