import { VectorStoreError } from "../types";

const STORE = "pinecone";

/**
 * An HTTP failure seen by our fetch wrapper (below the SDK), so the adapter maps by the real status
 * instead of the SDK's class names (the SDK folds 403 into PineconeBadRequestError and 429 into an
 * unmapped error). `status` >= 500 keeps the SDK's own 5xx retries working.
 */
export class PineconeHttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`Pinecone HTTP ${status}: ${body.slice(0, 300)}`);
    this.name = "PineconeHttpFailure";
  }
}

/** Wraps fetch: a non-2xx answer becomes a PineconeHttpFailure carrying status and body. */
export function statusCapturingFetch(base: typeof fetch): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await base(input, init);
    if (res.status >= 200 && res.status < 300) return res;
    throw new PineconeHttpFailure(res.status, await res.text().catch(() => ""));
  }) as typeof fetch;
}

function findFailure(e: unknown): PineconeHttpFailure | null {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 6; depth++) {
    if (cur instanceof PineconeHttpFailure) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return null;
}

export function mapPineconeError(what: string, e: unknown): VectorStoreError {
  if (e instanceof VectorStoreError) return e;
  const failure = findFailure(e);
  const name = (e as { name?: string })?.name ?? "";
  const message = `${what}: ${failure ? failure.message : ((e as Error)?.message ?? String(e))}`;
  const status = failure?.status;
  if (status === 429) return new VectorStoreError(STORE, "rate_limited", message, { cause: e });
  if (status === 401 || status === 403)
    return new VectorStoreError(STORE, "unauthorized", message, { cause: e });
  if (status === 404) return new VectorStoreError(STORE, "not_found", message, { cause: e });
  if (status === 400 || status === 422) {
    const code = /dimension/i.test(failure!.body) ? "dimension_mismatch" : "invalid_input";
    return new VectorStoreError(STORE, code, message, { cause: e });
  }
  if (status !== undefined && status >= 500)
    return new VectorStoreError(STORE, "unavailable", message, { cause: e });
  if (name === "PineconeArgumentError")
    return new VectorStoreError(STORE, "invalid_input", message, { cause: e });
  if (status !== undefined) return new VectorStoreError(STORE, "backend_error", message, { cause: e });
  // Retries exhausted on 5xx, connection failures, timeouts.
  return new VectorStoreError(STORE, "unavailable", message, { cause: e });
}
