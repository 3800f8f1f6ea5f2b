import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { devAuth } from "./vite/dev-auth";
import { widgetAsset } from "./vite/widget-asset";

// VITE_API_URL (build-time): the API's origin, e.g. https://api.forecourt.example. Default: the local API.
export default defineConfig({
  plugins: [react(), devAuth(), widgetAsset()],
  build: { outDir: "dist", target: "es2022", sourcemap: false, chunkSizeWarningLimit: 400 },
  server: { host: "127.0.0.1", port: 8788, strictPort: true },
  preview: { host: "127.0.0.1", port: 8788, strictPort: true },
});
