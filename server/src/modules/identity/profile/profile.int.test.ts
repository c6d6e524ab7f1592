import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import { verifyAuditChain } from "../../audit/index.ts";
import { listOutbox } from "../../notify/index.ts";
import { approveUser, listUsers, setUserRole, suspendUser } from "../index.ts";
import { cleanupIdentity } from "../jobs.ts";
import { createOidcUser } from "../oidc/service.ts";
import { openSession } from "../sessions/service.ts";

describe("the signed-in account, phone, admin", () => {
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
      display: { currency: "KRW", dateFormat: "YYYY-MM-DD", compactNumbers: false },
    });
    expect((await req("GET", "/api/me", s.bearer)).json().settings.timezone).toBe("Asia/Seoul");
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

  it("verifies a phone number with a texted 6-digit code: 5 attempts, 10 minutes", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    expect(
      (await req("POST", "/api/me/phone/request", s.bearer, { phoneNumber: "010-1234" })).statusCode,
    ).toBe(400);
    expect(
      (await req("POST", "/api/me/phone/request", s.bearer, { phoneNumber: "+821012345678" })).statusCode,
    ).toBe(202);
    const sms = (await listOutbox(env.database.db, { to: "+821012345678" }))[0];
    const code = /(\d{6})/.exec(sms.text)?.[1] as string;
    expect(code).toMatch(/^\d{6}$/);
    const { rows } = await env.database.query<{ code_hash: string }>(
      "select code_hash from identity.verification_codes where user_id = $1",
      [u.id],
    );
    expect(rows[0].code_hash).not.toContain(code);
    const wrongCode = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 4; i++)
      expect((await req("POST", "/api/me/phone/verify", s.bearer, { code: wrongCode })).statusCode).toBe(400);
    const ok = await req("POST", "/api/me/phone/verify", s.bearer, { code });
    expect(ok.statusCode).toBe(204);
    const me = (await req("GET", "/api/me", s.bearer)).json().user;
    expect(me).toMatchObject({ phoneNumber: "+821012345678", phoneVerifiedAt: clock.now().toISOString() });

    // Five wrong attempts burn the code; an expired code is refused.
    const v = await createUser(env.platform);
    const sv = await signIn(app, v.username, v.password);
    await req("POST", "/api/me/phone/request", sv.bearer, { phoneNumber: "+14155550123" });
    const c2 = /(\d{6})/.exec(
      (await listOutbox(env.database.db, { to: "+14155550123" }))[0].text,
    )?.[1] as string;
    const w2 = c2 === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++)
      expect((await req("POST", "/api/me/phone/verify", sv.bearer, { code: w2 })).statusCode).toBe(400);
    expect((await req("POST", "/api/me/phone/verify", sv.bearer, { code: c2 })).statusCode).toBe(400);

    const x = await createUser(env.platform);
    const sx = await signIn(app, x.username, x.password);
    await req("POST", "/api/me/phone/request", sx.bearer, { phoneNumber: "+447700900123" });
    const c3 = /(\d{6})/.exec(
      (await listOutbox(env.database.db, { to: "+447700900123" }))[0].text,
    )?.[1] as string;
    clock.advance(10 * 60_000 + 1000);
    expect((await req("POST", "/api/me/phone/verify", sx.bearer, { code: c3 })).statusCode).toBe(400);

    // A number verified by someone else cannot be taken.
    await req("POST", "/api/me/phone/request", sx.bearer, { phoneNumber: "+821012345678" });
    const c4 = /(\d{6})/.exec(
      (await listOutbox(env.database.db, { to: "+821012345678" }))[0].text,
    )?.[1] as string;
    expect((await req("POST", "/api/me/phone/verify", sx.bearer, { code: c4 })).statusCode).toBe(409);
  });

  it("admin: list by status, suspend/reactivate/reject, roles; non-admins get 403", async () => {
    const admin = await createUser(env.platform, { role: "admin" });
    const a = await signIn(app, admin.username, admin.password);
    const target = await createUser(env.platform);
    const t = await signIn(app, target.username, target.password);
    expect((await req("GET", "/api/admin/users", t.bearer)).statusCode).toBe(403);
    expect((await req("POST", `/api/admin/users/${admin.id}/suspend`, t.bearer)).statusCode).toBe(403);
    expect((await req("GET", "/api/admin/users", {})).statusCode).toBe(401);

    const sus = await req("POST", `/api/admin/users/${target.id}/suspend`, a.bearer);
    expect(sus.statusCode).toBe(200);
    expect(sus.json().user.status).toBe("suspended");
    expect((await req("GET", "/api/me", t.bearer)).statusCode).toBe(401);
    const suspended = (await req("GET", "/api/admin/users?status=suspended", a.bearer)).json().users;
    const access = await env.database.query<{ user_id: string; table_name: string }>(
      "select user_id, table_name from audit.data_access_logs where user_id = $1",
      [admin.id],
    );
    expect(access.rows).toEqual([{ user_id: admin.id, table_name: "identity.users" }]);
    expect(suspended.map((x: { id: string }) => x.id)).toContain(target.id);
    expect((await req("GET", "/api/admin/users?status=bogus", a.bearer)).statusCode).toBe(400);
    const re = await req("POST", `/api/admin/users/${target.id}/reactivate`, a.bearer);
    expect(re.json().user.status).toBe("active");
    await signIn(app, target.username, target.password);
    expect((await req("POST", `/api/admin/users/${target.id}/reject`, a.bearer)).statusCode).toBe(409);

    const pend = await createUser(env.platform, { status: "pending_approval" });
    const rej = await req("POST", `/api/admin/users/${pend.id}/reject`, a.bearer);
    expect(rej.json().user.status).toBe("disabled");
    expect(
      (
        await app.inject({
          method: "POST",
          url: "/api/auth/login",
          payload: { login: pend.username, password: pend.password },
        })
      ).json().code,
    ).toBe("account_suspended");

    const promote = await req("POST", `/api/admin/users/${target.id}/role`, a.bearer, { role: "admin" });
    expect(promote.json().user.role).toBe("admin");
    const notes = await req(
      "GET",
      "/api/notifications",
      (await signIn(app, target.username, target.password)).bearer,
    );
    expect(notes.json().notifications.map((n: { type: string }) => n.type)).toEqual(
      expect.arrayContaining(["account_suspend", "account_reactivate", "account_role"]),
    );
    expect(
      (await req("POST", `/api/admin/users/${target.id}/role`, a.bearer, { role: "root" })).statusCode,
    ).toBe(400);
    expect(
      (await req("POST", "/api/admin/users/0190a1b2-0000-7000-8000-000000000000/approve", a.bearer))
        .statusCode,
    ).toBe(404);
    const { rows } = await env.database.query<{ action: string }>(
      "select action from audit.audit_logs where resource_id = $1 and event_type = 'identity.admin' order by seq",
      [target.id],
    );
    expect(rows.map((r) => r.action)).toEqual(["create_user", "suspend", "reactivate", "change_role"]);
  });

  it("protects the last active admin from demotion, suspension and deletion", async () => {
    // A fresh world of admins: demote everyone but one through the operator verbs first.
    const ctx = operatorCtx(env.platform);
    const last = await createUser(env.platform, { role: "admin" });
    for (const u of await listUsers({ ctx, input: { status: "active" } }))
      if (u.role === "admin" && u.id !== last.id)
        await setUserRole({ ctx, input: { userId: u.id, role: "user" } });
    const s = await signIn(app, last.username, last.password);
    const demote = await req("POST", `/api/admin/users/${last.id}/role`, s.bearer, { role: "user" });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe("last_admin");
    expect((await req("POST", `/api/admin/users/${last.id}/suspend`, s.bearer)).json().code).toBe(
      "last_admin",
    );
    const del = await req("DELETE", "/api/me", s.bearer, { password: last.password });
    expect(del.statusCode).toBe(409);
    await expect(suspendUser({ ctx, input: { userId: last.id } })).rejects.toMatchObject({
      code: "last_admin",
    });

    const second = await createUser(env.platform, { role: "admin", status: "pending_approval" });
    await approveUser({ ctx, input: { userId: second.id } });
    expect(
      (await req("POST", `/api/admin/users/${last.id}/role`, s.bearer, { role: "user" })).statusCode,
    ).toBe(200);
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
    expect((await verifyAuditChain(env.database.db)).ok).toBe(true);
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
