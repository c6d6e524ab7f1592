import type { FastifyInstance } from "fastify";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import { resetMfa } from "../index.ts";

describe("TOTP MFA", () => {
  const clock = testClock(new Date("2026-05-04T08:00:00Z"));
  let env: TestEnv & { app: FastifyInstance };
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestApp({ clock });
    app = env.app;
  });
  afterAll(() => env.close());

  const post = (url: string, payload: object, headers: Record<string, string>) =>
    app.inject({ method: "POST", url, payload, headers });
  const code = (secret: string, offsetSeconds = 0) =>
    generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + offsetSeconds });
  const login = (payload: object) => app.inject({ method: "POST", url: "/api/auth/login", payload });

  async function enrolled() {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    const other = await signIn(app, u.username, u.password);
    const e = await post("/api/me/mfa/enroll", { password: u.password }, s.bearer);
    expect(e.statusCode).toBe(200);
    const { secret, otpauthUrl, qrCodeDataUrl } = e.json();
    expect(otpauthUrl).toMatch(new RegExp(`^otpauth://totp/Bullpen:${u.username}\\?.*secret=${secret}`));
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const v = await post("/api/me/mfa/verify", { code: await code(secret) }, s.bearer);
    expect(v.statusCode).toBe(200);
    const recoveryCodes = v.json().recoveryCodes as string[];
    return { u, s, other, secret, recoveryCodes };
  }

  it("enrols with a password, stores the secret encrypted, and enables on a correct code", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    const wrongPw = await post("/api/me/mfa/enroll", { password: "not my password" }, s.bearer);
    expect(wrongPw.statusCode).toBe(403);
    expect(wrongPw.json().code).toBe("invalid_credentials");
    const noEnrol = await post("/api/me/mfa/verify", { code: "123456" }, s.bearer);
    expect(noEnrol.statusCode).toBe(409);
    const e = await post("/api/me/mfa/enroll", { password: u.password }, s.bearer);
    const { secret } = e.json();
    const { rows } = await env.database.query<{ mfa_secret: string; mfa_enabled: boolean }>(
      "select mfa_secret, mfa_enabled from identity.users where id = $1",
      [u.id],
    );
    expect(rows[0].mfa_enabled).toBe(false);
    expect(rows[0].mfa_secret).toMatch(/^v1\./);
    expect(rows[0].mfa_secret).not.toContain(secret);
    expect(env.platform.keyring.decrypt(rows[0].mfa_secret, `identity.users.mfa_secret:${u.id}`)).toBe(
      secret,
    );

    const bad = await post("/api/me/mfa/verify", { code: "000000" }, s.bearer);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("invalid_code");
    // Still pending: sign-in needs no code yet.
    await signIn(app, u.username, u.password);
  });

  it("asks for the code at sign-in, accepts TOTP (±1 step), refuses replay, and revoked other sessions on enabling", async () => {
    const { u, s, other, secret, recoveryCodes } = await enrolled();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await app.inject({ method: "GET", url: "/api/me", headers: other.bearer })).statusCode).toBe(401);
    const me = await app.inject({ method: "GET", url: "/api/me", headers: s.bearer });
    expect(me.json().user.mfaEnabled).toBe(true);

    const noCode = await login({ login: u.username, password: u.password });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe("mfa_required");
    const wrongPwWithCode = await login({
      login: u.username,
      password: "wrong password",
      totp: await code(secret),
    });
    expect(wrongPwWithCode.json().code).toBe("invalid_credentials");

    clock.advance(60_000);
    const wrong = await login({ login: u.username, password: u.password, totp: "123456" });
    expect(wrong.statusCode).toBe(401);
    // The password was right (mfa_required said so): the answer names the code.
    expect(wrong.json().code).toBe("invalid_code");
    expect(wrong.json().message).toMatch(/two-factor code is not correct/);
    const wrongRecovery = await login({ login: u.username, password: u.password, totp: "abcde-12345" });
    expect(wrongRecovery.json().code).toBe("invalid_code");
    const prev = await code(secret, -30);
    const ok = await login({ login: u.username, password: u.password, totp: prev });
    expect(ok.statusCode).toBe(200);
    const replay = await login({ login: u.username, password: u.password, totp: prev });
    expect(replay.statusCode).toBe(401);
    const tooOld = await login({ login: u.username, password: u.password, totp: await code(secret, -120) });
    expect(tooOld.statusCode).toBe(401);
    const now = await login({ login: u.username, password: u.password, totp: await code(secret) });
    expect(now.statusCode).toBe(200);
  });

  it("accepts each recovery code once, in any case and with or without the dash", async () => {
    const { u, recoveryCodes } = await enrolled();
    const [first, second] = recoveryCodes;
    expect(first).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
    expect((await login({ login: u.username, password: u.password, totp: first })).statusCode).toBe(200);
    expect((await login({ login: u.username, password: u.password, totp: first })).statusCode).toBe(401);
    const loose = second.replace("-", "").toUpperCase();
    expect((await login({ login: u.username, password: u.password, totp: loose })).statusCode).toBe(200);
    const { rows } = await env.database.query<{ n: string }>(
      "select count(*)::text as n from identity.mfa_recovery_codes where user_id = $1 and used_at is null",
      [u.id],
    );
    expect(rows[0].n).toBe("8");
  });

  it("disables only with password and a current code; other sessions are signed out", async () => {
    const { u, secret } = await enrolled();
    clock.advance(90_000);
    const s = await signIn(app, u.username, u.password, await code(secret));
    clock.advance(30_000);
    const s2 = await signIn(app, u.username, u.password, await code(secret));
    const noPw = await post(
      "/api/me/mfa/disable",
      { password: "wrong password", code: await code(secret) },
      s.bearer,
    );
    expect(noPw.statusCode).toBe(403);
    const noCode = await post("/api/me/mfa/disable", { password: u.password, code: "999999" }, s.bearer);
    expect(noCode.statusCode).toBe(400);
    clock.advance(30_000);
    const ok = await post(
      "/api/me/mfa/disable",
      { password: u.password, code: await code(secret) },
      s.bearer,
    );
    expect(ok.statusCode).toBe(204);
    expect((await app.inject({ method: "GET", url: "/api/me", headers: s2.bearer })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: "GET", url: "/api/me", headers: s.bearer })).json().user.mfaEnabled,
    ).toBe(false);
    await signIn(app, u.username, u.password);
    const again = await post("/api/me/mfa/disable", { password: u.password, code: "123456" }, s.bearer);
    expect(again.statusCode).toBe(409);
  });

  it("an admin (or the CLI) resets a user's MFA, audited, and the user is signed out", async () => {
    const { u, s } = await enrolled();
    const admin = await createUser(env.platform, { role: "admin" });
    const a = await signIn(app, admin.username, admin.password);
    const plain = await createUser(env.platform);
    const p = await signIn(app, plain.username, plain.password);
    expect((await post(`/api/admin/users/${u.id}/reset-mfa`, {}, p.bearer)).statusCode).toBe(403);
    const r = await post(`/api/admin/users/${u.id}/reset-mfa`, {}, a.bearer);
    expect(r.statusCode).toBe(200);
    expect(r.json().user.mfaEnabled).toBe(false);
    expect((await app.inject({ method: "GET", url: "/api/me", headers: s.bearer })).statusCode).toBe(401);
    await signIn(app, u.username, u.password);
    const { rows } = await env.database.query<{ action: string; actor_user_id: string }>(
      "select action, actor_user_id from audit.audit_logs where resource_id = $1 and action = 'admin_reset'",
      [u.id],
    );
    expect(rows).toEqual([{ action: "admin_reset", actor_user_id: admin.id }]);

    const second = await enrolled();
    const viaCli = await resetMfa({ ctx: operatorCtx(env.platform), input: { userId: second.u.id } });
    expect(viaCli.user.mfaEnabled).toBe(false);
    expect(viaCli.previous.mfaEnabled).toBe(true);
    const unknown = await post(
      `/api/admin/users/00000000-0000-7000-8000-000000000000/reset-mfa`,
      {},
      a.bearer,
    );
    expect(unknown.statusCode).toBe(404);
  });

  it("records sign-in and MFA events in the audit module", async () => {
    const { u } = await enrolled();
    await login({ login: u.username, password: u.password, totp: "000000" });
    const { rows } = await env.database.query<{ event: string; success: boolean }>(
      "select event, success from audit.auth_events where user_id = $1 order by id",
      [u.id],
    );
    const events = rows.map((r) => `${r.event}:${r.success}`);
    expect(events).toContain("login_success:true");
    expect(events).toContain("mfa_enrolled:true");
    expect(events).toContain("mfa_enabled:true");
    expect(events).toContain("mfa_failure:false");
  });

  describe("recovery codes: how many are left, and a new set", () => {
    const status = (headers: Record<string, string>) =>
      app.inject({ method: "GET", url: "/api/me/mfa", headers });
    const regenerate = (payload: object, headers: Record<string, string>) =>
      post("/api/me/mfa/recovery-codes", payload, headers);

    it("counts the unused codes, and nothing while two-factor is off", async () => {
      const plain = await createUser(env.platform);
      const p = await signIn(app, plain.username, plain.password);
      expect((await status(p.bearer)).json()).toEqual({
        enabled: false,
        recoveryCodesLeft: 0,
        recoveryCodesTotal: 10,
      });
      expect((await app.inject({ method: "GET", url: "/api/me/mfa" })).statusCode).toBe(401);

      const { u, s, recoveryCodes } = await enrolled();
      expect((await status(s.bearer)).json()).toEqual({
        enabled: true,
        recoveryCodesLeft: 10,
        recoveryCodesTotal: 10,
      });
      expect(
        (await login({ login: u.username, password: u.password, totp: recoveryCodes[0] })).statusCode,
      ).toBe(200);
      expect((await status(s.bearer)).json().recoveryCodesLeft).toBe(9);
    });

    it("replaces every code after the password and a current code; the old ones stop working; audited", async () => {
      const { u, s, secret, recoveryCodes } = await enrolled();
      clock.advance(60_000);
      const r = await regenerate({ password: u.password, code: await code(secret) }, s.bearer);
      expect(r.statusCode).toBe(200);
      const fresh = r.json().recoveryCodes as string[];
      expect(fresh).toHaveLength(10);
      expect(new Set(fresh).size).toBe(10);
      for (const c of fresh) {
        expect(c).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
        expect(recoveryCodes).not.toContain(c);
      }
      expect((await status(s.bearer)).json().recoveryCodesLeft).toBe(10);

      const old = await login({ login: u.username, password: u.password, totp: recoveryCodes[1] });
      expect(old.statusCode).toBe(401);
      expect(old.json().code).toBe("invalid_code");
      expect((await login({ login: u.username, password: u.password, totp: fresh[0] })).statusCode).toBe(200);

      const { rows: audit } = await env.database.query<{ action: string; actor_user_id: string }>(
        "select action, actor_user_id from audit.audit_logs where resource_id = $1 and action = 'recovery_codes_regenerate'",
        [u.id],
      );
      expect(audit).toEqual([{ action: "recovery_codes_regenerate", actor_user_id: u.id }]);
      const { rows: sec } = await env.database.query<{ n: string }>(
        "select count(*)::text as n from audit.security_events where user_id = $1 and event_code = 'mfa_recovery_codes_regenerated'",
        [u.id],
      );
      expect(sec[0].n).toBe("1");
    });

    it("a recovery code may stand in for the current code, and is replaced with the rest", async () => {
      const { u, s, recoveryCodes } = await enrolled();
      const r = await regenerate({ password: u.password, code: recoveryCodes[2] }, s.bearer);
      expect(r.statusCode).toBe(200);
      const again = await regenerate({ password: u.password, code: recoveryCodes[2] }, s.bearer);
      expect(again.statusCode).toBe(400);
    });

    it("refuses a wrong password, a wrong code, no body, an API key, and an account without two-factor", async () => {
      const { u, s, secret } = await enrolled();
      clock.advance(60_000);
      const wrongPw = await regenerate({ password: "not my password", code: await code(secret) }, s.bearer);
      expect(wrongPw.statusCode).toBe(403);
      expect(wrongPw.json().code).toBe("invalid_credentials");
      const wrongCode = await regenerate({ password: u.password, code: "000000" }, s.bearer);
      expect(wrongCode.statusCode).toBe(400);
      expect(wrongCode.json().code).toBe("invalid_code");
      expect(wrongCode.json().message).toMatch(/^body\.code/);
      const noCode = await regenerate({ password: u.password }, s.bearer);
      expect(noCode.statusCode).toBe(400);
      expect(noCode.json().message).toMatch(/code/);
      // Nothing changed: all ten codes still there.
      expect((await status(s.bearer)).json().recoveryCodesLeft).toBe(10);

      const key = await post("/api/me/api-keys", { name: "script", scopes: ["read"] }, s.bearer);
      const keyAuth = { authorization: `Bearer ${key.json().secret}` };
      expect((await status(keyAuth)).statusCode).toBe(200);
      clock.advance(60_000);
      expect((await regenerate({ password: u.password, code: await code(secret) }, keyAuth)).statusCode).toBe(
        403,
      );

      const plain = await createUser(env.platform);
      const p = await signIn(app, plain.username, plain.password);
      const off = await regenerate({ password: plain.password, code: "123456" }, p.bearer);
      expect(off.statusCode).toBe(409);
      expect(off.json().code).toBe("mfa_not_enabled");
    });
  });
});
