import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const ADMIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = path.resolve(ADMIN, "../..");
/** The committed, generated API types the admin app's client is typed with. */
export const API_TYPES_FILE = path.join(ADMIN, "src", "api", "schema.gen.ts");

const HEADER = `// GENERATED from the API's OpenAPI document (GET /openapi.json) by web/admin/scripts/generate-api-types.ts.
// Do not edit. Regenerate: pnpm --filter @forecourt/admin gen:api (a browser test fails when this drifts).
`;

/** The TypeScript source for an OpenAPI document, formatted exactly as the committed file is. */
export async function renderApiTypes(doc: unknown): Promise<string> {
  const ast = await openapiTS(doc as Parameters<typeof openapiTS>[0], { alphabetize: true });
  const source = HEADER + astToString(ast);
  const biome = path.join(ROOT, "node_modules", ".bin", "biome");
  const formatted = spawnSync(biome, ["format", `--stdin-file-path=${path.relative(ROOT, API_TYPES_FILE)}`], {
    cwd: ROOT,
    input: source,
    encoding: "utf8",
  });
  if (formatted.status !== 0) throw new Error(`biome format failed: ${formatted.stderr}`);
  return formatted.stdout;
}
