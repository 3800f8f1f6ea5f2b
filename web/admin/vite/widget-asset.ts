import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Plugin } from "vite";
import { buildWidget } from "../../widget/build";

export const WIDGET_PATH = "/widget.js";

/**
 * Serves the dealer-site widget (web/widget) from the admin app's origin: `vite` (npm start) answers
 * GET /widget.js with a fresh build, and `vite build` puts widget.js next to the app in dist/, so one Pages
 * project hosts both (`<script src="https://admin.example/widget.js" data-key=… data-api=…>`).
 */
export function widgetAsset(): Plugin {
  let built: Promise<string> | null = null;
  const fresh = () => {
    built ??= buildWidget(path.join(mkdtempSync(path.join(tmpdir(), "forecourt-widget-")), "widget.js")).then(
      (r) => readFileSync(r.outfile, "utf8"),
    );
    return built;
  };
  return {
    name: "forecourt-widget-asset",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.method !== "GET" || req.url?.split("?")[0] !== WIDGET_PATH) return next();
        fresh().then(
          (code) => {
            res.setHeader("Content-Type", "text/javascript; charset=utf-8");
            res.setHeader("Cache-Control", "no-cache");
            res.end(code);
          },
          (err: Error) => {
            built = null;
            res.statusCode = 500;
            res.end(`widget build failed: ${err.message}`);
          },
        );
      });
    },
    async generateBundle() {
      this.emitFile({ type: "asset", fileName: "widget.js", source: await fresh() });
    },
  };
}
