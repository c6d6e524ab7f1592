// Logs: pretty at a terminal, JSON otherwise; health probes do not flood the info log.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPlatform, type TestEnv } from "../../test/harness.ts";
import { buildApp } from "../app.ts";
import { loggerOptions, prettyLogs } from "./logging.ts";

describe("log format", () => {
  it("is pretty at a terminal or when asked, JSON otherwise", () => {
    expect(prettyLogs({ LOG_FORMAT: "auto" }, true)).toBe(true);
    expect(prettyLogs({ LOG_FORMAT: "auto" }, false)).toBe(false);
    expect(prettyLogs({ LOG_FORMAT: "json" }, true)).toBe(false);
    expect(prettyLogs({ LOG_FORMAT: "pretty" }, false)).toBe(true);
    expect(loggerOptions({ LOG_FORMAT: "pretty", LOG_LEVEL: "warn" }, false)).toMatchObject({
      level: "warn",
      transport: { target: "pino-pretty" },
    });
    expect(loggerOptions({ LOG_FORMAT: "auto", LOG_LEVEL: "info" }, false)).toEqual({ level: "info" });
  });
});

describe("request logs", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestPlatform();
  });
  afterAll(() => env.close());

  async function linesFor(level: "info" | "debug", url: string): Promise<Record<string, unknown>[]> {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const app = await buildApp(env.platform, { logger: { level, stream }, serveWeb: false });
    await app.ready();
    const res = await app.inject({ method: "GET", url });
    expect(res.statusCode).toBeLessThan(500);
    await app.close();
    return lines.map((l) => JSON.parse(l)).filter((l) => l.req || l.res);
  }

  it("does not log /health at info, but logs other requests", async () => {
    expect(await linesFor("info", "/health")).toEqual([]);
    const other = await linesFor("info", "/api/auth/config");
    expect(other.map((l) => l.msg)).toEqual(["incoming request", "request completed"]);
  });

  it("logs /health at debug", async () => {
    const config = { ...env.platform.config, LOG_LEVEL: "debug" as const };
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp(
      { ...env.platform, config },
      { logger: { level: "debug", stream }, serveWeb: false },
    );
    await app.ready();
    await app.inject({ method: "GET", url: "/health" });
    await app.close();
    expect(lines.some((l) => l.includes('"url":"/health"'))).toBe(true);
  });
});
