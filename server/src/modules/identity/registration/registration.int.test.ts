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

  const pw = "a fine passphrase";
  /** What the person signing up can see of an answer: status and body, without ids and times. */
  const seen = (r: { statusCode: number; json(): Record<string, unknown> }) => {
    const { requestId: _, ...body } = r.json() as Record<string, unknown>;
    const user = body.user as Record<string, unknown> | undefined;
    if (user) body.user = { ...user, id: "·", username: "·", email: "·", createdAt: "·", lastLoginAt: "·" };
    return { status: r.statusCode, body };
  };

  it("cannot be told from a sign-up with a free address: answer, username taken after, sign-in, profile", async () => {
    const { app, platform } = env;
    const owner = await createUser(platform, { email: "taken@example.test" });
    const free = { username: "fresh1", password: pw, email: "fresh1@example.test" };
    const taken = { username: "other1", password: pw, email: "TAKEN@example.test" };
    const a = await post(app, "/api/auth/register", free);
    const b = await post(app, "/api/auth/register", taken);
    expect(a.statusCode).toBe(201);
    expect(seen(b)).toEqual(seen(a));
    expect(b.json().user).toMatchObject({
      username: "other1",
      email: "TAKEN@example.test",
      emailVerifiedAt: null,
    });

    // Step two of the old probe: the same username with another address. Both names are taken now.
    for (const name of ["fresh1", "other1"]) {
      const again = await post(app, "/api/auth/register", {
        username: name,
        password: pw,
        email: "x@example.test",
      });
      expect(again.statusCode, name).toBe(409);
      expect(again.json().code).toBe("username_taken");
    }
    // Signing in with the new username: the same answer (waiting for approval) for both…
    const la = await post(app, "/api/auth/login", { login: "fresh1", password: pw });
    const lb = await post(app, "/api/auth/login", { login: "other1", password: pw });
    expect(seen(lb)).toEqual(seen(la));
    expect(la.json().code).toBe("account_pending");
    // …and with the address (not a sign-in name until its link is opened): 401 for both.
    const ea = await post(app, "/api/auth/login", { login: free.email, password: pw });
    const eb = await post(app, "/api/auth/login", { login: taken.email, password: pw });
    expect(seen(eb)).toEqual(seen(ea));
    expect(ea.statusCode).toBe(401);

    // Approved, both accounts look alike from the inside too: the address shown, unverified, and
    // a new link can be asked for.
    const admin = await createUser(platform, { role: "admin" });
    const s = await signIn(app, admin.username, admin.password);
    const views: ReturnType<typeof seen>[] = [];
    const resends: number[] = [];
    for (const r of [a, b]) {
      expect((await post(app, `/api/admin/users/${r.json().user.id}/approve`, {}, s.bearer)).statusCode).toBe(
        200,
      );
      const me = await signIn(app, r.json().user.username, pw);
      const view = await app.inject({ method: "GET", url: "/api/me", headers: me.bearer });
      views.push(seen(view));
      expect(view.json().user.email.toLowerCase()).toBe(r === a ? free.email : taken.email.toLowerCase());
      resends.push((await post(app, "/api/me/email/resend", {}, me.bearer)).statusCode);
    }
    expect(views[1]).toEqual(views[0]);
    expect(resends).toEqual([202, 202]);

    // Behind the scenes: the owner is told and keeps the address; the free address gets its link.
    const { rows } = await env.database.query<{
      username: string;
      email: string | null;
      pending_email: string | null;
    }>(
      "select username, email, pending_email from identity.users where username in ('other1', $1) order by username",
      [owner.username],
    );
    expect(rows).toEqual(
      [
        { username: "other1", email: null, pending_email: "TAKEN@example.test" },
        { username: owner.username, email: "taken@example.test", pending_email: null },
      ].sort((x, y) => x.username.localeCompare(y.username)),
    );
    const toOwner = await listOutbox(env.database.db, {
      to: "taken@example.test",
      keyring: env.platform.keyring,
    });
    expect(toOwner.map((m) => m.subject)).toEqual([
      "Someone tried to sign up for Bullpen with your email address",
    ]);
    expect(toOwner[0].text).toContain('"other1"');
    await signIn(app, owner.username, owner.password);
    await signIn(app, "taken@example.test", owner.password);
  });

  it("attaches a free address when its link is opened; then it signs in", async () => {
    const { app } = env;
    const r = await post(app, "/api/auth/register", {
      username: "linker",
      password: pw,
      email: "linker@example.test",
    });
    expect(r.statusCode).toBe(201);
    expect(
      (await post(app, "/api/auth/login", { login: "linker@example.test", password: pw })).statusCode,
    ).toBe(401);
    const token = await tokenFrom(env, "linker@example.test", "Verification token");
    expect((await post(app, "/api/auth/verify-email", { token })).statusCode).toBe(204);
    const { rows } = await env.database.query<{
      email: string;
      pending_email: string | null;
      v: Date | null;
    }>("select email, pending_email, email_verified_at as v from identity.users where username = 'linker'");
    expect(rows[0]).toMatchObject({ email: "linker@example.test", pending_email: null });
    expect(rows[0].v).not.toBeNull();
    // Waiting for approval, but the address is now a sign-in name (403, not 401).
    const byEmail = await post(app, "/api/auth/login", { login: "linker@example.test", password: pw });
    expect(byEmail.json().code).toBe("account_pending");
  });

  it("does not attach an address another account took before the link was opened", async () => {
    const { app, platform } = env;
    await post(app, "/api/auth/register", { username: "slowpoke", password: pw, email: "race@example.test" });
    const token = await tokenFrom(env, "race@example.test", "Verification token");
    await createUser(platform, { email: "race@example.test" });
    const r = await post(app, "/api/auth/verify-email", { token });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe("email_in_use");
    const { rows } = await env.database.query<{ email: string | null }>(
      "select email from identity.users where username = 'slowpoke'",
    );
    expect(rows[0].email).toBeNull();
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
