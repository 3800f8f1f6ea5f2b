import { isServiceError, type ServiceErrorCode } from "@forecourt/services";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import type { HonoEnv } from "../env";

/** The closed set of error codes. Stable: clients may switch on them. Documented in docs/api.md. */
export const ERROR_CODES = [
  "bad_request",
  "validation_failed",
  "invalid_json",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "unprocessable",
  "upgrade_required",
  "rate_limited",
  "internal_error",
  "service_unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  upgrade_required: 426,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};

// Every service code is an API code with the same name (checked by the compiler).
export const SERVICE_ERROR_TO_API_CODE: Record<ServiceErrorCode, ErrorCode> = {
  bad_request: "bad_request",
  validation_failed: "validation_failed",
  unauthorized: "unauthorized",
  forbidden: "forbidden",
  not_found: "not_found",
  conflict: "conflict",
  unprocessable: "unprocessable",
  service_unavailable: "service_unavailable",
};

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z
        .enum(ERROR_CODES)
        .openapi({ description: "Stable, machine-readable error code.", example: "not_found" }),
      message: z.string().openapi({
        description: "What went wrong and what to change.",
        example: 'vehicle "veh_…" was not found',
      }),
      requestId: z
        .string()
        .openapi({ description: "Quote this when reporting a problem.", example: "req_01j…" }),
      details: z.unknown().optional().openapi({
        description: "Field-level problems (list of {path, code, message}) or per-item results.",
      }),
    }),
  })
  .openapi("Error");

export type ErrorBody = z.infer<typeof ErrorSchema>;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;
  constructor(
    code: ErrorCode,
    message: string,
    opts: { details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = opts.details;
    this.headers = opts.headers ?? {};
  }
}

/** zod issues as the `details` list: path (array), code, message. */
export function zodIssues(error: ZodError): { path: (string | number)[]; code: string; message: string }[] {
  return error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    code: i.code,
    message: i.message,
  }));
}

export function zodMessage(error: ZodError, where: string): string {
  const first = error.issues[0];
  if (!first) return `invalid ${where}`;
  const path = first.path.length ? first.path.join(".") : where;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more; see details)` : "";
  return `${where} is invalid: ${path}: ${first.message}${more}`;
}

export function errorResponse(c: Context<HonoEnv>, err: ApiError): Response {
  const body: ErrorBody = {
    error: {
      code: err.code,
      message: err.message,
      requestId: c.get("requestId") ?? "unknown",
      ...(err.details !== undefined ? { details: err.details } : {}),
    },
  };
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  if (err.code === "unauthorized" && !err.headers["WWW-Authenticate"]) {
    c.header("WWW-Authenticate", 'Bearer realm="forecourt", error="invalid_token"');
  }
  return c.json(body, err.status);
}

/** Maps anything thrown to the one error shape. Unknown errors are logged in full and answered with a bare 500. */
export function toApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (isServiceError(err))
    return new ApiError(SERVICE_ERROR_TO_API_CODE[err.code], err.message, { details: err.details });
  if (err instanceof HTTPException) {
    switch (err.status) {
      case 400:
        return /json/i.test(err.message)
          ? new ApiError("invalid_json", "the request body is not valid JSON")
          : new ApiError("bad_request", err.message || "bad request");
      case 401:
        return new ApiError("unauthorized", err.message || "authentication required");
      case 404:
        return new ApiError("not_found", err.message || "not found");
      case 413:
        return new ApiError("payload_too_large", "the request body is too large");
      case 415:
        return new ApiError(
          "unsupported_media_type",
          "send the body as JSON with Content-Type: application/json",
        );
      default:
        return null;
    }
  }
  return null;
}

const errorResponseDoc = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

/** The error responses every route may produce, for the OpenAPI document. */
export const openApiErrorResponses = {
  400: errorResponseDoc(
    "Malformed or invalid request (codes: bad_request, validation_failed, invalid_json).",
  ),
  401: errorResponseDoc("Missing, malformed, expired or otherwise invalid credentials."),
  403: errorResponseDoc("Authenticated, but the role does not allow this action."),
  404: errorResponseDoc("No such resource, or it belongs to another dealership."),
  413: errorResponseDoc("Request body larger than the limit."),
  415: errorResponseDoc("Body is not JSON."),
  429: errorResponseDoc("Rate limit exceeded; see Retry-After."),
  500: errorResponseDoc("Unexpected server error (no internals are exposed)."),
} as const;

export const conflictResponse = { 409: errorResponseDoc("Conflicts with the current state.") } as const;
export const unprocessableResponse = {
  422: errorResponseDoc(
    "Well-formed but semantically invalid (e.g. the VIN is invalid or contradicts year/make).",
  ),
} as const;
