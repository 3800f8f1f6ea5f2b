import { loadConfig } from "@forecourt/config";
import type { MiddlewareHandler } from "hono";
import type { HonoEnv } from "../env";
import { ApiError } from "../lib/errors";

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Paths allowed the larger bulk limit (BULK_MAX_BODY_BYTES, default 5 MiB). */
const isBulkPath = (path: string) => /^\/v1\/dealerships\/[^/]+\/vehicles\/bulk\/?$/.test(path);

/**
 * Body guard for every write: size limit (413 payload_too_large, checked on Content-Length and while
 * streaming), then JSON only (415 unsupported_media_type) and well-formed (400 invalid_json). Parsing
 * here fills Hono's body cache, so the route's zod validator sees the same text.
 */
export function jsonBody(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    if (!BODY_METHODS.has(c.req.method) || !c.req.raw.body) return next();
    const config = loadConfig(c.env);
    const path = new URL(c.req.url).pathname;
    const max = isBulkPath(path) ? config.bulkMaxBodyBytes : config.maxBodyBytes;
    const tooLarge = () =>
      new ApiError(
        "payload_too_large",
        `the request body is larger than ${max} bytes; send less data per request`,
        {
          details: { maxBytes: max },
        },
      );

    const declared = c.req.header("content-length");
    if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > max) throw tooLarge();

    const reader = c.req.raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: size > 0 ? bytes : null });
    if (size === 0) return next();

    const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim();
    if (!JSON_TYPE.test(mediaType)) {
      throw new ApiError(
        "unsupported_media_type",
        `send the body as JSON with Content-Type: application/json (got ${mediaType ? JSON.stringify(mediaType) : "no Content-Type"})`,
      );
    }
    try {
      await c.req.json();
    } catch {
      throw new ApiError(
        "invalid_json",
        "the request body is not valid JSON; check quotes, commas and brackets",
      );
    }
    return next();
  };
}
