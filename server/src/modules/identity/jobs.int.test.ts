import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../test/harness.ts";
import { cleanupIdentity } from "./jobs.ts";

describe("the clean-up job", () => {
  const clock = testClock(new Date("2026-06-01T12:00:00Z"));
  let env: TestEnv & { app: FastifyInstance };
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestApp({ clock });
    app = env.app;
  });
  afterAll(() => env.close());

  const req = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const count = async (sql: string, id: string) =>
    Number(
      (await env.database.query<{ n: string }>(`select count(*)::text as n from ${sql}`, [id])).rows[0].n,
    );

  it("the clean-up job purges dead sessions and old codes, keeping live ones", async () => {
    const u = await createUser(env.platform);
    const live = await signIn(app, u.username, u.password);
    const dead = await signIn(app, u.username, u.password);
    await req("POST", "/api/auth/logout", dead.bearer);
    clock.advance(2 * 24 * 3600_000);
    await req("GET", "/api/me", live.bearer);
    const removed = await cleanupIdentity(
      env.database.db,
      clock.now(),
      env.platform.config.SESSION_IDLE_HOURS,
    );
    expect(removed.sessions).toBeGreaterThanOrEqual(1);
    expect(await count("identity.sessions where user_id = $1", u.id)).toBe(1);
    expect((await req("GET", "/api/me", live.bearer)).statusCode).toBe(200);
    clock.advance(31 * 24 * 3600_000);
    await cleanupIdentity(env.database.db, clock.now(), env.platform.config.SESSION_IDLE_HOURS);
    expect(await count("identity.sessions where user_id = $1", u.id)).toBe(0);
    const dayAgo = new Date(clock.now().getTime() - 24 * 3600_000).toISOString();
    expect(await count("identity.verification_codes where expires_at < $1", dayAgo)).toBe(0);
  });
});
