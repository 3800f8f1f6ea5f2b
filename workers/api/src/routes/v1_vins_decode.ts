import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { eitherSecurity } from "../lib/route";

const VinDecode = z
  .object({
    vin: z.string().openapi({ description: "The VIN as decoded (trimmed, upper-cased)." }),
    valid: z.boolean(),
    reasons: z.array(
      z.object({
        code: z.string(),
        severity: z.string().openapi({ description: "error (makes the VIN invalid) or warning" }),
        message: z.string(),
      }),
    ),
    modelYear: z.number().int().nullable(),
    manufacturer: z.string().nullable(),
    make: z.string().nullable(),
    country: z.string().nullable(),
  })
  .openapi("VinDecode");

const route = createRoute({
  tags: ["vins"],
  operationId: "decodeVin",
  method: "get",
  path: "/v1/vins/{vin}",
  summary: "Validate and decode a VIN (check digit, model year, manufacturer, country)",
  description: "Always 200 for a decodable request: an invalid VIN answers valid=false with the reasons.",
  security: eitherSecurity,
  request: {
    params: z.object({
      vin: z
        .string()
        .min(1)
        .max(64, "a VIN is 17 characters")
        .openapi({ param: { name: "vin", in: "path" }, example: "1HGCM82633A004352" }),
    }),
  },
  responses: {
    200: { description: "The decoded VIN.", content: { "application/json": { schema: VinDecode } } },
    ...openApiErrorResponses,
  },
});

export const registerV1VinsDecode = (app: App) =>
  app.openapi(route, (c) => {
    const d = c.get("services").vins.decode(c.req.valid("param").vin);
    return c.json(
      {
        vin: d.vin,
        valid: d.valid,
        reasons: d.reasons.map((r) => ({ code: r.code, severity: r.severity, message: r.message })),
        modelYear: d.modelYear,
        manufacturer: d.manufacturer,
        make: d.make,
        country: d.country,
      },
      200,
    );
  });
