import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../test/harness.ts";
import type { Ctx } from "../../platform/context.ts";
import {
  API_REQUESTS_RETENTION_JOB,
  apiRequestLogOf,
  listApiRequests,
  listAuthEvents,
  listDataAccess,
  listSecurityEvents,
  recordAuthEvent,
  recordDataAccess,
  recordSecurityEvent,
} from "./index.ts";
import { emptyApiRequestColumns, insertApiRequests } from "./repository.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("audit: auth/security/data-access events and batched api_requests", () => {
  let env: TestEnv & { app: Awaited<ReturnType<typeof createTestApp>>["app"] };
  let ctx: Ctx;
  beforeAll(async () => {
    env = await createTestApp({
      env: { API_REQUEST_FLUSH_ROWS: "5", API_REQUEST_FLUSH_MS: "300", API_REQUESTS_RETENTION_DAYS: "7" },
    });
    ctx = { ...operatorCtx(env.platform), ip: "203.0.113.9", userAgent: "vitest", requestId: "req-1" };
  }, 60_000);
  afterAll(() => env.close(), 30_000);

  it("records auth, security and data-access events with request facts", async () => {
    const u = await createUser(env.platform);
    await recordAuthEvent(ctx, {
      userId: u.id,
      event: "sign_in",
      success: false,
      details: { reason: "bad_password" },
    });
    await recordSecurityEvent(ctx, {
      category: "rate_limit",
      severity: "high",
      userId: u.id,
      eventCode: "login_ip",
      isBlocked: true,
    });
    await recordSecurityEvent(ctx, { category: "mfa", severity: "low", eventCode: "mfa_failed" });
    await recordDataAccess(
      { ...ctx, actor: { userId: u.id, role: "admin" } },
      {
        tableName: "identity.users",
        operation: "read",
        recordId: "x-1",
        fieldsAccessed: ["email", "status"],
      },
    );
    const [a] = await listAuthEvents(env.database.db, { userId: u.id });
    expect(a).toMatchObject({
      event: "sign_in",
      success: false,
      ipAddress: "203.0.113.9",
      userAgent: "vitest",
      requestId: "req-1",
      details: { reason: "bad_password" },
    });
    const sec = await listSecurityEvents(env.database.db);
    expect(sec.find((s) => s.eventCode === "login_ip")).toMatchObject({
      severity: "high",
      isBlocked: true,
      requiresReview: true,
      userId: u.id,
    });
    expect(sec.find((s) => s.eventCode === "mfa_failed")).toMatchObject({
      severity: "low",
      requiresReview: false,
      userId: null,
    });
    const [d] = await listDataAccess(env.database.db, { userId: u.id });
    expect(d).toMatchObject({
      tableName: "identity.users",
      operation: "read",
      recordId: "x-1",
      fieldsAccessed: ["email", "status"],
    });
    await expect(
      recordSecurityEvent(ctx, { category: "x", severity: "urgent" as never, eventCode: "bad" }),
    ).rejects.toThrow();
    // Logs may be pruned but never rewritten.
    await expect(env.database.exec("update audit.auth_events set success = true")).rejects.toThrow(
      /append-only/,
    );
  });

  it("writes api_requests in batches after the response, with route pattern, status, latency and user", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(env.app, u.username, u.password);
    const log = apiRequestLogOf(env.app);
    expect(log).toBeDefined();
    await log?.flush();
    const batchesBefore = log?.batches ?? 0;
    for (let i = 0; i < 7; i++) {
      const res = await env.app.inject({ method: "GET", url: "/api/notifications", headers: s.bearer });
      expect(res.statusCode).toBe(200);
    }
    const missing = await env.app.inject({
      method: "POST",
      url: "/api/notifications/00000000-0000-7000-8000-000000000000/read",
      headers: s.bearer,
    });
    expect(missing.statusCode).toBe(404);
    // 8 rows: the 5-row threshold flushed one batch at once; the other 3 wait for the 300 ms timer.
    await sleep(50);
    let rows = await listApiRequests(env.database.db, { route: "/api/notifications" });
    expect(rows.length).toBe(5);
    expect(log?.pending).toBe(3);
    await sleep(600);
    rows = await listApiRequests(env.database.db, { route: "/api/notifications" });
    expect(rows.length).toBe(7);
    expect(rows[0]).toMatchObject({ method: "GET", statusCode: 200, userId: u.id });
    expect(rows[0].responseTimeMs).toBeGreaterThan(0);
    const [r404] = await listApiRequests(env.database.db, { route: "/api/notifications/:id/read" });
    expect(r404).toMatchObject({ method: "POST", statusCode: 404, userId: u.id });
    expect((log?.batches ?? 0) - batchesBefore).toBe(2);
    // /health is not logged.
    await env.app.inject({ method: "GET", url: "/health" });
    await log?.flush();
    expect(await listApiRequests(env.database.db, { route: "/health" })).toEqual([]);
  });

  it("stores text with quotes, backslashes, commas and braces, and nulls, exactly", async () => {
    const odd = ['/x/"quoted"', "/back\\slash\\", "/a,b{c}", "NULL", " spaced "];
    const at = new Date("2026-01-02T03:04:05.678Z");
    const c = emptyApiRequestColumns();
    for (const [i, route] of odd.entries()) {
      c.occurredAtMs.push(at.getTime());
      c.method.push("GET");
      c.route.push(route);
      c.statusCode.push(200 + i);
      c.responseTimeMs.push(1.25);
      c.userId.push(null);
      c.apiKeyId.push(null);
      c.requestId.push(i % 2 ? null : `r"${i}`);
    }
    await insertApiRequests(env.database.db, c);
    for (const [i, route] of odd.entries()) {
      const [row] = await listApiRequests(env.database.db, { route });
      expect(row).toMatchObject({
        route,
        statusCode: 200 + i,
        userId: null,
        requestId: i % 2 ? null : `r"${i}`,
      });
      expect(row.occurredAt.toISOString()).toBe(at.toISOString());
      expect(row.responseTimeMs).toBe(1.25);
    }
  });

  it("prunes api_requests older than the retention period", async () => {
    await env.database.exec(
      "insert into audit.api_requests (occurred_at, method, route, status_code, response_time_ms) values (now() - interval '8 days', 'GET', '/old', 200, 1), (now() - interval '6 days', 'GET', '/recent', 200, 1)",
    );
    env.platform.jobs.register("t.noop", async () => {});
    await env.platform.jobs.start();
    await env.platform.jobs.send(API_REQUESTS_RETENTION_JOB, {});
    const deadline = Date.now() + 15_000;
    while ((await listApiRequests(env.database.db, { route: "/old" })).length > 0 && Date.now() < deadline)
      await sleep(100);
    expect(await listApiRequests(env.database.db, { route: "/old" })).toEqual([]);
    expect(await listApiRequests(env.database.db, { route: "/recent" })).toHaveLength(1);
  }, 30_000);
});
