import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { bundleBudget } from "./vite/budget.ts";
import { precompress } from "./vite/precompress.ts";

// The server serves `dist/` at `/` with an SPA fallback; in development the Vite dev server forwards
// the API and server-owned routes to a locally running server so cookies stay same-origin.
const target = process.env.BULLPEN_API_URL ?? "http://localhost:3000";
const proxied = ["/api", "/health", "/docs", "/openapi.json", "/metrics"];

export default defineConfig({
  // bundleBudget: the build fails when the first page's JavaScript passes its budget (vite/budget.ts);
  // precompress: .br and .gz twins of every asset for the server to send as they are.
  plugins: [react(), bundleBudget(), precompress()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target, changeOrigin: false }])),
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // No source maps in the build the server ships (they would publish the whole client source);
    // BULLPEN_SOURCEMAP=true builds them for debugging a local build.
    sourcemap: process.env.BULLPEN_SOURCEMAP === "true",
    // Each route is its own chunk (App.tsx); the budget plugin is the size check that matters.
    chunkSizeWarningLimit: 600,
  },
});
