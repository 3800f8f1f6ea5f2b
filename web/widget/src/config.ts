/**
 * The widget's settings, read from its own <script> tag:
 *
 *   <script src="https://cdn.example/widget.js" data-key="fc_pk_…" data-api="https://api.forecourt.example" async></script>
 *
 * - `data-key` (or `data-api-key`): the dealership's publishable API key (fc_pk_…). Required.
 * - `data-api`: the Forecourt API origin. Else the `api` query parameter of the script's own URL
 *   (`widget.js?api=…`, for hosts that can only set a script URL), else the script's origin.
 * - `data-title` (optional): the panel's heading, default "Find your next car".
 * - `data-open` (optional, "true"): start with the panel open.
 */
export interface WidgetConfig {
  key: string;
  api: string;
  title: string;
  open: boolean;
}

export interface ScriptLike {
  src: string;
  getAttribute(name: string): string | null;
}

/** Returns the settings, or a sentence saying what is wrong with the tag (shown in the console). */
export function readConfig(script: ScriptLike | null): WidgetConfig | string {
  if (!script) return "Forecourt widget: cannot find its <script> tag (load it with a plain <script src>).";
  const key = (script.getAttribute("data-key") ?? script.getAttribute("data-api-key") ?? "").trim();
  if (!/^fc_pk_[0-9A-Za-z]{8,}$/.test(key)) {
    return 'Forecourt widget: data-key must be a publishable API key ("fc_pk_…"); secret keys never belong on a web page.';
  }
  let src: URL;
  try {
    src = new URL(script.src);
  } catch {
    return "Forecourt widget: its script URL is not a URL.";
  }
  const raw = script.getAttribute("data-api") ?? src.searchParams.get("api") ?? src.origin;
  let api: URL;
  try {
    api = new URL(raw);
  } catch {
    return `Forecourt widget: data-api must be the API's URL (got "${raw}").`;
  }
  if (api.protocol !== "https:" && api.protocol !== "http:") {
    return "Forecourt widget: data-api must be an http(s) URL.";
  }
  return {
    key,
    api: api.href.replace(/\/+$/, ""),
    title: script.getAttribute("data-title")?.trim() || "Find your next car",
    open: script.getAttribute("data-open") === "true",
  };
}
