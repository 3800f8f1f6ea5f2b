/**
 * The one closed family of errors services throw. The API maps each code to an HTTP status
 * (see workers/api/src/lib/errors.ts); other callers (queue consumers, scripts) read `code`.
 */
export const SERVICE_ERROR_CODES = [
  "bad_request",
  "validation_failed",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "unprocessable",
  /** A dependency the action needs is switched off or down (e.g. AI without providers configured). */
  "service_unavailable",
] as const;
export type ServiceErrorCode = (typeof SERVICE_ERROR_CODES)[number];

/** One problem with one input field; `path` locates it (e.g. ["items", 3, "price", "amount"]). */
export interface Issue {
  path: (string | number)[];
  code: string;
  message: string;
}

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  readonly details: unknown;
  constructor(code: ServiceErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "ServiceError";
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string, id: string, within?: string) =>
  new ServiceError(
    "not_found",
    `${what} ${JSON.stringify(id)} was not found${within ? ` in ${within}` : ""}`,
  );
export const forbidden = (message: string) => new ServiceError("forbidden", message);
export const validationFailed = (message: string, issues: Issue[]) =>
  new ServiceError("validation_failed", message, issues);
export const unprocessable = (message: string, details?: unknown) =>
  new ServiceError("unprocessable", message, details);
export const conflict = (message: string) => new ServiceError("conflict", message);
export const badRequest = (message: string) => new ServiceError("bad_request", message);
export const serviceUnavailable = (message: string) => new ServiceError("service_unavailable", message);

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof ServiceError;
}

/** True for the repositories' `InvalidCursorError` (matched by name so every driver's copy counts). */
export function isInvalidCursor(err: unknown): boolean {
  return err instanceof Error && err.name === "InvalidCursorError";
}
