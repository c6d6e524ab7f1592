// API keys and the account's security events (issue 15, finding 3): a password reset revokes every
// key; a password change and two-factor enrolment revoke them only when the user asks
// (`revokeApiKeys: true`); the default keeps them. Real HTTP through the app, on both databases.
import type { FastifyInstance } from "fastify";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, type SignedIn, signIn, type TestUser } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import { listOutbox } from "../../notify/index.ts";
import { settleBackground } from "../password-reset/service.ts";

const clock = testClock(new Date("2026-07-01T09:00:00Z"));
let env: TestEnv & { app: FastifyInstance };
let app: FastifyInstance;
beforeAll(async () => {
  env = await createTestApp({ clock });
  app = env.app;
});
afterAll(() => env.close());

let ipSeq = 0;
const req = (method: "GET" | "POST", url: string, headers: Record<string, string>, payload?: object) =>
  app.inject({
    method,
    url,
    headers,
    ...(payload ? { payload } : {}),
    // Each call from its own address, so the per-address limits stay out of the way.
    remoteAddress: `10.7.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}`,
  });

async function newKey(s: SignedIn, name: string): Promise<{ authorization: string }> {
  const res = await req("POST", "/api/me/api-keys", s.bearer, { name, scopes: ["read"] });
  expect(res.statusCode).toBe(201);
  return { authorization: `Bearer ${res.json().secret}` };
}

/** What a key gets on a read route: 200 while it works, 401 once revoked. */
const keyStatus = async (key: { authorization: string }) =>
  (await req("GET", "/api/notifications", key)).statusCode;

async function auditValues(userId: string, action: string): Promise<Record<string, unknown>> {
  const { rows } = await env.database.query<{ new_values: Record<string, unknown> }>(
    "select new_values from audit.audit_logs where resource_id = $1 and action = $2 order by seq desc limit 1",
    [userId, action],
  );
  expect(rows, `an audit row ${action}`).toHaveLength(1);
  return rows[0].new_values;
}

async function account(): Promise<{ u: TestUser; s: SignedIn; key: { authorization: string } }> {
  const u = await createUser(env.platform);
  const s = await signIn(app, u.username, u.password);
  const key = await newKey(s, "script");
  expect(await keyStatus(key)).toBe(200);
  return { u, s, key };
}

describe("API keys across password and two-factor events", () => {
  it("a password reset revokes every API key, as it ends every session", async () => {
    const { u, s, key } = await account();
    const key2 = await newKey(s, "second");
    const other = await createUser(env.platform);
    const otherKey = await newKey(await signIn(app, other.username, other.password), "bystander");

    expect((await req("POST", "/api/auth/password-reset/request", {}, { email: u.email })).statusCode).toBe(
      202,
    );
    await settleBackground();
    const [mail] = await listOutbox(env.database.db, {
      to: u.email as string,
      keyring: env.platform.keyring,
    });
    const token = /Reset token: (\S+)/.exec(mail.text)?.[1] as string;
    expect(token).toBeTruthy();
    const reset = await req(
      "POST",
      "/api/auth/password-reset/confirm",
      {},
      {
        token,
        password: "a fresh start 2026",
      },
    );
    expect(reset.statusCode).toBe(204);

    expect((await req("GET", "/api/me", s.bearer)).statusCode).toBe(401);
    expect(await keyStatus(key)).toBe(401);
    expect(await keyStatus(key2)).toBe(401);
    expect(await keyStatus(otherKey)).toBe(200); // another account's key is untouched
    expect(await auditValues(u.id, "password_reset")).toMatchObject({
      sessionsRevoked: 1,
      apiKeysRevoked: 2,
    });

    // The account works again with the new password, and a key made after the reset works.
    const again = await signIn(app, u.username, "a fresh start 2026");
    const listed = (await req("GET", "/api/me/api-keys", again.bearer)).json().apiKeys as {
      revokedAt: string | null;
    }[];
    expect(listed.map((k) => k.revokedAt)).toEqual([clock.now().toISOString(), clock.now().toISOString()]);
    expect(await keyStatus(await newKey(again, "after"))).toBe(200);
  });

  it("a password change keeps API keys by default and revokes them when asked", async () => {
    const { u, s, key } = await account();
    const keep = await req("POST", "/api/me/password", s.bearer, {
      currentPassword: u.password,
      newPassword: "second password 2026",
    });
    expect(keep.statusCode).toBe(204);
    expect(await keyStatus(key)).toBe(200);
    expect((await req("GET", "/api/me", s.bearer)).statusCode).toBe(200); // this session stays
    expect(await auditValues(u.id, "password_change")).toMatchObject({ apiKeysRevoked: 0 });

    const revoke = await req("POST", "/api/me/password", s.bearer, {
      currentPassword: "second password 2026",
      newPassword: "third password 2026",
      revokeApiKeys: true,
    });
    expect(revoke.statusCode).toBe(204);
    expect(await keyStatus(key)).toBe(401);
    expect((await req("GET", "/api/me", s.bearer)).statusCode).toBe(200);
    expect(await auditValues(u.id, "password_change")).toMatchObject({ apiKeysRevoked: 1 });
    const mails = await listOutbox(env.database.db, { to: u.email as string });
    expect(mails[0].text).toContain("your API keys (1) revoked");
    expect(mails[1].text).toContain("your API keys still work");

    const bad = await req("POST", "/api/me/password", s.bearer, {
      currentPassword: "third password 2026",
      newPassword: "fourth password 2026",
      revokeApiKeys: "yes",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("revokeApiKeys");
  });

  it("two-factor enrolment keeps API keys by default and revokes them when asked", async () => {
    const code = (secret: string) => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
    for (const revokeApiKeys of [undefined, true]) {
      const { u, s, key } = await account();
      const e = await req("POST", "/api/me/mfa/enroll", s.bearer, { password: u.password });
      expect(e.statusCode).toBe(200);
      const body = { code: await code(e.json().secret), ...(revokeApiKeys ? { revokeApiKeys } : {}) };
      const v = await req("POST", "/api/me/mfa/verify", s.bearer, body);
      expect(v.statusCode).toBe(200);
      expect(v.json().recoveryCodes).toHaveLength(10);
      expect(await keyStatus(key)).toBe(revokeApiKeys ? 401 : 200);
      expect(await auditValues(u.id, "enable")).toMatchObject({ apiKeysRevoked: revokeApiKeys ? 1 : 0 });
    }
  });
});
