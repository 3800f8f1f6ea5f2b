import { ConfigError, loadConfig } from "@forecourt/config";
import { reportRequestError, traceRequest } from "@forecourt/telemetry";
import { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { cors } from "hono/cors";
import type { App, HonoEnv } from "./env";
import { ApiError, errorResponse, toApiError, zodIssues, zodMessage } from "./lib/errors";
import { errorFields } from "./lib/logger";
import { authenticate } from "./middleware/auth";
import { jsonBody } from "./middleware/body";
import { rateLimit } from "./middleware/rate-limit";
import { requestContext } from "./middleware/request-context";
import { servicesMiddleware } from "./middleware/services";
import { websocketCredentials } from "./middleware/websocket-auth";
import { DurableObjectRateLimiter } from "./ratelimit/client";
import type { RateLimiter } from "./ratelimit/interface";
import { registerRoutes } from "./routes";

const WHERE: Record<string, string> = {
  json: "request body",
  query: "query string",
  param: "path",
  header: "headers",
};

export interface AppOptions {
  /** Replaces the Durable Object limiter (tests, benchmarks of the bare stack). */
  rateLimiter?: (c: import("hono").Context<HonoEnv>) => RateLimiter;
}

export function createApp(opts: AppOptions = {}): App {
  const app: App = new OpenAPIHono<HonoEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const where = WHERE[result.target] ?? result.target;
        throw new ApiError("validation_failed", zodMessage(result.error, where), {
          details: zodIssues(result.error),
        });
      }
    },
  });

  app.use("*", requestContext());
  app.use("*", traceRequest());
  app.use(
    "*",
    cors({
      origin: "*",
      allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type", "X-Api-Key", "X-Request-Id", "Idempotency-Key"],
      exposeHeaders: [
        "X-Request-Id",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
        "RateLimit-Policy",
        "Retry-After",
        "Location",
      ],
      maxAge: 600,
    }),
  );
  app.use("/v1/*", async (c, next) => {
    // The readiness check reports a bad configuration as one of its checks (503), instead of a 500.
    if (new URL(c.req.url).pathname === "/v1/health/ready") return next();
    // Fail fast with a clear log line on a misconfigured deploy; clients only see a 500 with the request id.
    loadConfig(c.env);
    return next();
  });
  app.use("/v1/*", jsonBody());
  const servicesMw = servicesMiddleware();
  app.use("/v1/*", async (c, next) =>
    new URL(c.req.url).pathname.startsWith("/v1/health") ? next() : servicesMw(c, next),
  );
  app.use("/v1/*", websocketCredentials());
  app.use("/v1/*", authenticate());
  const limiterFor = opts.rateLimiter ?? ((c) => new DurableObjectRateLimiter(c.env.RATE_LIMITER));
  app.use("/v1/*", rateLimit(limiterFor));

  registerRoutes(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "JWT: HS256 (development) or RS256/ES256 via JWKS (production). Claims: sub, role, dealerships.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKeyAuth", {
    type: "apiKey",
    in: "header",
    name: "X-Api-Key",
    description: "Publishable per-dealership key (fc_pk_…), for /v1/public/* and /v1/vins/*.",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Forecourt API",
      version: "1.0.0",
      description:
        "Multi-tenant dealership inventory. Errors: {error:{code,message,requestId,details?}}. Money: integer minor units. Lists: {items,nextCursor,facets?}. See docs/api.md.",
    },
    tags: [
      { name: "dealerships" },
      { name: "api-keys" },
      { name: "vehicles" },
      { name: "public", description: "Read-only, publishable API key" },
      { name: "vins" },
      { name: "scrapes", description: "Scrape jobs: start, watch (WebSocket or polling), review, replay" },
      { name: "meta" },
    ],
  });
  app.get("/docs", Scalar({ url: "/openapi.json", pageTitle: "Forecourt API reference" }));

  app.notFound((c) =>
    errorResponse(
      c,
      new ApiError(
        "not_found",
        `no route for ${c.req.method} ${new URL(c.req.url).pathname}; see /openapi.json`,
      ),
    ),
  );
  app.onError((err, c) => {
    const apiError = toApiError(err);
    const logger = c.get("logger");
    if (apiError && apiError.status < 500) return errorResponse(c, apiError);
    if (apiError) {
      logger?.warn("request failed", { code: apiError.code, errorMessage: apiError.message });
      return errorResponse(c, apiError);
    }
    if (err instanceof ConfigError) {
      logger?.error("invalid configuration", { problems: err.problems });
      reportRequestError(c, err);
      return errorResponse(
        c,
        new ApiError("internal_error", "the server is misconfigured; the operators have the details"),
      );
    }
    logger?.error("unhandled error", errorFields(err));
    reportRequestError(c, err);
    return errorResponse(
      c,
      new ApiError(
        "internal_error",
        "something went wrong on our side; quote the requestId if you report it",
      ),
    );
  });
  return app;
}
