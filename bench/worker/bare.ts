// Bare Hono routes: the same handler work and the same JSON as the API routes they shadow, with none of
// the API's middleware (no request id, logging, config, auth, rate limit, zod validation, error mapping).
import { createRepositories } from "@forecourt/db";
import { systemClock, VinService } from "@forecourt/services";
import { decodeVin } from "@forecourt/vin";
import { Hono } from "hono";
import { presentPublicVehicle } from "../../workers/api/src/lib/present";

type Env = { DB: D1Database };
const vins = new VinService(decodeVin as ConstructorParameters<typeof VinService>[0], systemClock);

export const bareApp = new Hono<{ Bindings: Env }>();

/** Shadows GET /v1/vins/{vin}: the same service call and the same reply shaping as the real handler. */
bareApp.get("/__bench/bare/vins/:vin", (c) => {
  const d = vins.decode(c.req.param("vin"));
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

/**
 * Shadows GET /v1/public/vehicles/{id}: the same repository read and presenter, the dealership taken
 * from the query string instead of an API key (no key lookup, no rate limit).
 */
bareApp.get("/__bench/bare/public/vehicles/:id", async (c) => {
  const repos = createRepositories({ driver: "d1", d1: c.env.DB });
  const vehicle = await repos.vehicles.get(c.req.query("dealership") ?? "", c.req.param("id"));
  if (vehicle?.status !== "active") return c.json({ error: { code: "not_found" } }, 404);
  return c.json(presentPublicVehicle(vehicle), 200);
});
