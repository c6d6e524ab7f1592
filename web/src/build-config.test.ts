// The production build the server ships publishes no source maps (issue 15: a 4.5 MB map of the
// whole client source was served to anyone); BULLPEN_SOURCEMAP=true builds them for local debugging.
import { describe, expect, it, vi } from "vitest";

async function buildOptions() {
  vi.resetModules();
  return (await import("../vite.config.ts")).default.build;
}

describe("the web build", () => {
  it("emits no source maps by default, and emits them only with BULLPEN_SOURCEMAP=true", async () => {
    vi.stubEnv("BULLPEN_SOURCEMAP", "");
    expect((await buildOptions())?.sourcemap).toBe(false);
    vi.stubEnv("BULLPEN_SOURCEMAP", "1");
    expect((await buildOptions())?.sourcemap).toBe(false);
    vi.stubEnv("BULLPEN_SOURCEMAP", "true");
    expect((await buildOptions())?.sourcemap).toBe(true);
    vi.unstubAllEnvs();
  });
});
