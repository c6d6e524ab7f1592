// Who may call what, walked over the OpenAPI document: each route declares its access where it is
// registered (config.access: public, session, read, trade, admin), the server enforces it before
// parsing or validating anything, and /openapi.json's `security` says the same. A route a later
// module adds is covered here by its declaration alone.
import { afterAll, describe, expect, it } from "vitest";
import { apiKeyFor, createUser, type SignedIn, signIn } from "./factories.ts";
import { createTestApp } from "./harness.ts";
import { type WalkedOperation, walkOperations } from "./openapi.ts";

const env = await createTestApp({ env: { RATE_LIMIT_ENABLED: "false" } });
afterAll(() => env.close());
const { app } = env;

type Headers = Record<string, string>;
type Reply = Awaited<ReturnType<typeof app.inject>>;
const send = (r: WalkedOperation, headers: Headers, body?: object): Promise<Reply> =>
  app.inject({ method: r.method as "GET", url: r.url, headers, ...(body ? { payload: body } : {}) });

function expectRefused(r: WalkedOperation, res: Reply, status: 401 | 403, who: string) {
  expect(`${who} → ${r.name}: ${res.statusCode}`, res.body).toBe(`${who} → ${r.name}: ${status}`);
  expect(res.json()).toEqual({
    code: status === 401 ? "unauthenticated" : "forbidden",
    message: expect.any(String),
    requestId: res.headers["x-request-id"],
  });
}

async function apiKey(s: SignedIn, scopes: string[]): Promise<Headers> {
  const res = await app.inject({
    method: "POST",
    url: "/api/me/api-keys",
    headers: s.bearer,
    payload: { name: `key-${scopes.join("-")}`, scopes },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { authorization: `Bearer ${res.json().secret}` };
}

const ops = await walkOperations(app);
const writes = ops.filter((r) => r.method !== "GET");
const user = await createUser(env.platform);
const session = await signIn(app, user.username, user.password);
const readKey = await apiKey(session, ["read"]);
// The self-service route issues no trade-scoped key while no module trades: these stand for keys issued
// before, which keep working.
const tradeOnlyKey = (await apiKeyFor(env.platform, user.id, ["trade"])).bearer;
const readTradeKey = (await apiKeyFor(env.platform, user.id, ["read", "trade"])).bearer;

describe("the document declares every operation's access", () => {
  it("has the routes of every module, each declaring one of the five kinds", () => {
    expect(ops.length).toBeGreaterThanOrEqual(70);
    const kinds = new Set(ops.map((r) => r.access));
    expect([...kinds].sort()).toEqual(["admin", "public", "read", "session", "trade"]);
    for (const r of ops)
      if (r.access !== "public")
        expect(r.op.security, r.name).toEqual([
          { bearer: [r.access] },
          { cookie: r.access === "admin" ? ["admin"] : [] },
        ]);
  });

  it("no write is declared read, and the public writes are the reviewed pre-sign-in ones", () => {
    // A change needs `trade`, `admin` or a session. A new public write is a deliberate decision:
    // add it here after review (it is reachable by anyone on the network).
    expect(writes.filter((r) => r.access === "read").map((r) => r.name)).toEqual([]);
    expect(
      writes
        .filter((r) => r.access === "public")
        .map((r) => r.name)
        .sort(),
    ).toEqual(
      [
        "POST /api/auth/login",
        "POST /api/auth/logout",
        "POST /api/auth/password-reset/confirm",
        "POST /api/auth/password-reset/request",
        "POST /api/auth/register",
        "POST /api/auth/setup",
        "POST /api/auth/verify-email",
      ].sort(),
    );
    // Routes named as administration declare it.
    for (const r of ops)
      if (r.path.startsWith("/api/admin/") || /\(admin\)/i.test(r.op.summary ?? ""))
        expect(`${r.name}: ${r.access}`).toBe(`${r.name}: admin`);
  });
});

describe("authentication and authorisation come before input validation", () => {
  it("an anonymous call answers 401 exactly when the operation declares security, whatever it sends", async () => {
    for (const r of ops) {
      // No body, no query: a route that validated first would answer 400 and describe its input.
      const res = await send(r, {});
      if (r.access === "public") expect(res.statusCode, `${r.name} ${res.body}`).not.toBe(401);
      else expectRefused(r, res, 401, "anonymous");
    }
  });

  it("a read-only API key gets 403 on every write that needs trade, admin or a session — without or with a valid body", async () => {
    const guarded = writes.filter((r) => r.access !== "public");
    expect(guarded.length).toBeGreaterThanOrEqual(35);
    for (const r of guarded) {
      expectRefused(r, await send(r, readKey), 403, "read key");
      expectRefused(r, await send(r, readKey, r.body ?? {}), 403, "read key");
    }
    // nothing happened on the account's behalf
    const lists = await app.inject({ method: "GET", url: "/api/watchlists", headers: session.bearer });
    expect(lists.json().watchlists).toEqual([]);
    const keys = await app.inject({ method: "GET", url: "/api/me/api-keys", headers: session.bearer });
    expect(keys.json().apiKeys).toHaveLength(3);
  });

  it("keys get exactly their scopes: trade writes, never admin or session routes; reads need read", async () => {
    for (const r of ops) {
      if (r.access === "public") continue;
      const full = await send(r, readTradeKey, r.body);
      if (r.access === "admin" || r.access === "session") expectRefused(r, full, 403, "read+trade key");
      // the declaration admits the key, and the verb behind agrees (no 401/403 from either)
      else
        expect([401, 403], `read+trade key → ${r.name}: ${full.statusCode} ${full.body}`).not.toContain(
          full.statusCode,
        );
      const tradeOnly = await send(r, tradeOnlyKey, r.body);
      if (r.access === "read") expectRefused(r, tradeOnly, 403, "trade-only key");
    }
  });

  it("a non-admin session gets 403 on every admin operation, before validation", async () => {
    const adminOps = ops.filter((r) => r.access === "admin");
    expect(adminOps.length).toBeGreaterThanOrEqual(15);
    for (const r of adminOps) {
      expectRefused(r, await send(r, session.bearer), 403, "user session");
      expectRefused(r, await send(r, session.cookieHeaders), 403, "user cookie");
    }
  });
});
