import createClient, { type Middleware } from "openapi-fetch";
import { getToken, signOut } from "../auth/session";
import type { components, paths } from "./schema.gen";

export type Schemas = components["schemas"];
export type Dealership = Schemas["Dealership"];
export type Vehicle = Schemas["Vehicle"];
export type Job = Schemas["Job"];
export type JobDetail = Schemas["JobDetail"];
export type ApiKey = Schemas["ApiKey"];

/** The API origin, fixed at build time (VITE_API_URL); the local API by default. */
export const API_URL = (import.meta.env.VITE_API_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");

/** An error reply of the API (or a network failure), with what a person needs to act on it. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    /** Seconds until a retry may succeed (429 Retry-After). */
    readonly retryAfter: number | null = null,
    readonly details: unknown = undefined,
  ) {
    super(message);
  }
  get isNotFound() {
    return this.status === 404;
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: API_URL });
api.use(auth);

interface ErrorBody {
  error?: { code?: string; message?: string; requestId?: string; details?: unknown };
}

/** Turns an openapi-fetch result into its data, or throws an ApiProblem carrying the API's message. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (err) {
    throw new ApiProblem(
      0,
      "network_error",
      `The API at ${API_URL} could not be reached (${(err as Error).message}).`,
      null,
    );
  }
  const { data, error, response } = result;
  if (response.ok) return data as NonNullable<T>;
  const body = (error ?? {}) as ErrorBody;
  const retry = Number(response.headers.get("Retry-After"));
  if (response.status === 401) signOut("Your session has expired or the token was refused; sign in again.");
  throw new ApiProblem(
    response.status,
    body.error?.code ?? `http_${response.status}`,
    body.error?.message ?? `The API answered HTTP ${response.status}.`,
    body.error?.requestId ?? response.headers.get("X-Request-Id"),
    Number.isFinite(retry) && retry > 0 ? retry : null,
    body.error?.details,
  );
}

/** React Query retry policy: a 429 waits for Retry-After (twice at most), a 5xx/network error retries twice, a 4xx never. */
export function shouldRetry(failures: number, err: unknown) {
  if (!(err instanceof ApiProblem)) return failures < 2;
  if (err.status === 429) return failures < 2;
  return (err.status === 0 || err.status >= 500) && failures < 2;
}
export function retryDelay(failures: number, err: unknown) {
  if (err instanceof ApiProblem && err.retryAfter) return Math.min(err.retryAfter, 60) * 1000;
  return Math.min(1000 * 2 ** failures, 8000);
}

/** The live-progress WebSocket of a job; the token travels as a subprotocol (browsers cannot set headers). */
export function jobSocket(jobId: string): WebSocket {
  const url = `${API_URL.replace(/^http/, "ws")}/v1/jobs/${encodeURIComponent(jobId)}/ws`;
  return new WebSocket(url, ["forecourt.v1", `bearer.${getToken() ?? ""}`]);
}
