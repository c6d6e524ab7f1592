import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import { verifyAuditChain } from "../../audit/index.ts";
import { listOutbox } from "../../notify/index.ts";
import { createOidcUser } from "../oidc/service.ts";
import { openSession } from "../sessions/service.ts";

describe("the signed-in account", () => {
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

  it("reads and patches profile and settings, validating each field", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    // /api/me is warm (cached) before the change and must show it at once after.
    expect((await req("GET", "/api/me", s.bearer)).json().profile.firstName).toBeNull();
    expect((await req("GET", "/api/me", s.bearer)).json().settings.theme).toBe("auto");
    const p = await req("PATCH", "/api/me/profile", s.bearer, {
      firstName: "Ji-woo",
      tradingExperience: "intermediate",
    });
    expect(p.statusCode).toBe(200);
    expect(p.json()).toEqual({
      firstName: "Ji-woo",
      lastName: null,
      avatarUrl: null,
      tradingExperience: "intermediate",
      riskTolerance: null,
    });
    expect((await req("GET", "/api/me/profile", s.bearer)).json().firstName).toBe("Ji-woo");
    expect((await req("GET", "/api/me", s.bearer)).json().profile.firstName).toBe("Ji-woo");
    const badExp = await req("PATCH", "/api/me/profile", s.bearer, { tradingExperience: "guru" });
    expect(badExp.statusCode).toBe(400);
    expect(badExp.json().message).toMatch(/tradingExperience/);
    expect(
      (await req("PATCH", "/api/me/profile", s.bearer, { avatarUrl: "javascript:alert(1)" })).statusCode,
    ).toBe(400);
    // Text PostgreSQL cannot store is a 400, never a 500.
    const nul = await req("PATCH", "/api/me/profile", s.bearer, { firstName: "a\u0000b" });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().message).toMatch(/firstName: must not contain NUL/);
    for (const payload of [
      { login: "x\u0000y", password: "whatever" },
      { login: "x", password: "a\u0000b" },
    ]) {
      const r = await app.inject({ method: "POST", url: "/api/auth/login", payload });
      expect(r.statusCode).toBeLessThan(500);
    }
    const regNul = await app.inject({
      method: "POST",
      url: "/api/auth/register",
      payload: { username: "nul_user", password: "a fine passphrase", email: "a\u0000b@example.test" },
    });
    expect(regNul.statusCode).toBe(400);

    const st = await req("PATCH", "/api/me/settings", s.bearer, {
      timezone: "Asia/Seoul",
      language: "ko",
      notifications: { email: false },
      display: { currency: "KRW" },
    });
    expect(st.statusCode).toBe(200);
    expect(st.json()).toEqual({
      timezone: "Asia/Seoul",
      theme: "auto",
      language: "ko",
      notifications: { email: false, inApp: true },
      display: { currency: "KRW", dateFormat: "YYYY-MM-DD", compactNumbers: false, priceColors: "auto" },
    });
    expect((await req("GET", "/api/me", s.bearer)).json().settings.timezone).toBe("Asia/Seoul");
    // The price colour convention is kept with the other display settings; others are refused by name.
    const colours = await req("PATCH", "/api/me/settings", s.bearer, {
      display: { priceColors: "green-up" },
    });
    expect(colours.json().display).toEqual({
      currency: "KRW",
      dateFormat: "YYYY-MM-DD",
      compactNumbers: false,
      priceColors: "green-up",
    });
    const badColours = await req("PATCH", "/api/me/settings", s.bearer, {
      display: { priceColors: "blue-up" },
    });
    expect(badColours.statusCode).toBe(400);
    expect(badColours.json().message).toContain("priceColors");
    const badTz = await req("PATCH", "/api/me/settings", s.bearer, { timezone: "Mars/Olympus" });
    expect(badTz.statusCode).toBe(400);
    expect(badTz.json().message).toMatch(/timezone/);
    expect((await req("PATCH", "/api/me/settings", s.bearer, { language: "fr" })).statusCode).toBe(400);
    expect((await req("PATCH", "/api/me/settings", s.bearer, { unknown: 1 })).statusCode).toBe(400);
    expect((await req("GET", "/api/me/settings", s.bearer)).json().timezone).toBe("Asia/Seoul");
  });

  it("changes the password with the current one and signs out the other sessions", async () => {
    const u = await createUser(env.platform);
    const s1 = await signIn(app, u.username, u.password);
    const s2 = await signIn(app, u.username, u.password);
    const wrong = await req("POST", "/api/me/password", s1.bearer, {
      currentPassword: "nope nope",
      newPassword: "a brand new secret",
    });
    expect(wrong.statusCode).toBe(403);
    const weak = await req("POST", "/api/me/password", s1.bearer, {
      currentPassword: u.password,
      newPassword: "iloveyou",
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toMatch(/body\.newPassword/);
    const ok = await req("POST", "/api/me/password", s1.bearer, {
      currentPassword: u.password,
      newPassword: "a brand new secret",
    });
    expect(ok.statusCode).toBe(204);
    expect((await req("GET", "/api/me", s1.bearer)).statusCode).toBe(200);
    expect((await req("GET", "/api/me", s2.bearer)).statusCode).toBe(401);
    await signIn(app, u.username, "a brand new secret");
    expect((await listOutbox(env.database.db, { to: u.email as string }))[0].subject).toMatch(
      /password was changed/,
    );
  });

  it("deletes the account after re-authentication: data goes by cascade, the audit trail stays", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    await req("POST", "/api/me/api-keys", s.bearer, { name: "k", scopes: ["read"] });
    await req("POST", "/api/me/email/resend", s.bearer);
    await req("PATCH", "/api/me/profile", s.bearer, { firstName: "Gone" });
    const wrong = await req("DELETE", "/api/me", s.cookieHeaders, { password: "not my password" });
    expect(wrong.statusCode).toBe(403);
    const noCsrf = await req("DELETE", "/api/me", { cookie: s.cookie }, { password: u.password });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe("csrf_failed");
    const ok = await req("DELETE", "/api/me", s.cookieHeaders, { password: u.password });
    expect(ok.statusCode).toBe(204);
    expect((await req("GET", "/api/me", s.bearer)).statusCode).toBe(401);
    for (const table of [
      "identity.users where id",
      "identity.sessions where user_id",
      "identity.api_keys where user_id",
      "identity.user_profiles where user_id",
      "identity.user_settings where user_id",
      "identity.verification_codes where user_id",
    ])
      expect(await count(`${table} = $1`, u.id), table).toBe(0);
    const { rows } = await env.database.query<{ action: string }>(
      "select action from audit.audit_logs where resource_id = $1 order by seq",
      [u.id],
    );
    expect(rows.map((r) => r.action)).toContain("delete_account");
    expect((await verifyAuditChain(env.database.db, env.platform.keyring)).ok).toBe(true);
    expect(
      (
        await app.inject({
          method: "POST",
          url: "/api/auth/login",
          payload: { login: u.username, password: u.password },
        })
      ).statusCode,
    ).toBe(401);
  });

  it("a password-less (OIDC-only) account re-authenticates by a sign-in within 10 minutes", async () => {
    const u = await createOidcUser({
      ctx: { ...operatorCtx(env.platform), config: { ...env.platform.config, REGISTRATION_MODE: "open" } },
      input: { username: "oidc person", email: "oidc.person@example.test", emailVerified: true },
    });
    expect(u.username).toBe("oidcperson");
    expect(u.status).toBe("active");
    expect(u.passwordHash).toBeNull();
    // No password: signing in by password is impossible, and looks like any wrong password.
    const pw = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: u.username, password: "anything at all" },
    });
    expect(pw.json().code).toBe("invalid_credentials");
    const started = await openSession({ ...operatorCtx(env.platform), actor: null }, u.id);
    const h = { authorization: `Bearer ${started.token}` };
    clock.advance(11 * 60_000);
    const late = await req("DELETE", "/api/me", h, { password: "-" });
    expect(late.statusCode).toBe(403);
    expect(late.json().code).toBe("reauthentication_required");
    const fresh = await openSession(operatorCtx(env.platform), u.id);
    expect(
      (await req("DELETE", "/api/me", { authorization: `Bearer ${fresh.token}` }, { password: "-" }))
        .statusCode,
    ).toBe(204);
    expect(await count("identity.users where id = $1", u.id)).toBe(0);
  });
});
