import type { Principal } from "@forecourt/domain";
import type { Context } from "hono";
import type { HonoEnv } from "../env";
import { ApiError } from "./errors";

type Security = Record<string, string[]>[];
export const bearerSecurity: Security = [{ bearerAuth: [] }];
export const apiKeySecurity: Security = [{ apiKeyAuth: [] }];
/** Either credential (OpenAPI: alternatives are separate requirement objects). */
export const eitherSecurity: Security = [{ bearerAuth: [] }, { apiKeyAuth: [] }];

/** The authenticated caller (the auth middleware guarantees one on every non-public route). */
export function principalOf(c: Context<HonoEnv>): Principal {
  const p = c.get("principal");
  if (!p) throw new ApiError("unauthorized", "authentication required");
  return p;
}
