// GET /api/auth/session: the web app asks who is signed in without an error status for the signed-out
// state; GET /api/me stays 401 for an API client without a credential.
import { afterAll, describe, expect, it } from "vitest";
import { apiKeyFor, createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp } from "../../../../test/harness.ts";

const env = await createTestApp();
afterAll(() => env.close());
const { app } = env;
const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: "GET", url, headers });

describe("GET /api/auth/session", () => {
  it("answers 200 with me: null for a visitor, while /api/me answers 401", async () => {
    const anon = await get("/api/auth/session");
    expect(anon.statusCode).toBe(200);
    expect(anon.json()).toEqual({ me: null });
    expect(anon.headers["set-cookie"]).toBeUndefined();
    const me = await get("/api/me");
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe("unauthenticated");
  });

  it("answers what /api/me answers for a session, by bearer or cookie (and sets the CSRF cookie)", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    const viaMe = (await get("/api/me", s.bearer)).json();
    const bearer = await get("/api/auth/session", s.bearer);
    expect(bearer.statusCode).toBe(200);
    expect(bearer.json()).toEqual({ me: viaMe });
    expect(bearer.json().me.user.username).toBe(u.username);

    const cookie = await get("/api/auth/session", { cookie: s.cookie });
    expect(cookie.json().me.user.id).toBe(u.id);
    expect(cookie.cookies.find((c) => c.name === "bullpen_csrf")?.value).toBe(s.csrf);

    const key = await apiKeyFor(env.platform, u.id, ["read"]);
    expect((await get("/api/auth/session", key.bearer)).json().me.user.id).toBe(u.id);
  });

  it("a session cookie that signs nobody in answers me: null and is cleared", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    await app.inject({ method: "POST", url: "/api/auth/logout", headers: s.bearer });
    const stale = await get("/api/auth/session", { cookie: s.cookie });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ me: null });
    const cleared = stale.cookies.find((c) => c.name === "bullpen_session");
    expect(cleared?.value).toBe("");
    expect(cleared?.expires && cleared.expires.getTime() <= Date.now()).toBe(true);

    const forged = await get("/api/auth/session", { cookie: "bullpen_session=not-a-token" });
    expect(forged.json()).toEqual({ me: null });
  });
});
