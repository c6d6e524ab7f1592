// API keys: created once and hashed, scoped, revocable; a key of any scope cannot change the account.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyFor, createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";

describe("API keys", () => {
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

  it("API keys: shown once, hashed, scoped, last-used, revocable; other users get 404", async () => {
    const u = await createUser(env.platform);
    const b = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    const sb = await signIn(app, b.username, b.password);
    const adminScope = await req("POST", "/api/me/api-keys", s.bearer, { name: "root", scopes: ["admin"] });
    expect(adminScope.statusCode).toBe(403);
    const created = await req("POST", "/api/me/api-keys", s.bearer, { name: "script", scopes: ["read"] });
    expect(created.statusCode).toBe(201);
    const { apiKey, secret } = created.json();
    expect(secret).toMatch(new RegExp(`^bp_${apiKey.prefix}_[A-Za-z0-9_-]{43}$`));
    expect(apiKey).toMatchObject({
      name: "script",
      scopes: ["read"],
      lastUsedAt: null,
      revokedAt: null,
    });
    const { rows } = await env.database.query<{ secret_hash: string }>(
      "select secret_hash from identity.api_keys where id = $1",
      [apiKey.id],
    );
    expect(secret).not.toContain(rows[0].secret_hash);
    expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);

    const key = { authorization: `Bearer ${secret}` };
    const me = await req("GET", "/api/me", key);
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(u.id);
    // Account management needs a signed-in session: a key may read, not change the account.
    expect((await req("GET", "/api/me/settings", key)).statusCode).toBe(200);
    expect((await req("PATCH", "/api/me/settings", key, { theme: "dark" })).statusCode).toBe(403);
    expect((await req("POST", "/api/me/sessions/revoke-all", key)).statusCode).toBe(403);
    expect((await req("DELETE", `/api/me/api-keys/${apiKey.id}`, key)).statusCode).toBe(403);
    // No CSRF for bearer keys; but a key cannot mint keys or change the password.
    expect((await req("POST", "/api/me/api-keys", key, { name: "x", scopes: ["read"] })).statusCode).toBe(
      403,
    );
    expect(
      (
        await req("POST", "/api/me/password", key, {
          currentPassword: u.password,
          newPassword: "another secret 1",
        })
      ).statusCode,
    ).toBe(403);
    const listed = (await req("GET", "/api/me/api-keys", s.bearer)).json().apiKeys;
    expect(listed).toHaveLength(1);
    expect(listed[0].lastUsedAt).toBe(clock.now().toISOString());
    expect(JSON.stringify(listed)).not.toContain(secret.slice(12));
    const tampered = `${secret.slice(0, -2)}${secret.endsWith("AA") ? "BB" : "AA"}`;
    expect((await req("GET", "/api/me", { authorization: `Bearer ${tampered}` })).statusCode).toBe(401);

    expect((await req("GET", "/api/me/api-keys", sb.bearer)).json().apiKeys).toEqual([]);
    expect((await req("DELETE", `/api/me/api-keys/${apiKey.id}`, sb.bearer)).statusCode).toBe(404);
    expect((await req("GET", "/api/me", key)).statusCode).toBe(200);
    expect((await req("DELETE", `/api/me/api-keys/${apiKey.id}`, s.bearer)).statusCode).toBe(204);
    expect((await req("GET", "/api/me", key)).statusCode).toBe(401);
    expect((await req("GET", "/api/me/api-keys", s.bearer)).json().apiKeys[0].revokedAt).toBe(
      clock.now().toISOString(),
    );
    expect((await req("DELETE", "/api/me/api-keys/not-a-uuid", s.bearer)).statusCode).toBe(400);

    // Admin-scoped keys for admins; a read-only key is refused by admin routes.
    const admin = await createUser(env.platform, { role: "admin" });
    const sa = await signIn(app, admin.username, admin.password);
    const readKey = (
      await req("POST", "/api/me/api-keys", sa.bearer, { name: "ro", scopes: ["read"] })
    ).json().secret;
    const adminKey = (
      await req("POST", "/api/me/api-keys", sa.bearer, { name: "ops", scopes: ["admin"] })
    ).json().secret;
    expect((await req("GET", "/api/admin/users", { authorization: `Bearer ${readKey}` })).statusCode).toBe(
      403,
    );
    expect((await req("GET", "/api/admin/users", { authorization: `Bearer ${adminKey}` })).statusCode).toBe(
      200,
    );
  });

  it("API keys of any scope cannot change the account; reading needs the read scope", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    // Keys with `trade` stand for keys issued before the scope was withdrawn (the route issues none now).
    const key = (scopes: ("read" | "trade")[]) => apiKeyFor(env.platform, u.id, scopes);
    const read = await key(["read"]);
    const readTrade = await key(["read", "trade"]);
    const tradeOnly = await key(["trade"]);
    const sessionId = (await req("GET", "/api/me/sessions", s.bearer)).json().sessions[0].id as string;
    // Every state-changing route of the account, each with a body that passes validation.
    const writes: Record<string, object | undefined> = {
      "DELETE /api/me": { password: u.password },
      "PATCH /api/me/profile": { firstName: "Changed" },
      "PATCH /api/me/settings": { theme: "dark" },
      "POST /api/me/password": { currentPassword: u.password, newPassword: "Another-Long-Passphrase-9" },
      "POST /api/me/email/resend": undefined,
      "POST /api/me/phone/request": { phoneNumber: "+821012345678" },
      "POST /api/me/phone/verify": { code: "123456" },
      [`DELETE /api/me/sessions/${sessionId}`]: undefined,
      "POST /api/me/sessions/revoke-all": undefined,
      "POST /api/me/api-keys": { name: "escalate", scopes: ["read", "trade"] },
      [`DELETE /api/me/api-keys/${read.id}`]: undefined,
      "POST /api/me/mfa/enroll": { password: u.password },
      "POST /api/me/mfa/verify": { code: "123456" },
      "POST /api/me/mfa/disable": { password: u.password, code: "123456" },
      "POST /api/me/mfa/recovery-codes": { password: u.password, code: "123456" },
    };
    // The list covers every such route the app documents.
    const spec = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(spec.paths)
      .filter(([path]) => path === "/api/me" || path.startsWith("/api/me/"))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => m !== "get")
          .map((m) => `${m.toUpperCase()} ${path}`),
      );
    const covered = Object.keys(writes).map((w) => w.replace(/\/[0-9a-f-]{36}$/, "/{id}"));
    expect(covered.sort()).toEqual(documented.sort());
    for (const k of [read, readTrade, tradeOnly])
      for (const [route, body] of Object.entries(writes)) {
        const [method, url] = route.split(" ");
        const res = await req(method as "POST", url, k.bearer, body);
        expect(`${route}: ${res.statusCode}`, res.body).toBe(`${route}: 403`);
      }
    // Nothing happened: the session, the keys and the profile are as they were.
    expect((await req("GET", "/api/me/profile", s.bearer)).json().firstName).toBeNull();
    expect((await req("GET", "/api/me/api-keys", s.bearer)).json().apiKeys).toHaveLength(3);
    // Signing out with a key ends no session (there is none to end) and leaves the key working.
    expect((await req("POST", "/api/auth/logout", read.bearer)).statusCode).toBe(204);
    for (const url of [
      "/api/me",
      "/api/me/profile",
      "/api/me/settings",
      "/api/me/sessions",
      "/api/me/api-keys",
    ]) {
      expect((await req("GET", url, read.bearer)).statusCode, url).toBe(200);
      expect((await req("GET", url, tradeOnly.bearer)).statusCode, url).toBe(403);
    }
    expect((await req("GET", "/api/me", s.bearer)).statusCode).toBe(200);
  });

  it("offers the trade scope only once a module trades; keys issued with it before keep working", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    const listed = await req("GET", "/api/me/api-keys", s.bearer);
    expect(listed.json().scopes).toEqual(["read"]);
    for (const scopes of [["trade"], ["read", "trade"]]) {
      const refused = await req("POST", "/api/me/api-keys", s.bearer, { name: "trader", scopes });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().code).toBe("validation");
      expect(refused.json().message).toMatch(/^body\.scopes: the trade scope is not offered/);
    }
    expect((await req("GET", "/api/me/api-keys", s.bearer)).json().apiKeys).toEqual([]);

    const admin = await createUser(env.platform, { role: "admin" });
    const sa = await signIn(app, admin.username, admin.password);
    expect((await req("GET", "/api/me/api-keys", sa.bearer)).json().scopes).toEqual(["read", "admin"]);

    // A key issued with `trade` before still reaches a trade route.
    const old = await apiKeyFor(env.platform, u.id, ["read", "trade"]);
    const list = await req("POST", "/api/watchlists", old.bearer, {
      name: "from an old key",
      instrumentIds: [],
    });
    expect(list.statusCode).toBe(201);
    expect((await req("GET", "/api/me/api-keys", s.bearer)).json().apiKeys[0].scopes).toEqual([
      "read",
      "trade",
    ]);
  });

  it("DELETE revokes an active key, and removes a revoked one from the list; audited", async () => {
    const u = await createUser(env.platform);
    const b = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    const sb = await signIn(app, b.username, b.password);
    const made = (
      await req("POST", "/api/me/api-keys", s.bearer, { name: "old script", scopes: ["read"] })
    ).json();
    const key = { authorization: `Bearer ${made.secret}` };
    const id = made.apiKey.id as string;

    expect((await req("DELETE", `/api/me/api-keys/${id}`, s.bearer)).statusCode).toBe(204);
    expect((await req("GET", "/api/me", key)).statusCode).toBe(401);
    const afterRevoke = (await req("GET", "/api/me/api-keys", s.bearer)).json().apiKeys;
    expect(afterRevoke).toHaveLength(1);
    expect(afterRevoke[0].revokedAt).not.toBeNull();

    // Another user cannot remove it.
    expect((await req("DELETE", `/api/me/api-keys/${id}`, sb.bearer)).statusCode).toBe(404);
    expect((await req("DELETE", `/api/me/api-keys/${id}`, s.bearer)).statusCode).toBe(204);
    expect((await req("GET", "/api/me/api-keys", s.bearer)).json().apiKeys).toEqual([]);
    expect((await req("DELETE", `/api/me/api-keys/${id}`, s.bearer)).statusCode).toBe(404);
    expect((await req("GET", "/api/me", key)).statusCode).toBe(401);

    const { rows } = await env.database.query<{ action: string; actor_user_id: string }>(
      "select action, actor_user_id from audit.audit_logs where resource_id = $1 and event_type = 'identity.api_key' order by seq",
      [id],
    );
    expect(rows).toEqual([
      { action: "create", actor_user_id: u.id },
      { action: "revoke", actor_user_id: u.id },
      { action: "delete", actor_user_id: u.id },
    ]);
  });
});
