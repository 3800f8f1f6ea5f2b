import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { API_TYPES_FILE, renderApiTypes } from "../../web/admin/scripts/api-types";

const stack = inject("browserStack");

describe("the admin app's typed API client", () => {
  it("web/admin/src/api/schema.gen.ts matches the running API's OpenAPI document (regenerate with gen:api)", async () => {
    const doc = await (await fetch(`${stack.apiUrl}/openapi.json`)).json();
    const expected = await renderApiTypes(doc);
    const committed = readFileSync(API_TYPES_FILE, "utf8");
    expect(
      committed === expected,
      "schema.gen.ts is stale: run `pnpm --filter @forecourt/admin gen:api` and commit the result",
    ).toBe(true);
  });
});
