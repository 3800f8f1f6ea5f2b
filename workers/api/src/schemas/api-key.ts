import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

export const CreateApiKeyBody = z
  .strictObject({
    name: z.string().min(1).max(100).optional().openapi({ example: "Website (2026 rotation)" }),
  })
  .openapi("CreateApiKey");

export const ApiKey = z
  .object({
    id: z.string().openapi({ example: "key_01jz8k2m3n4p5q6r7s8t9v0w1x" }),
    dealershipId: z.string(),
    name: z.string(),
    prefix: z
      .string()
      .openapi({ description: "First characters of the key, to tell keys apart.", example: "fc_pk_4fR9aQ" }),
    createdAt: Timestamp,
    revokedAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable(),
  })
  .openapi("ApiKey");

export const CreatedApiKey = ApiKey.extend({
  key: z
    .string()
    .openapi({ description: "The full key. Shown once; store it now.", example: "fc_pk_4fR9aQ…" }),
}).openapi("CreatedApiKey");

export const ApiKeyList = z.object({ items: z.array(ApiKey), nextCursor: z.null() }).openapi("ApiKeyList");
