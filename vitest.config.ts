import { defineConfig } from "vitest/config";

// One runner, one project per workspace. `npm test` runs them all; the e2e project
// needs a browser and skips itself with a message when Chromium is absent (CI installs it).
export default defineConfig({
  test: {
    projects: [
      { test: { name: "quant", root: "quant", include: ["**/*.test.ts"], testTimeout: 60_000 } },
      { test: { name: "markets-time", root: "markets-time", include: ["**/*.test.ts"] } },
      {
        test: {
          name: "server",
          root: "server",
          include: ["**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The web app's components and data shaping in jsdom, with the app's Vite plugins (React).
        extends: "./web/vite.config.ts",
        test: {
          name: "web",
          root: "web",
          environment: "jsdom",
          include: ["src/**/*.test.ts?(x)"],
          setupFiles: ["src/test/setup.ts"],
          // userEvent types key by key through React and jsdom: seconds on a loaded two-core runner.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
          root: "e2e",
          include: ["**/*.test.ts"],
          globalSetup: ["global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
