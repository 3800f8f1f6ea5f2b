import { describe, expect, it } from "vitest";
import { platformAdmin } from "./helpers/auth";
import { expectError } from "./helpers/fixtures";
import { call, get } from "./helpers/http";

describe("health, OpenAPI, docs, request ids", () => {
  it("GET /v1/health answers without auth", async () => {
    const res = await get("/v1/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", version: "v1" });
    expect(res.headers.get("X-Request-Id")).toMatch(/^req_[0-9a-z]{26}$/);
  });

  it("GET /openapi.json is OpenAPI 3.1 with both security schemes and every route", async () => {
    const res = await get("/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes).toMatchObject({
      bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
      apiKeyAuth: { type: "apiKey", in: "header", name: "X-Api-Key" },
    });
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(ops.sort()).toEqual(
      [
        "GET /v1/health",
        "GET /v1/health/ready",
        "POST /v1/dealerships",
        "GET /v1/dealerships",
        "GET /v1/dealerships/{id}",
        "PATCH /v1/dealerships/{id}",
        "GET /v1/dealerships/{id}/quality",
        "POST /v1/dealerships/{id}/api-keys",
        "GET /v1/dealerships/{id}/api-keys",
        "DELETE /v1/dealerships/{id}/api-keys/{keyId}",
        "POST /v1/dealerships/{id}/vehicles",
        "POST /v1/dealerships/{id}/vehicles/bulk",
        "GET /v1/dealerships/{id}/vehicles",
        "GET /v1/dealerships/{id}/vehicles/{vehicleId}",
        "PATCH /v1/dealerships/{id}/vehicles/{vehicleId}",
        "DELETE /v1/dealerships/{id}/vehicles/{vehicleId}",
        "GET /v1/dealerships/{id}/vehicles/{vehicleId}/price-history",
        "GET /v1/public/vehicles",
        "GET /v1/public/vehicles/{vehicleId}",
        "GET /v1/vins/{vin}",
        "POST /v1/dealerships/{id}/scrapes",
        "GET /v1/dealerships/{id}/jobs",
        "GET /v1/jobs",
        "GET /v1/jobs/{jobId}",
        "GET /v1/jobs/{jobId}/ws",
        "POST /v1/jobs/{jobId}/apply",
        "POST /v1/jobs/{jobId}/discard",
        "POST /v1/jobs/{jobId}/replay",
        "POST /v1/dealerships/{id}/embeddings/rebuild",
        "POST /v1/dealerships/{id}/embeddings/replay",
        "POST /v1/ops/vector-migrations",
        "GET /v1/ops/vector-migrations/{migrationId}",
        "GET /v1/public/search",
        "GET /v1/dealerships/{id}/search",
        "POST /v1/public/chat",
        "POST /v1/dealerships/{id}/chat",
        "GET /v1/dealerships/{id}/ai/usage",
        "PATCH /v1/dealerships/{id}/ai/budget",
      ].sort(),
    );
    // Every route but health declares its security and the error shape.
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const op of Object.values(item)) {
        if (path === "/v1/health") continue;
        expect(op.security?.length, path).toBeGreaterThan(0);
        expect(op.responses["401"].content["application/json"].schema.$ref).toBe(
          "#/components/schemas/Error",
        );
      }
    }
    // Query parameters come from the same zod schemas that validate requests.
    const search = doc.paths["/v1/dealerships/{id}/vehicles"].get;
    const names = search.parameters.map((p: any) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "id",
        "make",
        "priceMin",
        "priceMax",
        "mileageMax",
        "cursor",
        "limit",
        "facets",
      ]),
    );
  });

  it("GET /docs serves the interactive reference pointing at /openapi.json", async () => {
    const res = await get("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/text\/html/);
    expect(res.text).toContain("/openapi.json");
  });

  it("keeps a well-formed incoming X-Request-Id and replaces a malformed one", async () => {
    const kept = await get("/v1/health", { headers: { "X-Request-Id": "client-abc-12345678" } });
    expect(kept.headers.get("X-Request-Id")).toBe("client-abc-12345678");
    const replaced = await get("/v1/health", { headers: { "X-Request-Id": "bad id with spaces <script>" } });
    expect(replaced.headers.get("X-Request-Id")).toMatch(/^req_/);
    const tooShort = await get("/v1/health", { headers: { "X-Request-Id": "x" } });
    expect(tooShort.headers.get("X-Request-Id")).toMatch(/^req_/);
  });

  it("unknown routes answer the JSON error shape with 404 (after auth on /v1)", async () => {
    const anon = await get("/v1/nope");
    expectError(anon, 401, "unauthorized");
    const authed = await get("/v1/nope", { token: await platformAdmin() });
    expect(expectError(authed, 404, "not_found").message).toMatch(/no route for GET \/v1\/nope/);
    expectError(await get("/nope"), 404, "not_found");
    expectError(await call("/v1/health", { method: "PUT" }), 404, "not_found");
  });

  it("answers CORS preflights for dealer websites", async () => {
    const res = await call("/v1/public/vehicles", {
      method: "OPTIONS",
      headers: {
        Origin: "https://dealer.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "X-Api-Key",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Access-Control-Allow-Headers")).toMatch(/X-Api-Key/i);
  });
});
