import { WidgetApi } from "./api";
import { readConfig } from "./config";
import { mountWidget } from "./ui";

/**
 * Entry of widget.js: reads its settings from its own <script> tag (see config.ts), then adds one
 * <forecourt-widget> element to the page with everything inside an open shadow root. Loading the script
 * twice mounts it once.
 */
declare global {
  interface Window {
    __forecourtWidget?: ShadowRoot;
  }
}

const script = document.currentScript as HTMLScriptElement | null;

function start() {
  if (window.__forecourtWidget) return;
  const config = readConfig(script);
  if (typeof config === "string") {
    console.error(config);
    return;
  }
  const host = document.createElement("forecourt-widget");
  document.body.append(host);
  window.__forecourtWidget = mountWidget(host, config, new WidgetApi(config.api, config.key));
}

if (document.body) start();
else document.addEventListener("DOMContentLoaded", start, { once: true });
