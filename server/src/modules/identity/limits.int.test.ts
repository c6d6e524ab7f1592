import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../test/harness.ts";
import { RateLimitedError } from "../../platform/errors.ts";
import { createLimits } from "../../platform/limits.ts";
import { BUCKETS, throttleSeconds } from "./limits.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function redisUp(): Promise<boolean> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  r.on("error", () => {});
  try {
    await r.connect();
    return (await r.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

describe("throttle schedule (sign-in throttling itself: sessions/sign-in-throttle.int.test.ts)", () => {
  it("starts at the fifth failure, doubles, and caps at 15 minutes", () => {
    expect([1, 4, 5, 6, 7, 9, 10, 50].map(throttleSeconds)).toEqual([0, 0, 30, 60, 120, 480, 900, 900]);
  });
});

describe("abuse limits over HTTP", () => {
  const clock = testClock(new Date("2026-07-01T00:00:00Z"));
  let env: TestEnv & { app: FastifyInstance };
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestApp({ clock });
    app = env.app;
  });
  afterAll(() => env.close());
  let ip = 0;

  it("limits sign-in attempts per IP", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 61; i++) {
      const r = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { login: `nobody${i}`, password: "x" },
        remoteAddress: "198.51.100.7",
      });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 60).every((c) => c === 401)).toBe(true);
    expect(codes[60]).toBe(429);
    // Another address is unaffected.
    const u = await createUser(env.platform);
    await signIn(app, u.username, u.password);
  });

  it("limits password-reset requests per address (202 until the limit, then 429)", async () => {
    const u = await createUser(env.platform);
    const req = () =>
      app.inject({
        method: "POST",
        url: "/api/auth/password-reset/request",
        payload: { email: u.email },
        remoteAddress: `10.8.0.${++ip % 250}`,
      });
    expect([(await req()).statusCode, (await req()).statusCode, (await req()).statusCode]).toEqual([
      202, 202, 202,
    ]);
    const r = await req();
    expect(r.statusCode).toBe(429);
    expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
    const { rows } = await env.database.query<{ event_code: string; is_blocked: boolean }>(
      "select event_code, is_blocked from audit.security_events where event_code = 'rate_limit_resetAccount'",
    );
    expect(rows).toEqual([{ event_code: "rate_limit_resetAccount", is_blocked: true }]);
  });

  it("limits MFA/re-authentication attempts per user", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await app.inject({
        method: "POST",
        url: "/api/me/mfa/enroll",
        payload: { password: "wrong password" },
        headers: s.bearer,
      });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 403)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it("RATE_LIMIT_ENABLED=false turns the per-IP limits off", async () => {
    const limits = createLimits({ enabled: false });
    for (let i = 0; i < 100; i++) await limits.consume(BUCKETS.resetAccount, "same");
    await limits.close();
  });
});

describe("Redis-backed limits (REDIS_URL)", async () => {
  const up = await redisUp();
  it.skipIf(!up)("share counts across processes (two limiter instances on one Redis)", async () => {
    const prefix = `bullpen-test:${randomBytes(6).toString("hex")}`;
    const a = createLimits({ enabled: true, redisUrl: REDIS_URL, prefix });
    const b = createLimits({ enabled: true, redisUrl: REDIS_URL, prefix });
    try {
      expect(a.store).toBe("redis");
      const bucket = BUCKETS.resetAccount;
      await a.consume(bucket, "who@example.test");
      await b.consume(bucket, "who@example.test");
      await a.consume(bucket, "who@example.test");
      const err = await b.consume(bucket, "who@example.test").catch((e) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      expect(Number((err as RateLimitedError).headers["retry-after"])).toBeGreaterThan(3500);
      const counter = { name: "testCount", points: 1_000_000, duration: 3600 };
      for (let i = 1; i <= 5; i++) expect(await (i % 2 ? a : b).count(counter, "ghost")).toBe(i);
      const blocks = { name: "testBlock", points: 1, duration: 900 };
      await a.block(blocks, "ghost", 30);
      expect(await b.blockedFor(blocks, "ghost")).toBeGreaterThan(25);
      await a.reset(bucket, "who@example.test");
      await b.consume(bucket, "who@example.test");
      const r = new Redis(REDIS_URL);
      const keys = await r.keys(`${prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      if (keys.length) await r.del(...keys);
      r.disconnect();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.skipIf(!up)("the app uses Redis when REDIS_URL is set", async () => {
    const env = await createTestApp({ env: { REDIS_URL } });
    try {
      const addr = `203.0.113.${1 + (randomBytes(1)[0] % 250)}`;
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) {
        const r = await env.app.inject({
          method: "POST",
          url: "/api/auth/register",
          payload: { username: `r${randomBytes(4).toString("hex")}`, password: "short" },
          remoteAddress: addr,
        });
        codes.push(r.statusCode);
      }
      // Earlier runs within the hour may have used the same address; the 11th is refused either way.
      expect(codes[10]).toBe(429);
      const r = new Redis(REDIS_URL);
      expect(await r.exists(`bullpen:rl:registerIp:${addr}`)).toBe(1);
      await r.del(`bullpen:rl:registerIp:${addr}`);
      r.disconnect();
    } finally {
      await env.close();
    }
  });
});
