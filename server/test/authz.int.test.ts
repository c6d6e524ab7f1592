// Authorisation across users and roles: another user's resources answer 404 (and stay untouched),
// every admin route answers 403 to a non-admin (session or API key), pending and suspended users
// cannot sign in, and an API key limited to `read` cannot write.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { notifyUser } from "../src/modules/notify/index.ts";
import { apiKeyFor, createUser, operatorCtx, signIn } from "./factories.ts";
import { createTestApp } from "./harness.ts";
import { walkOperations } from "./openapi.ts";

const env = await createTestApp({ env: { RATE_LIMIT_ENABLED: "false" } });
afterAll(() => env.close());
const { app } = env;

type Headers = Record<string, string>;
const inject = (method: string, url: string, headers: Headers, payload?: object) =>
  app.inject({ method: method as "GET", url, headers, ...(payload ? { payload } : {}) });

function expectError(res: Awaited<ReturnType<typeof inject>>, status: number, code?: string) {
  expect(res.statusCode, `${res.statusCode} ${res.body}`).toBe(status);
  const body = res.json();
  expect(body).toEqual({
    code: code ?? expect.any(String),
    message: expect.any(String),
    requestId: res.headers["x-request-id"],
  });
}

async function apiKey(headers: Headers, scopes: string[]): Promise<{ id: string; bearer: Headers }> {
  const res = await inject("POST", "/api/me/api-keys", headers, { name: `key-${scopes.join("-")}`, scopes });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json() as { apiKey: { id: string }; secret: string };
  return { id: body.apiKey.id, bearer: { authorization: `Bearer ${body.secret}` } };
}

describe("one user's resources are invisible to another", () => {
  it("sessions, API keys, notifications and profile: 404 for B, untouched for A", async () => {
    const a = await createUser(env.platform);
    const b = await createUser(env.platform);
    const aSession = await signIn(app, a.username, a.password);
    const aOther = await signIn(app, a.username, a.password); // a second session of A's
    const bSession = await signIn(app, b.username, b.password);
    const aKey = await apiKey(aSession.bearer, ["read"]);
    const note = await notifyUser({
      ctx: operatorCtx(env.platform),
      input: {
        userId: a.id,
        type: "authz",
        title: "A's",
        message: "for A only",
      },
    });
    await inject("PATCH", "/api/me/profile", aSession.bearer, { firstName: "Alice" });

    const aSessions = (await inject("GET", "/api/me/sessions", aSession.bearer)).json().sessions as {
      id: string;
    }[];
    const aOtherId = aSessions.find(
      (s) => s.id !== aSessions.find((x) => (x as { current?: boolean }).current)?.id,
    )?.id as string;
    expect(aOtherId).toBeTruthy();

    // B aims at A's ids, by bearer and by cookie (with CSRF)
    for (const headers of [bSession.bearer, bSession.cookieHeaders]) {
      expectError(await inject("DELETE", `/api/me/sessions/${aOtherId}`, headers), 404, "not_found");
      expectError(await inject("DELETE", `/api/me/api-keys/${aKey.id}`, headers), 404, "not_found");
      expectError(await inject("POST", `/api/notifications/${note.id}/read`, headers), 404, "not_found");
    }
    // ... and an id that exists nowhere answers exactly the same
    const ghost = await inject("DELETE", `/api/me/sessions/${randomUUID()}`, bSession.bearer);
    expectError(ghost, 404, "not_found");

    // B's lists and profile are B's
    const bLists = await Promise.all(
      ["/api/me/sessions", "/api/me/api-keys", "/api/notifications", "/api/me/profile", "/api/me"].map((u) =>
        inject("GET", u, bSession.bearer),
      ),
    );
    for (const r of bLists) expect(r.statusCode).toBe(200);
    const leaked = [aOtherId, aKey.id, note.id, a.id, a.username, "Alice"];
    for (const r of bLists) for (const x of leaked) expect(r.body).not.toContain(x);
    expect(bLists[4].json().user.id).toBe(b.id);

    // A's things still work
    expect((await inject("GET", "/api/me", aOther.bearer)).statusCode).toBe(200);
    expect((await inject("GET", "/api/me/profile", aKey.bearer)).statusCode).toBe(200);
    const aNotes = (await inject("GET", "/api/notifications", aSession.bearer)).json();
    expect(aNotes.notifications.find((n: { id: string }) => n.id === note.id)?.readAt).toBeNull();
    expect((await inject("GET", "/api/me/profile", aSession.bearer)).json().firstName).toBe("Alice");

    // B's profile change does not reach A
    expect(
      (await inject("PATCH", "/api/me/profile", bSession.bearer, { firstName: "Mallory" })).statusCode,
    ).toBe(200);
    expect((await inject("GET", "/api/me/profile", aSession.bearer)).json().firstName).toBe("Alice");
  });
});

// --------------------------------------------------------------------------------- admin routes

// Every operation the document declares admin-only (see ./openapi.ts): a route a later module adds
// is walked here by its declaration alone.
const adminRoutes = (await walkOperations(app)).filter((r) => r.access === "admin");

describe("admin routes", () => {
  it("are many, and each answers 401 anonymously and 403 to a non-admin by session or by any API key", async () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(8);
    expect(adminRoutes.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "GET /api/admin/users",
        "POST /api/admin/users/{id}/approve",
        "POST /api/admin/users/{id}/suspend",
        "POST /api/admin/users/{id}/role",
        "POST /api/admin/invites",
      ]),
    );
    const user = await createUser(env.platform);
    const s = await signIn(app, user.username, user.password);
    // A user's key can never exceed its owner (and may not even name the admin scope).
    expectError(await inject("POST", "/api/me/api-keys", s.bearer, { name: "x", scopes: ["admin"] }), 403);
    const allScopes = await apiKeyFor(env.platform, user.id, ["read", "trade"]);
    for (const r of adminRoutes) {
      expectError(await inject(r.method, r.url, {}, r.body), 401);
      for (const headers of [s.bearer, s.cookieHeaders, allScopes.bearer]) {
        const res = await inject(r.method, r.url, headers, r.body);
        expect(`${r.name}: ${res.statusCode}`, res.body).toBe(`${r.name}: 403`);
        expectError(res, 403);
      }
    }
  });

  it("also refuse an admin's API key without the admin scope, and admit the admin", async () => {
    const admin = await createUser(env.platform, { role: "admin" });
    const s = await signIn(app, admin.username, admin.password);
    const readOnly = await apiKeyFor(env.platform, admin.id, ["read", "trade"]);
    for (const r of adminRoutes) expectError(await inject(r.method, r.url, readOnly.bearer, r.body), 403);
    // the same requests with the admin's session pass the permission check (404/400/200… but not 401/403)
    for (const r of adminRoutes) {
      const res = await inject(r.method, r.url, s.bearer, r.body);
      expect([401, 403], `${r.name}: ${res.statusCode} ${res.body}`).not.toContain(res.statusCode);
    }
    const scoped = await apiKey(s.bearer, ["read", "admin"]);
    expect((await inject("GET", "/api/admin/users", scoped.bearer)).statusCode).toBe(200);
  });
});

describe("account states", () => {
  it("a pending or suspended user cannot sign in; the state is told only after the right password", async () => {
    const pending = await createUser(env.platform, { status: "pending_approval" });
    const suspended = await createUser(env.platform, { status: "suspended" });
    const login = (login: string, password: string) =>
      app.inject({ method: "POST", url: "/api/auth/login", payload: { login, password } });

    const p = await login(pending.username, pending.password);
    expectError(p, 403, "account_pending");
    expect(p.cookies.find((c) => c.name === "bullpen_session")).toBeUndefined();
    expectError(await login(suspended.username, suspended.password), 403, "account_suspended");
    if (suspended.email)
      expectError(await login(suspended.email, suspended.password), 403, "account_suspended");

    const wrongPending = await login(pending.username, "Not-The-Password-1");
    const wrongNobody = await login(`nobody_${randomUUID().slice(0, 8)}`, "Not-The-Password-1");
    expectError(wrongPending, 401, "invalid_credentials");
    expectError(wrongNobody, 401, "invalid_credentials");
    expect(wrongPending.json().message).toBe(wrongNobody.json().message);
  });

  it("suspending a signed-in user ends their sessions and API keys at once", async () => {
    const admin = await createUser(env.platform, { role: "admin" });
    const adminS = await signIn(app, admin.username, admin.password);
    const user = await createUser(env.platform);
    const s = await signIn(app, user.username, user.password);
    const key = await apiKey(s.bearer, ["read"]);
    expect((await inject("GET", "/api/me", s.bearer)).statusCode).toBe(200);
    expect((await inject("POST", `/api/admin/users/${user.id}/suspend`, adminS.bearer)).statusCode).toBe(200);
    expectError(await inject("GET", "/api/me", s.bearer), 401);
    expectError(await inject("GET", "/api/me", key.bearer), 401);
    expectError(
      await app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { login: user.username, password: user.password },
      }),
      403,
      "account_suspended",
    );
  });
});

describe("API key scopes", () => {
  it("a read-only key reads but cannot write", async () => {
    const user = await createUser(env.platform);
    const s = await signIn(app, user.username, user.password);
    const read = await apiKey(s.bearer, ["read"]);
    const otherKey = await apiKey(s.bearer, ["read"]);
    const note = await notifyUser({
      ctx: operatorCtx(env.platform),
      input: {
        userId: user.id,
        type: "authz",
        title: "t",
        message: "m",
      },
    });

    const list = await inject("POST", "/api/watchlists", s.bearer, { name: "kept", instrumentIds: [] });
    expect(list.statusCode, list.body).toBe(201);
    const listId = list.json().id as string;

    for (const url of [
      "/api/me",
      "/api/me/profile",
      "/api/me/settings",
      "/api/notifications",
      "/api/watchlists",
    ])
      expect((await inject("GET", url, read.bearer)).statusCode, url).toBe(200);

    const writes: [string, string, object?][] = [
      ["PATCH", "/api/me/profile", { firstName: "Changed" }],
      ["PATCH", "/api/me/settings", { theme: "dark" }],
      ["POST", "/api/me/api-keys", { name: "escalate", scopes: ["read", "trade"] }],
      ["DELETE", `/api/me/api-keys/${otherKey.id}`],
      ["POST", "/api/me/sessions/revoke-all"],
      ["POST", `/api/notifications/${note.id}/read`],
      ["POST", "/api/notifications/read-all"],
      [
        "POST",
        "/api/me/password",
        { currentPassword: user.password, newPassword: "Another-Long-Passphrase-9" },
      ],
      ["DELETE", "/api/me", { password: user.password }],
      // issue 15, finding 1: a read-only key created, emptied and deleted watchlists
      ["POST", "/api/watchlists", { name: "by a read key", instrumentIds: [] }],
      ["PATCH", `/api/watchlists/${listId}`, { name: "renamed", instrumentIds: [] }],
      ["DELETE", `/api/watchlists/${listId}`],
    ];
    for (const [method, url, body] of writes) {
      const res = await inject(method, url, read.bearer, body);
      expect(`${method} ${url}: ${res.statusCode}`, res.body).toBe(`${method} ${url}: 403`);
      expectError(res, 403);
    }
    // nothing happened
    expect((await inject("GET", "/api/me/profile", s.bearer)).json().firstName).toBeNull();
    expect((await inject("GET", "/api/me/api-keys", s.bearer)).json().apiKeys).toHaveLength(2);
    const notes = (await inject("GET", "/api/notifications", s.bearer)).json();
    expect(notes.notifications.find((n: { id: string }) => n.id === note.id)?.readAt).toBeNull();
    expect((await inject("GET", "/api/me", s.bearer)).statusCode).toBe(200);
    const lists = (await inject("GET", "/api/watchlists", s.bearer)).json().watchlists;
    expect(lists.map((w: { id: string; name: string }) => [w.id, w.name])).toEqual([[listId, "kept"]]);
  });
});
