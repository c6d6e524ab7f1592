// Logs: pretty at a terminal, JSON otherwise; health probes do not flood the info log; a query
// parameter that carries a secret is redacted (the app's request lines: test/url-secrets.int.test.ts).
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPlatform, type TestEnv } from "../../test/harness.ts";
import { buildApp } from "../app.ts";
import { isSecretParam, loggerOptions, logSerializers, prettyLogs, redactQuery } from "./logging.ts";

describe("log format", () => {
  it("is pretty at a terminal or when asked, JSON otherwise", () => {
    expect(prettyLogs({ LOG_FORMAT: "auto" }, true)).toBe(true);
    expect(prettyLogs({ LOG_FORMAT: "auto" }, false)).toBe(false);
    expect(prettyLogs({ LOG_FORMAT: "json" }, true)).toBe(false);
    expect(prettyLogs({ LOG_FORMAT: "pretty" }, false)).toBe(true);
    expect(loggerOptions({ LOG_FORMAT: "pretty", LOG_LEVEL: "warn" }, false)).toMatchObject({
      level: "warn",
      serializers: logSerializers,
      transport: { target: "pino-pretty" },
    });
    expect(loggerOptions({ LOG_FORMAT: "auto", LOG_LEVEL: "info" }, false)).toEqual({
      level: "info",
      serializers: logSerializers,
    });
  });
});

describe("redactQuery", () => {
  it("replaces the values of secret query parameters, and nothing else", () => {
    expect(redactQuery("/reset-password?token=abc_DEF-123")).toBe("/reset-password?token=[redacted]");
    expect(redactQuery("/verify-email?lang=ko&token=x%2By&next=%2Fhome")).toBe(
      "/verify-email?lang=ko&token=[redacted]&next=%2Fhome",
    );
    expect(redactQuery("/api/auth/oidc/google/callback?code=4%2F0Ab&state=s1&scope=openid")).toBe(
      "/api/auth/oidc/google/callback?code=[redacted]&state=[redacted]&scope=openid",
    );
    expect(redactQuery("/register?invite=ABCD&x=1")).toBe("/register?invite=[redacted]&x=1");
    expect(redactQuery("/x?access_token=a&apiKey=b&X-Amz-Signature=c&resetToken=d&PASSWORD=e")).toBe(
      "/x?access_token=[redacted]&apiKey=[redacted]&X-Amz-Signature=[redacted]&resetToken=[redacted]&PASSWORD=[redacted]",
    );
    // Quoted inside a message (an error naming the URL it failed on).
    expect(redactQuery("'/a?b=1&token=zzz' is not a valid url component")).toBe(
      "'/a?b=1&token=[redacted]' is not a valid url component",
    );
    // Ordinary parameters and paths stay as they were.
    for (const plain of [
      "/api/instruments?q=apple&market=US",
      "/api/bars?from=2024-01-01&limit=5",
      "/health",
    ])
      expect(redactQuery(plain)).toBe(plain);
    expect(redactQuery("/x?token=")).toBe("/x?token=");
    expect(isSecretParam("token")).toBe(true);
    expect(isSecretParam("keywords")).toBe(false);
    expect(isSecretParam("q")).toBe(false);
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
