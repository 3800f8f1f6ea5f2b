import { z } from "@hono/zod-openapi";
import { IntParam, Money } from "./common";
import { PublicVehicle, Vehicle } from "./vehicle";

/** Semantic search, chat and AI usage (docs/api.md "Semantic search and chat"). */

export const SemanticSearchQuery = z.strictObject({
  q: z.string().max(20_000).openapi({
    description: "What the shopper typed (1-500 characters).",
    example: "AWD SUV under 30k with low miles",
  }),
  limit: IntParam(1, 50, "Results wanted (default 10).").optional(),
});

const Recognized = z.object({
  text: z.string().openapi({ description: "The words as typed." }),
  field: z.string().openapi({ example: "priceMax" }),
  value: z.union([z.string(), z.number(), z.array(z.string())]),
});

export const ParsedQuery = z
  .object({
    filters: z
      .object({
        priceMin: z.number().int().optional(),
        priceMax: z.number().int().optional(),
        yearMin: z.number().int().optional(),
        yearMax: z.number().int().optional(),
        make: z.array(z.string()).optional(),
        model: z.array(z.string()).optional(),
        bodyStyle: z.array(z.string()).optional(),
        drivetrain: z.array(z.string()).optional(),
        fuelType: z.array(z.string()).optional(),
        mileageMax: z.number().int().optional(),
        colorFamily: z.array(z.string()).optional(),
        condition: z.array(z.string()).optional(),
      })
      .openapi({ description: "Structured filters read from the query. Prices in minor units." }),
    recognized: z.array(Recognized),
    remainder: z
      .string()
      .openapi({ description: "What went to similarity search (empty: the whole query did)." }),
    sort: z.enum(["price_asc", "mileage_asc", "year_desc"]).nullable(),
  })
  .openapi("ParsedQuery");

const Degraded = z
  .object({
    reason: z.enum(["ai_disabled", "embedding_failed", "vector_store_failed", "budget_exceeded"]),
    message: z.string(),
  })
  .optional()
  .openapi({ description: "Present when mode is structured: why similarity search was not used." });

const resultList = <T extends z.ZodTypeAny>(vehicle: T) =>
  z.array(
    z.object({
      vehicle,
      score: z.number().nullable().openapi({ description: "Cosine similarity; null in structured mode." }),
    }),
  );

export const SemanticSearchResult = z
  .object({
    query: z.string(),
    parsed: ParsedQuery,
    results: resultList(Vehicle),
    mode: z.enum(["semantic", "structured"]),
    degraded: Degraded,
  })
  .openapi("SemanticSearchResult");

export const PublicSemanticSearchResult = z
  .object({
    query: z.string(),
    parsed: ParsedQuery,
    results: resultList(PublicVehicle),
    mode: z.enum(["semantic", "structured"]),
    degraded: Degraded,
  })
  .openapi("PublicSemanticSearchResult");

export const ChatBody = z
  .object({
    message: z.string().max(20_000).openapi({ description: "The shopper's message (1-2,000 characters)." }),
    conversationId: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: "Continue a conversation (from the meta event of an earlier answer)." }),
  })
  .openapi("ChatRequest");

export const ChatStream = z.string().openapi({
  description:
    'Server-sent events, one JSON object per `data:` line: meta, text (delta), citation, usage, error, done. See docs/api.md. Example: `data: {"type":"text","delta":"The 2021 Ford F-150 "}`',
});

export const CitationEvent = z
  .object({
    type: z.literal("citation"),
    vehicleId: z.string(),
    year: z.number().int(),
    make: z.string(),
    model: z.string(),
    trim: z.string().nullable(),
    price: Money.nullable(),
    mileage: z.number().int().nullable(),
    vin: z.string(),
  })
  .openapi("ChatCitationEvent");

export const AiUsageQuery = z.strictObject({
  from: z.string().optional().openapi({
    description: "First UTC day, YYYY-MM-DD (default: 29 days before `to`).",
    example: "2026-04-01",
  }),
  to: z
    .string()
    .optional()
    .openapi({ description: "Last UTC day, YYYY-MM-DD (default: today).", example: "2026-04-30" }),
});

const Budget = z.object({
  dailyMicroUsd: z
    .number()
    .int()
    .nullable()
    .openapi({ description: "Micro-dollars (1 USD = 1,000,000); null = no limit." }),
  monthlyMicroUsd: z.number().int().nullable(),
  source: z.object({ daily: z.enum(["dealership", "default"]), monthly: z.enum(["dealership", "default"]) }),
});

export const AiUsageReport = z
  .object({
    dealershipId: z.string(),
    from: z.string(),
    to: z.string(),
    days: z.array(
      z.object({
        day: z.string(),
        feature: z.string().openapi({ description: "chat, search or embedding" }),
        calls: z.number().int(),
        inputTokens: z.number().int(),
        outputTokens: z.number().int(),
        costMicroUsd: z.number().int(),
      }),
    ),
    totals: z.object({
      calls: z.number().int(),
      inputTokens: z.number().int(),
      outputTokens: z.number().int(),
      costMicroUsd: z.number().int(),
    }),
    budget: Budget.extend({ spentTodayMicroUsd: z.number().int(), spentThisMonthMicroUsd: z.number().int() }),
  })
  .openapi("AiUsageReport");

export const AiBudgetPatch = z
  .strictObject({
    dailyMicroUsd: z.number().int().min(0).nullable().optional(),
    monthlyMicroUsd: z.number().int().min(0).nullable().optional(),
  })
  .openapi("AiBudgetPatch", { description: "Micro-dollars; null resets to the configured default." });

export const AiBudget = Budget.openapi("AiBudget");
