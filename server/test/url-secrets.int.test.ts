// Secrets in URLs (issue 15, finding 8): the emailed links (`/reset-password?token=…`), an OpenID
// Connect callback's code and state, a key put in a query — none reaches a request log line (their
// values read "[redacted]") or a row of audit.api_requests (which records route patterns only).
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { apiRequestLogOf } from "../src/modules/audit/index.ts";
import { createTestPlatform, type TestEnv } from "./harness.ts";

describe("secrets in URLs", () => {
  let env: TestEnv;
  beforeAll(async () => {
    // The request log batches rows; flushed by hand below.
    env = await createTestPlatform({ env: { API_REQUEST_FLUSH_MS: "60000" } });
  });
  afterAll(() => env.close());

  it("are redacted in request log lines and never recorded in audit.api_requests", async () => {
    const secret = randomBytes(24).toString("base64url");
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const app = await buildApp(env.platform, { logger: { level: "info", stream }, serveWeb: false });
    await app.ready();
    // The emailed links as a browser opens them, an OpenID Connect callback, a key put in a query.
    const urls = [
      `/reset-password?token=${secret}`,
      `/verify-email?token=${secret}&lang=ko`,
      `/api/auth/oidc/nobody/callback?code=${secret}&state=${secret}`,
      `/api/auth/config?api_key=${secret}`,
      `/api/instruments?q=apple&token=${secret}`,
    ];
    for (const url of urls) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBeLessThan(500);
    }
    const log = apiRequestLogOf(app);
    expect(log, "the request log is installed").toBeDefined();
    await log?.flush();
    await app.close();

    const logged = lines.map((l) => JSON.parse(l) as { msg: string; req?: { url: string } });
    const incoming = logged.filter((l) => l.msg === "incoming request").map((l) => l.req?.url);
    expect(incoming).toEqual([
      "/reset-password?token=[redacted]",
      "/verify-email?token=[redacted]&lang=ko",
      "/api/auth/oidc/nobody/callback?code=[redacted]&state=[redacted]",
      "/api/auth/config?api_key=[redacted]",
      "/api/instruments?q=apple&token=[redacted]",
    ]);
    expect(lines.filter((l) => l.includes(secret))).toEqual([]);

    const { rows } = await env.database.query<{ method: string; route: string; row: string }>(
      "select method, route, t::text as row from audit.api_requests t order by id",
    );
    expect(rows.map((r) => r.route)).toEqual([
      "(unmatched)",
      "(unmatched)",
      "/api/auth/oidc/:provider/callback",
      "/api/auth/config",
      "/api/instruments",
    ]);
    expect(rows.filter((r) => r.row.includes(secret))).toEqual([]);
  });
});
