// Builds web/widget/src into ONE minified file, dist/widget.js (an IIFE: no module loader needed on the host
// page), and prints its raw and gzipped sizes. `--outfile <path>` writes elsewhere (npm start, the browser tests).
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));

export async function buildWidget(outfile = path.join(here, "dist", "widget.js")) {
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [path.join(here, "src", "index.ts")],
    outfile,
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    legalComments: "none",
    logLevel: "warning",
  });
  const bytes = readFileSync(outfile);
  return { outfile, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--outfile");
  const r = await buildWidget(i > 0 ? path.resolve(process.argv[i + 1]!) : undefined);
  console.log(`${path.relative(process.cwd(), r.outfile)}: ${r.bytes} B, ${r.gzipBytes} B gzipped`);
}
