import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The server serves `dist/` at `/` with an SPA fallback; in development the Vite dev server forwards
// the API and server-owned routes to a locally running server so cookies stay same-origin.
const target = process.env.BULLPEN_API_URL ?? "http://localhost:3000";
const proxied = ["/api", "/health", "/docs", "/openapi.json", "/metrics"];

export default defineConfig({
  plugins: [react()],
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
    chunkSizeWarningLimit: 1500,
  },
});
