import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";

describe("sign-in, sessions, the auth hook and CSRF", () => {
  const clock = testClock(new Date("2026-03-02T09:00:00Z"));
  let env: TestEnv & { app: FastifyInstance };
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestApp({ clock });
    app = env.app;
  });
  afterAll(() => env.close());

  const me = (headers: Record<string, string>) => app.inject({ method: "GET", url: "/api/me", headers });

  it("signs in by username or email, answers the contract's body and sets both cookies", async () => {
    const u = await createUser(env.platform, { email: "Alice.Example@Example.test" });
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: u.username.toUpperCase(), password: u.password },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({
      id: u.id,
      username: u.username,
      status: "active",
      role: "user",
      mfaEnabled: false,
    });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(body.expiresAt).getTime()).toBe(clock.now().getTime() + 30 * 24 * 3600_000);
    const session = res.cookies.find((c) => c.name === "bullpen_session");
    const csrf = res.cookies.find((c) => c.name === "bullpen_csrf");
    expect(session).toMatchObject({ value: body.token, httpOnly: true, sameSite: "Lax", path: "/" });
    expect(csrf?.httpOnly).toBeFalsy();
    expect(csrf?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const byEmail = await signIn(app, "alice.example@example.TEST", u.password);
    expect(byEmail.token).not.toBe(body.token); // a new token at every sign-in
    const r = await me(byEmail.bearer);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      user: { id: u.id, lastLoginAt: clock.now().toISOString() },
      profile: { firstName: null, tradingExperience: null },
      settings: {
        timezone: "UTC",
        theme: "auto",
        language: "en",
        notifications: { email: true, inApp: true },
      },
    });
  });

  it("marks the cookies Secure when PUBLIC_URL is https", async () => {
    const u = await createUser(env.platform);
    const before = env.platform.config.publicUrl;
    env.platform.config.publicUrl = "https://bullpen.example.test";
    try {
      const res = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { login: u.username, password: u.password },
      });
      expect(res.cookies.find((c) => c.name === "bullpen_session")?.secure).toBe(true);
      expect(res.cookies.find((c) => c.name === "bullpen_csrf")?.secure).toBe(true);
    } finally {
      env.platform.config.publicUrl = before;
    }
    const plain = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: u.username, password: u.password },
    });
    expect(plain.cookies.find((c) => c.name === "bullpen_session")?.secure).toBeFalsy();
  });

  it("stores only the SHA-256 of the token", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    const { rows } = await env.database.query<{ token_hash: string }>(
      "select token_hash from identity.sessions where user_id = $1",
      [u.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(s.token);
    const { createHash } = await import("node:crypto");
    expect(rows[0].token_hash).toBe(createHash("sha256").update(s.token).digest("hex"));
  });

  it("answers the same 401 for an unknown name and a wrong password", async () => {
    const u = await createUser(env.platform);
    const wrong = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: u.username, password: "not-the-password" },
    });
    const unknown = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: "nobody_here", password: "not-the-password" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe("invalid_credentials");
    expect(unknown.json().message).toBe(wrong.json().message);
  });

  it("refuses pending and suspended accounts only after a correct password", async () => {
    const p = await createUser(env.platform, { status: "pending_approval" });
    const s = await createUser(env.platform, { status: "suspended" });
    const pBad = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: p.username, password: "wrong-password" },
    });
    expect(pBad.statusCode).toBe(401);
    const pOk = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: p.username, password: p.password },
    });
    expect(pOk.statusCode).toBe(403);
    expect(pOk.json().code).toBe("account_pending");
    const sOk = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: s.username, password: s.password },
    });
    expect(sOk.statusCode).toBe(403);
    expect(sOk.json().code).toBe("account_suspended");
  });

  it("expires sessions after the idle timeout and after 30 days, sliding last_seen_at", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    const idleMs = env.platform.config.SESSION_IDLE_HOURS * 3600_000;
    // Keep it alive with a request just inside the idle window, several times: passes the idle limit in total.
    for (let i = 0; i < 3; i++) {
      clock.advance(idleMs - 60_000);
      expect((await me(s.bearer)).statusCode).toBe(200);
    }
    clock.advance(idleMs + 1000);
    expect((await me(s.bearer)).statusCode).toBe(401);

    const t = await signIn(app, u.username, u.password);
    const start = clock.now().getTime();
    while (clock.now().getTime() + idleMs / 2 < start + 30 * 24 * 3600_000) {
      clock.advance(idleMs / 2);
      expect((await me(t.bearer)).statusCode).toBe(200);
    }
    clock.set(new Date(start + 30 * 24 * 3600_000 + 1000));
    const r = await me(t.bearer);
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe("unauthenticated");
  });

  it("writes last_seen_at at most once a minute", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    const seen = async () =>
      (
        await env.database.query<{ t: Date }>(
          "select last_seen_at as t from identity.sessions where user_id = $1",
          [u.id],
        )
      ).rows[0].t;
    const first = await seen();
    clock.advance(30_000);
    await me(s.bearer);
    expect((await seen()).getTime()).toBe(first.getTime());
    clock.advance(31_000);
    await me(s.bearer);
    expect((await seen()).getTime()).toBe(clock.now().getTime());
  });

  it("requires the CSRF header on cookie-authenticated writes, not on bearer requests", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    const patch = (headers: Record<string, string>) =>
      app.inject({ method: "PATCH", url: "/api/me/settings", headers, payload: { theme: "dark" } });
    const noHeader = await patch({ cookie: s.cookie });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe("csrf_failed");
    const ev = await env.database.query<{ user_id: string }>(
      "select user_id from audit.security_events where event_code = 'csrf_rejected'",
    );
    expect(ev.rows.map((r) => r.user_id)).toEqual([u.id]);
    const wrong = await patch({
      cookie: s.cookie,
      "x-csrf-token": `${s.csrf.slice(0, -1)}${s.csrf.endsWith("A") ? "B" : "A"}`,
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await patch(s.cookieHeaders);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().theme).toBe("dark");
    const bearer = await patch(s.bearer);
    expect(bearer.statusCode).toBe(200);
    // Reads need no header; GET /api/me re-issues the CSRF cookie.
    const r = await me({ cookie: s.cookie });
    expect(r.statusCode).toBe(200);
    expect(r.cookies.find((c) => c.name === "bullpen_csrf")?.value).toBe(s.csrf);
  });

  it("lists own sessions, revokes one, and 404s another user's session", async () => {
    const a = await createUser(env.platform);
    const b = await createUser(env.platform);
    const a1 = await signIn(app, a.username, a.password);
    const a2 = await signIn(app, a.username, a.password);
    const bS = await signIn(app, b.username, b.password);
    const list = await app.inject({ method: "GET", url: "/api/me/sessions", headers: a1.bearer });
    expect(list.statusCode).toBe(200);
    const sessions = list.json().sessions as { id: string; current: boolean }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((x) => x.current)).toHaveLength(1);
    const other = sessions.find((x) => !x.current) as { id: string };

    const cross = await app.inject({
      method: "DELETE",
      url: `/api/me/sessions/${other.id}`,
      headers: bS.bearer,
    });
    expect(cross.statusCode).toBe(404);
    expect((await me(a2.bearer)).statusCode).toBe(200);

    const del = await app.inject({
      method: "DELETE",
      url: `/api/me/sessions/${other.id}`,
      headers: a1.bearer,
    });
    expect(del.statusCode).toBe(204);
    expect((await me(a2.bearer)).statusCode).toBe(401);
    expect((await me(a1.bearer)).statusCode).toBe(200);
    const again = await app.inject({
      method: "DELETE",
      url: `/api/me/sessions/${other.id}`,
      headers: a1.bearer,
    });
    expect(again.statusCode).toBe(404);
  });

  it("signs out (logout and revoke-all) and clears the cookies", async () => {
    const u = await createUser(env.platform);
    const s1 = await signIn(app, u.username, u.password);
    const s2 = await signIn(app, u.username, u.password);
    const s3 = await signIn(app, u.username, u.password);
    const out = await app.inject({ method: "POST", url: "/api/auth/logout", headers: s1.cookieHeaders });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === "bullpen_session")?.value).toBe("");
    expect((await me(s1.bearer)).statusCode).toBe(401);
    expect((await me(s2.bearer)).statusCode).toBe(200);
    const all = await app.inject({ method: "POST", url: "/api/me/sessions/revoke-all", headers: s2.bearer });
    expect(all.statusCode).toBe(204);
    expect((await me(s2.bearer)).statusCode).toBe(401);
    expect((await me(s3.bearer)).statusCode).toBe(401);
  });

  it("caches credential lookups briefly, but a change made through identity is seen by the next request", async () => {
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const u = await createUser(env.platform);
    const admin = await createUser(env.platform, { role: "admin" });
    const s = await signIn(app, u.username, u.password);
    const s2 = await signIn(app, u.username, u.password);
    const a = await signIn(app, admin.username, admin.password);
    await pause(1600); // past the post-write window in which nothing is cached
    for (const h of [s.bearer, s2.bearer, a.bearer]) {
      expect((await me(h)).statusCode).toBe(200);
      expect((await me(h)).statusCode).toBe(200); // now from the cache
    }
    // Profile edits show at once in /api/me.
    await app.inject({
      method: "PATCH",
      url: "/api/me/profile",
      headers: s.bearer,
      payload: { lastName: "Kim" },
    });
    expect((await me(s.bearer)).json().profile.lastName).toBe("Kim");
    // Revoking one session: refused on the very next request.
    const list = (await app.inject({ method: "GET", url: "/api/me/sessions", headers: s.bearer })).json()
      .sessions;
    const other = list.find((x: { current: boolean }) => !x.current).id;
    await app.inject({ method: "DELETE", url: `/api/me/sessions/${other}`, headers: s.bearer });
    expect((await me(s2.bearer)).statusCode).toBe(401);
    // Suspension through the admin route: refused at once.
    const sus = await app.inject({
      method: "POST",
      url: `/api/admin/users/${u.id}/suspend`,
      headers: a.bearer,
    });
    expect(sus.statusCode).toBe(200);
    expect((await me(s.bearer)).statusCode).toBe(401);
    // A change behind identity's back (raw SQL, or another process) shows within AUTH_CACHE_SECONDS.
    await pause(1600);
    expect((await me(a.bearer)).statusCode).toBe(200);
    await env.database.query("update identity.users set status = 'suspended' where id = $1", [admin.id]);
    await pause(env.platform.config.AUTH_CACHE_SECONDS * 1000 + 100);
    expect((await me(a.bearer)).statusCode).toBe(401);
  });

  it("ignores garbage credentials (anonymous, then 401 on protected routes)", async () => {
    for (const authorization of [
      "Bearer ",
      "Bearer x",
      "Basic abc",
      `Bearer ${"a".repeat(43)}`,
      "Bearer bp_abcdefgh_short",
    ]) {
      const r = await me({ authorization });
      expect(r.statusCode).toBe(401);
    }
    expect((await app.inject({ method: "GET", url: "/api/auth/setup" })).statusCode).toBe(200);
  });
});
