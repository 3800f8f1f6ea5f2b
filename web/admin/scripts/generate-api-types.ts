// Regenerates web/admin/src/api/schema.gen.ts from the API's OpenAPI document.
//   pnpm --filter @forecourt/admin gen:api                       starts a throwaway local API (wrangler dev)
//   pnpm --filter @forecourt/admin gen:api -- --url http://127.0.0.1:8787   uses a running one (npm start)
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startLocalApi } from "../../../test/browser/support/stack";
import { API_TYPES_FILE, renderApiTypes } from "./api-types";

const { values } = parseArgs({ options: { url: { type: "string" } } });
const api = values.url ? null : await startLocalApi({ name: "admin-openapi" });
try {
  const base = values.url ?? api!.url;
  const res = await fetch(`${base}/openapi.json`);
  if (!res.ok) throw new Error(`GET ${base}/openapi.json answered ${res.status}`);
  const doc = await res.json();
  writeFileSync(API_TYPES_FILE, await renderApiTypes(doc));
  console.log(`wrote ${API_TYPES_FILE} (${Object.keys(doc.paths).length} paths)`);
} finally {
  await api?.stop();
}
