import type { FastifyInstance } from "fastify";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import { verifyAuditChain } from "../../audit/index.ts";
import { listOutbox } from "../../notify/index.ts";
import { ensureSetupToken } from "../index.ts";
import { settleBackground } from "../password-reset/service.ts";

type AppEnv = TestEnv & { app: FastifyInstance };
let ipSeq = 0;
// Each call from its own address, so the per-IP registration limit stays out of these tests' way.
const post = (app: FastifyInstance, url: string, payload: object, headers: Record<string, string> = {}) =>
  app.inject({
    method: "POST",
    url,
    payload,
    headers,
    remoteAddress: `10.1.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}`,
  });

async function tokenFrom(env: AppEnv, to: string, label: string): Promise<string> {
  await settleBackground();
  // The outbox stores the token redacted; the platform's key opens the message as it was sent.
  const [mail] = await listOutbox(env.database.db, { to, keyring: env.platform.keyring });
  expect(mail, `an email to ${to}`).toBeDefined();
  const m = new RegExp(`${label}: (\\S+)`).exec(mail.text);
  expect(m, `"${label}" in the email`).not.toBeNull();
  return (m as RegExpExecArray)[1];
}

const clock = testClock(new Date("2026-04-01T10:00:00Z"));
let env: AppEnv;
beforeAll(async () => {
  env = await createTestApp({ clock });
});
afterAll(() => env.close());

describe("first admin with the setup token", () => {
  it("prints a token, accepts it once, and refuses anyone without it", async () => {
    const { app } = env;
    expect((await app.inject({ method: "GET", url: "/api/auth/setup" })).json()).toEqual({ needed: true });
    const lines: string[] = [];
    const log = Object.assign(pino({ level: "silent" }), { warn: (m: string) => lines.push(m) });
    const token = await ensureSetupToken({ ctx: { ...operatorCtx(env.platform), log }, input: undefined });
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(lines).toEqual([`setup token: ${token}`]);

    const body = { username: "boss", password: "correct horse battery", email: "boss@example.test" };
    const wrong = await post(app, "/api/auth/setup", { ...body, token: `${token}x` });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe("invalid_setup_token");

    const ok = await post(app, "/api/auth/setup", { ...body, token });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().user).toMatchObject({ username: "boss", role: "admin", status: "active" });
    expect(ok.cookies.find((c) => c.name === "bullpen_session")?.value).toBe(ok.json().token);
    const me = await app.inject({
      method: "GET",
      url: "/api/me",
      headers: { authorization: `Bearer ${ok.json().token}` },
    });
    expect(me.json().user.role).toBe("admin");

    const again = await post(app, "/api/auth/setup", { ...body, username: "boss2", token });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("already_set_up");
    expect((await app.inject({ method: "GET", url: "/api/auth/setup" })).json()).toEqual({ needed: false });
    expect(await ensureSetupToken({ ctx: operatorCtx(env.platform), input: undefined })).toBeNull();
    expect((await verifyAuditChain(env.database.db, env.platform.keyring)).ok).toBe(true);
  });
});

describe("registration with an email address another account has", () => {
  let env: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    env = await createTestApp({ env: { REGISTRATION_MODE: "approval" } });
  }, 60_000);
  afterAll(() => env.close(), 30_000);

  it("answers like a sign-up, stores nothing, and tells the address's owner", async () => {
    const { app, platform } = env;
    const owner = await createUser(platform, { email: "taken@example.test" });
    const fresh = await post(app, "/api/auth/register", {
      username: "fresh1",
      password: "a fine passphrase",
      email: "fresh1@example.test",
    });
    const dup = await post(app, "/api/auth/register", {
      username: "other1",
      password: "a fine passphrase",
      email: "TAKEN@example.test",
    });
    expect(fresh.statusCode).toBe(201);
    expect(dup.statusCode).toBe(201);
    // The same shape and the same values where they do not name the input.
    const shape = (b: { user: Record<string, unknown>; status: string }) => ({
      keys: Object.keys(b.user).sort(),
      status: b.status,
      role: b.user.role,
      userStatus: b.user.status,
      verified: b.user.emailVerifiedAt,
    });
    expect(shape(dup.json())).toEqual(shape(fresh.json()));
    expect(dup.json().user).toMatchObject({ username: "other1", email: "TAKEN@example.test" });
    // Nothing stored: no such user, and the name is still free.
    const { rows } = await env.database.query("select 1 from identity.users where username = 'other1'");
    expect(rows).toHaveLength(0);
    expect(
      (await post(app, "/api/auth/login", { login: "other1", password: "a fine passphrase" })).statusCode,
    ).toBe(401);
    // The owner is told; the account is untouched and can still sign in.
    const mails = await listOutbox(env.database.db, { to: "taken@example.test" });
    expect(mails.map((m) => m.subject)).toContain(
      "Someone tried to sign up for Bullpen with your email address",
    );
    expect(mails.find((m) => m.subject?.startsWith("Someone tried"))?.text).toContain('"other1"');
    await signIn(app, owner.username, owner.password);
    const again = await post(app, "/api/auth/register", {
      username: "other1",
      password: "a fine passphrase",
    });
    expect(again.statusCode).toBe(201);
  });
});

describe("registration modes and email verification", () => {
  it("approval mode: pending until an admin approves; admins are notified", async () => {
    const { app, platform } = env;
    const admin = await createUser(platform, { role: "admin" });
    const res = await post(app, "/api/auth/register", {
      username: "newbie",
      password: "a fine passphrase",
      email: "newbie@example.test",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: "pending_approval",
      user: { username: "newbie", status: "pending_approval", role: "user" },
    });
    const id = res.json().user.id;
    const early = await post(app, "/api/auth/login", { login: "newbie", password: "a fine passphrase" });
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe("account_pending");

    const a = await signIn(app, admin.username, admin.password);
    const notes = await app.inject({ method: "GET", url: "/api/notifications", headers: a.bearer });
    expect(notes.statusCode).toBe(200);
    expect(
      notes
        .json()
        .notifications.some(
          (n: { type: string; data: { userId?: string } }) =>
            n.type === "user_pending_approval" && n.data.userId === id,
        ),
    ).toBe(true);

    const pending = await app.inject({
      method: "GET",
      url: "/api/admin/users?status=pending_approval",
      headers: a.bearer,
    });
    expect(pending.json().users.map((u: { id: string }) => u.id)).toContain(id);
    const ok = await post(app, `/api/admin/users/${id}/approve`, {}, a.bearer);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.status).toBe("active");
    await signIn(app, "NEWBIE", "a fine passphrase");
    const again = await post(app, `/api/admin/users/${id}/approve`, {}, a.bearer);
    expect(again.statusCode).toBe(409);
  });

  it("refuses duplicate usernames (case-insensitively) and weak passwords, naming the field", async () => {
    const { app, platform } = env;
    const u = await createUser(platform, { email: "taken@example.test" });
    const dupName = await post(app, "/api/auth/register", {
      username: u.username.toUpperCase(),
      password: "a fine passphrase",
    });
    expect(dupName.statusCode).toBe(409);
    expect(dupName.json()).toMatchObject({
      code: "username_taken",
      message: expect.stringMatching(/body\.username/),
    });
    const cases: [object, RegExp][] = [
      [{ username: "weak1", password: "short" }, /body\.password: must be at least 8/],
      [{ username: "weak2", password: "password123" }, /body\.password: is too common/],
      [{ username: "weak3", password: "Baseball" }, /too common/],
      [{ username: "samesame1", password: "SameSame1" }, /must not be your username/],
      [{ username: "weak4", password: "x".repeat(257) }, /at most 256/],
      [{ username: "a", password: "a fine passphrase" }, /body\.username/],
    ];
    for (const [body, msg] of cases) {
      const r = await post(app, "/api/auth/register", body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().message).toMatch(msg);
    }
  });

  it("accepts 256-character passwords and does not truncate at bcrypt's 72 bytes", async () => {
    const { app } = env;
    const long = `${"é".repeat(40)}${"k".repeat(100)}tail-A`; // 80 bytes of é alone
    const r = await post(app, "/api/auth/register", { username: "longpw", password: long });
    expect(r.statusCode).toBe(201);
    const admin = await createUser(env.platform, { role: "admin" });
    const a = await signIn(app, admin.username, admin.password);
    await post(app, `/api/admin/users/${r.json().user.id}/approve`, {}, a.bearer);
    await signIn(app, "longpw", long);
    const sameFirst72 = await post(app, "/api/auth/login", {
      login: "longpw",
      password: `${long.slice(0, -1)}B`,
    });
    expect(sameFirst72.statusCode).toBe(401);
    const max = `${"Z".repeat(255)}9`;
    expect((await post(app, "/api/auth/register", { username: "maxpw", password: max })).statusCode).toBe(
      201,
    );
  });

  it("verifies an email with the emailed single-use token, which expires after an hour", async () => {
    const { app } = env;
    const r = await post(app, "/api/auth/register", {
      username: "verify_me",
      password: "a fine passphrase",
      email: "verify@example.test",
    });
    expect(r.statusCode).toBe(201);
    const token = await tokenFrom(env, "verify@example.test", "Verification token");
    const bad = await post(app, "/api/auth/verify-email", { token: "nope" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("invalid_token");
    expect((await post(app, "/api/auth/verify-email", { token })).statusCode).toBe(204);
    expect((await post(app, "/api/auth/verify-email", { token })).statusCode).toBe(400); // single use
    const { rows } = await env.database.query<{ v: Date | null }>(
      "select email_verified_at as v from identity.users where username = 'verify_me'",
    );
    expect(rows[0].v?.toISOString()).toBe(clock.now().toISOString());

    await post(app, "/api/auth/register", {
      username: "late_one",
      password: "a fine passphrase",
      email: "late@example.test",
    });
    const late = await tokenFrom(env, "late@example.test", "Verification token");
    clock.advance(60 * 60_000 + 1000);
    expect((await post(app, "/api/auth/verify-email", { token: late })).statusCode).toBe(400);
  });

  it("resend: 202 for an unverified address, 409 once verified", async () => {
    const { app, platform } = env;
    const u = await createUser(platform, { email: "resend@example.test" });
    const s = await signIn(app, u.username, u.password);
    expect((await post(app, "/api/me/email/resend", {}, s.bearer)).statusCode).toBe(202);
    const token = await tokenFrom(env, "resend@example.test", "Verification token");
    expect((await post(app, "/api/auth/verify-email", { token })).statusCode).toBe(204);
    expect((await post(app, "/api/me/email/resend", {}, s.bearer)).statusCode).toBe(409);
  });
});

describe("other registration modes", () => {
  // The verbs read REGISTRATION_MODE from the platform's config on each call; switching it here
  // saves building an app per mode.
  const withMode = async (mode: "open" | "closed" | "invite", fn: () => Promise<void>) => {
    const before = env.platform.config.REGISTRATION_MODE;
    env.platform.config.REGISTRATION_MODE = mode;
    try {
      await fn();
    } finally {
      env.platform.config.REGISTRATION_MODE = before;
    }
  };

  it("open: active at once", () =>
    withMode("open", async () => {
      const { app } = env;
      const r = await post(app, "/api/auth/register", { username: "opener", password: "a fine passphrase" });
      expect(r.json()).toMatchObject({ status: "active" });
      await signIn(app, "opener", "a fine passphrase");
      expect((await app.inject({ method: "GET", url: "/api/auth/config" })).json()).toEqual({
        registrationMode: "open",
        oidcProviders: [],
      });
    }));

  it("closed: 403", () =>
    withMode("closed", async () => {
      const r = await post(env.app, "/api/auth/register", {
        username: "closer",
        password: "a fine passphrase",
      });
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe("registration_closed");
    }));

  it("invite: needs a valid, unused, matching code", () =>
    withMode("invite", async () => {
      const { app, platform } = env;
      const admin = await createUser(platform, { role: "admin" });
      const a = await signIn(app, admin.username, admin.password);
      const none = await post(app, "/api/auth/register", { username: "inv1", password: "a fine passphrase" });
      expect(none.statusCode).toBe(400);
      const created = await post(app, "/api/admin/invites", {}, a.bearer);
      expect(created.statusCode).toBe(201);
      const code = created.json().code as string;
      const bad = await post(app, "/api/auth/register", {
        username: "inv1",
        password: "a fine passphrase",
        inviteCode: "wrong",
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe("invalid_invite");
      const ok = await post(app, "/api/auth/register", {
        username: "inv1",
        password: "a fine passphrase",
        inviteCode: code,
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().status).toBe("active");
      const reuse = await post(app, "/api/auth/register", {
        username: "inv2",
        password: "a fine passphrase",
        inviteCode: code,
      });
      expect(reuse.statusCode).toBe(400);
      const bound = await post(app, "/api/admin/invites", { email: "friend@example.test" }, a.bearer);
      const wrongMail = await post(app, "/api/auth/register", {
        username: "inv3",
        password: "a fine passphrase",
        email: "other@example.test",
        inviteCode: bound.json().code,
      });
      expect(wrongMail.statusCode).toBe(400);
      const list = await app.inject({ method: "GET", url: "/api/admin/invites", headers: a.bearer });
      expect(list.json().invites).toHaveLength(2);
      expect(
        list.json().invites.filter((i: { usedBy: string | null }) => i.usedBy === ok.json().user.id),
      ).toHaveLength(1);
      clock.advance(8 * 24 * 3600_000);
      const expired = await post(app, "/api/auth/register", {
        username: "inv4",
        password: "a fine passphrase",
        email: "friend@example.test",
        inviteCode: bound.json().code,
      });
      expect(expired.statusCode).toBe(400);
    }));

  it("registration is rate-limited per IP (429 with Retry-After)", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await env.app.inject({
        method: "POST",
        url: "/api/auth/register",
        payload: { username: `flood${i}`, password: "short" },
        remoteAddress: "192.0.2.77",
      });
      codes.push(r.statusCode);
      if (r.statusCode === 429) expect(Number(r.headers["retry-after"])).toBeGreaterThan(3000);
    }
    expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
    expect(codes[10]).toBe(429);
  });
});
