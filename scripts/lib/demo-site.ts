import {
  type DemoSiteHandle,
  isSiteStyle,
  type SiteStyle,
  startDemoSite,
} from "../../web/demo-site/src/index.ts";

export const DEMO_SITE_PORT = 8790;

/**
 * Starts the demo dealership website for `npm start` on http://127.0.0.1:8790 with the lot that
 * `seedDemo` puts into the API (seed 1, DEMO_VEHICLES vehicles, default 300), so the first scrape finds
 * nothing to change. DEMO_SITE_STYLE picks the markup style (default "mixed").
 * Rejects with a clear message when the port is taken. Call `close()` on the handle when stopping.
 */
export async function startDemoSiteForDev(
  opts: {
    count?: number;
    style?: SiteStyle;
    log?: boolean | ((line: string) => void);
    /** The dealer-site widget on every page (web/widget): its script URL and publishable key. */
    widgetScriptUrl?: string;
    widgetApiKey?: string;
  } = {},
): Promise<DemoSiteHandle> {
  const envStyle = process.env.DEMO_SITE_STYLE;
  if (envStyle !== undefined && !isSiteStyle(envStyle)) {
    throw new Error(
      `DEMO_SITE_STYLE must be one of jsonld, microdata, opengraph, plain, mixed (got "${envStyle}")`,
    );
  }
  const count = opts.count ?? Number(process.env.DEMO_VEHICLES ?? 300);
  try {
    return await startDemoSite({
      port: DEMO_SITE_PORT,
      host: "127.0.0.1",
      seed: 1,
      count,
      style: opts.style ?? envStyle ?? "mixed",
      log: opts.log ?? false,
      widgetScriptUrl: opts.widgetScriptUrl,
      widgetApiKey: opts.widgetApiKey,
    });
  } catch (err) {
    if ((err as { code?: string }).code === "EADDRINUSE") {
      throw new Error(
        `The demo dealership website needs port ${DEMO_SITE_PORT}, which is already in use (a previous \`npm start\` still running, ` +
          `or another program). Stop it (\`lsof -i :${DEMO_SITE_PORT}\` shows what holds it) and run \`npm start\` again.`,
      );
    }
    throw err;
  }
}
