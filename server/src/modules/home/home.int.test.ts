// The home dashboard over HTTP: the cards of the modules this server has (in order, per audience),
// each card's data in one request (markets at a glance with sparklines and the watchlists' movers
// computed from imported bars, the default watchlist, the account), the first-run guide ticked from
// real state and its dismissal remembered per user; anonymous 401s and bad input 400s.
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, type SignedIn, signIn } from "../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../test/harness.ts";
import { moduleHomes, modules } from "../../modules.ts";
import { makeCtx } from "../../platform/context.ts";
import { homeCard, type ModuleHome } from "../../platform/module.ts";
import { createInstrument, importBars, textChunks } from "../market/index.ts";
import { collectCards, homeService } from "./index.ts";

let env: TestEnv & { app: FastifyInstance };
let alice: SignedIn;
let bob: SignedIn;
const ids: Record<string, string> = {};

const ctx = () => operatorCtx(env.platform);
const get = (url: string, who: SignedIn | null) => env.app.inject({ url, headers: who ? who.bearer : {} });

/** Daily bars closing at `closes` on consecutive days from 2024-03-04 (a Monday). */
function daily(closes: number[]): string {
  const rows = closes.map((c, i) => {
    const d = new Date(Date.UTC(2024, 2, 4 + i)).toISOString().slice(0, 10);
    return `${d},${c},${c},${c},${c},1000`;
  });
  return `date,open,high,low,close,volume\n${rows.join("\n")}\n`;
}

beforeAll(async () => {
  env = await createTestApp();
  const a = await createUser(env.platform);
  const b = await createUser(env.platform);
  alice = await signIn(env.app, a.username, a.password);
  bob = await signIn(env.app, b.username, b.password);
  const make = async (symbol: string, assetClass: "equity" | "index" | "fx", closes: number[]) => {
    const i = await createInstrument({
      ctx: ctx(),
      input: {
        symbol,
        mic: "XXXX",
        country: "US",
        assetClass,
        name: `${symbol} test`,
        currency: "USD",
        ...(assetClass === "fx"
          ? { baseCurrency: symbol === "HFXA" ? "EUR" : "GBP", quoteCurrency: "USD", pipValue: "0.0001" }
          : {}),
      },
    });
    ids[symbol] = i.id;
    if (closes.length)
      await importBars({
        ctx: ctx(),
        input: {
          instrumentId: i.id,
          interval: "1d",
          source: symbol === "HBIG" ? "synthetic" : "test",
          body: textChunks(daily(closes)),
        },
      });
  };
  await make("HIDX", "index", [90, 95, 100, 110]); // +10 %
  await make("HFXA", "fx", [1.5, 1.2]); // -20 %, not watched
  await make("HFXB", "fx", []); // no data at all
  await make("HDOWN", "equity", [200, 190]); // -5 %
  await make("HUP", "equity", [10, 10.5]); // +5 %
  await make("HFLAT", "equity", [7, 7]); // 0 %: no move
  await make("HBIG", "equity", [20, 26]); // +30 %, in nobody's list but bob's
});
afterAll(async () => {
  await env?.close();
});

describe("GET /api/home", () => {
  it("answers 401 to anonymous callers on every home route", async () => {
    for (const url of ["/api/home", "/api/home/cards/market.glance", "/api/home/cards/identity.account"])
      expect((await get(url, null)).statusCode, url).toBe(401);
    const put = await env.app.inject({ method: "PUT", url: "/api/home/guide", payload: { dismissed: true } });
    expect(put.statusCode).toBe(401);
  });

  it("lists the cards every module of this server declares, in order, each with its data path", async () => {
    const res = await get("/api/home", alice);
    expect(res.statusCode).toBe(200);
    const { cards } = res.json() as {
      cards: { id: string; module: string; order: number; dataPath: string }[];
    };
    const declared = collectCards(await moduleHomes(env.platform))
      .filter(({ card }) => card.audience !== "admin")
      .map(({ card }) => card.id);
    expect(cards.map((c) => c.id)).toEqual(declared);
    expect(cards.map((c) => c.id)).toEqual([
      "portfolio.summary",
      "market.glance",
      "market.watchlist",
      "identity.account",
    ]);
    const names = new Set(modules.map((m) => m.name));
    for (const c of cards) {
      expect(names.has(c.module)).toBe(true);
      expect(c.id.startsWith(`${c.module}.`)).toBe(true);
      expect(c.dataPath).toBe(`/api/home/cards/${c.id}`);
      expect((await get(c.dataPath, alice)).statusCode, c.dataPath).toBe(200);
    }
    const orders = cards.map((c) => c.order);
    expect([...orders].sort((x, y) => x - y)).toEqual(orders);
    expect((await get("/api/home/cards/portfolio.nothing", alice)).statusCode).toBe(404);
  });

  it("shows an admin card to administrators only, and refuses a card id that is not <module>.<card>", async () => {
    const home: ModuleHome = {
      cards: [
        homeCard({ id: "extra.everyone", order: 2 }),
        homeCard({ id: "extra.admins", order: 1, audience: "admin" }),
      ],
    };
    const svc = homeService([{ module: "extra", home }]);
    const as = (userId: string, role: "user" | "admin") =>
      makeCtx(env.platform, {
        origin: "request",
        actor: { userId, role },
        log: pino({ level: "silent" }),
        requestId: "t",
        ip: null,
        userAgent: null,
      });
    const admin = await createUser(env.platform, { role: "admin" });
    const forUser = await svc.getHome({ ctx: as(alice.userId, "user"), input: undefined });
    const forAdmin = await svc.getHome({ ctx: as(admin.id, "admin"), input: undefined });
    expect(forUser.cards.map((c) => c.id)).toEqual(["extra.everyone"]);
    expect(forAdmin.cards.map((c) => c.id)).toEqual(["extra.admins", "extra.everyone"]);
    expect(forAdmin.cards[0]?.dataPath).toBeNull();
    expect(() =>
      collectCards([{ module: "extra", home: { cards: [homeCard({ id: "other.x", order: 1 })] } }]),
    ).toThrow(/extra\.<card>/);
    expect(() =>
      collectCards([{ module: "extra", home: { cards: [home.cards?.[0], home.cards?.[0]] as never } }]),
    ).toThrow(/twice/);
  });
});

describe("an administrators' card", () => {
  it("is listed to administrators only; its data answers 403 to users and counts accounts for admins", async () => {
    const a = await createUser(env.platform, { role: "admin" });
    const admin = await signIn(env.app, a.username, a.password);
    await createUser(env.platform, { status: "pending_approval" });
    await createUser(env.platform, { status: "pending_approval" });
    await createUser(env.platform, { status: "suspended" });
    const cards = (await get("/api/home", admin)).json().cards.map((c: { id: string }) => c.id);
    expect(cards).toEqual([
      "identity.admin",
      "portfolio.summary",
      "market.glance",
      "market.watchlist",
      "identity.account",
    ]);
    expect((await get("/api/home/cards/identity.admin", alice)).statusCode).toBe(403);
    const res = await get("/api/home/cards/identity.admin", admin);
    expect(res.statusCode).toBe(200);
    // Every account this file made so far: alice, bob, the admin of the audience test, this admin.
    expect(res.json()).toMatchObject({ pendingApproval: 2, suspended: 1, registrationMode: "approval" });
    expect(res.json().active).toBeGreaterThanOrEqual(4);
  });
});

describe("the first-run guide", () => {
  const guide = async (who: SignedIn) =>
    (await get("/api/home", who)).json().guide as {
      dismissed: boolean;
      complete: boolean;
      steps: { id: string; done: boolean }[];
    };
  const done = (g: { steps: { id: string; done: boolean }[] }) =>
    Object.fromEntries(g.steps.map((s) => [s.id, s.done]));

  it("ticks each step from the user's real state", async () => {
    const u = await createUser(env.platform);
    const me = await signIn(env.app, u.username, u.password);
    let g = await guide(me);
    expect(g.steps.map((s) => s.id)).toEqual([
      "portfolio.add",
      "market.watchlist",
      "market.instrument",
      "identity.mfa",
    ]);
    expect(done(g)).toMatchObject({
      "market.watchlist": false,
      "market.instrument": false,
      "identity.mfa": false,
    });
    expect(g.complete).toBe(false);
    expect(g.dismissed).toBe(false);

    const created = await env.app.inject({
      method: "POST",
      url: "/api/watchlists",
      headers: me.bearer,
      payload: { name: "Mine" },
    });
    expect(created.statusCode).toBe(201);
    g = await guide(me);
    expect(done(g)).toMatchObject({
      "market.watchlist": true,
      "market.instrument": false,
      "identity.mfa": false,
    });

    const patched = await env.app.inject({
      method: "PATCH",
      url: `/api/watchlists/${created.json().id}`,
      headers: me.bearer,
      payload: { instrumentIds: [ids.HUP] },
    });
    expect(patched.statusCode).toBe(200);
    g = await guide(me);
    expect(done(g)).toMatchObject({
      "market.watchlist": true,
      "market.instrument": true,
      "identity.mfa": false,
    });
  });

  it("is dismissed per user and remembered; shown again on request; bad input is a 400 naming the field", async () => {
    const put = (who: SignedIn, payload: unknown) =>
      env.app.inject({
        method: "PUT",
        url: "/api/home/guide",
        headers: who.cookieHeaders,
        payload: payload as object,
      });
    const bad = await put(alice, { dismissed: "yes" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("dismissed");
    const missing = await put(alice, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain("dismissed");

    const closed = await put(alice, { dismissed: true });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().dismissed).toBe(true);
    expect(closed.json().dismissedAt).toEqual(expect.any(String));
    expect((await guide(alice)).dismissed).toBe(true);
    expect((await guide(bob)).dismissed).toBe(false);
    // Twice is the same answer.
    expect((await put(alice, { dismissed: true })).json().dismissedAt).toBe(closed.json().dismissedAt);
    const reopened = await put(alice, { dismissed: false });
    expect(reopened.json()).toMatchObject({ dismissed: false, dismissedAt: null });
    expect((await guide(alice)).dismissed).toBe(false);
  });
});

describe("market cards", () => {
  beforeAll(async () => {
    const list = async (who: SignedIn, name: string, symbols: string[]) => {
      const r = await env.app.inject({
        method: "POST",
        url: "/api/watchlists",
        headers: who.bearer,
        payload: { name, instrumentIds: symbols.map((s) => ids[s]) },
      });
      expect(r.statusCode).toBe(201);
    };
    await list(alice, "Core", ["HDOWN", "HFXB", "HUP"]);
    await list(alice, "More", ["HIDX", "HFLAT", "HUP"]);
    await list(bob, "Bob's", ["HBIG"]);
  });

  it("markets at a glance: indices and FX with last change and sparkline; instruments without data have nulls", async () => {
    const res = await get("/api/home/cards/market.glance", alice);
    expect(res.statusCode).toBe(200);
    const g = res.json();
    expect(g.indices.map((l: { symbol: string }) => l.symbol)).toEqual(["HIDX"]);
    expect(g.indices[0]).toMatchObject({
      price: "110",
      change: "10",
      changePct: "10",
      sessionDate: "2024-03-07",
    });
    expect(g.indices[0].spark).toEqual([90, 95, 100, 110]);
    expect(g.fx.map((l: { symbol: string }) => l.symbol)).toEqual(["HFXA", "HFXB"]);
    expect(g.fx[0]).toMatchObject({ price: "1.2", changePct: "-20", priceDecimals: 4, synthetic: false });
    expect(g.fx[0].spark).toEqual([1.5, 1.2]);
    expect(g.fx[1]).toMatchObject({ price: null, change: null, changePct: null, spark: [] });
  });

  it("movers: the largest moves among the user's watchlists' instruments, no flat or unpriced ones", async () => {
    const a = (await get("/api/home/cards/market.glance", alice)).json();
    expect(a.watched).toBe(5);
    expect(a.movers.map((m: { symbol: string; changePct: string }) => [m.symbol, m.changePct])).toEqual([
      ["HIDX", "10"],
      ["HDOWN", "-5"],
      ["HUP", "5"],
    ]);
    const b = (await get("/api/home/cards/market.glance", bob)).json();
    expect(b.movers.map((m: { symbol: string }) => m.symbol)).toEqual(["HBIG"]);
    expect(b.movers[0]).toMatchObject({ changePct: "30", synthetic: true, priceDecimals: 2 });
  });

  it("the default watchlist with its items' quotes in list order; null without a watchlist", async () => {
    const w = (await get("/api/home/cards/market.watchlist", alice)).json();
    expect(w.watchlists).toBe(2);
    expect(w.watchlist).toMatchObject({ name: "Core", size: 3 });
    expect(
      w.watchlist.items.map((i: { symbol: string; price: string | null }) => [i.symbol, i.price]),
    ).toEqual([
      ["HDOWN", "190"],
      ["HFXB", null],
      ["HUP", "10.5"],
    ]);
    const u = await createUser(env.platform);
    const none = (
      await get("/api/home/cards/market.watchlist", await signIn(env.app, u.username, u.password))
    ).json();
    expect(none).toEqual({ watchlist: null, watchlists: 0 });
  });
});

describe("the account card", () => {
  it("says the account's security state", async () => {
    const res = await get("/api/home/cards/identity.account", alice);
    expect(res.statusCode).toBe(200);
    const me = (await get("/api/me", alice)).json().user;
    expect(res.json()).toMatchObject({
      username: me.username,
      role: "user",
      mfaEnabled: false,
      recoveryCodesLeft: 0,
      sessions: 1,
      apiKeys: 0,
      emailVerified: Boolean(me.emailVerifiedAt),
    });
    const key = await env.app.inject({
      method: "POST",
      url: "/api/me/api-keys",
      headers: alice.cookieHeaders,
      payload: { name: "script", scopes: ["read"] },
    });
    expect(key.statusCode).toBe(201);
    expect((await get("/api/home/cards/identity.account", alice)).json().apiKeys).toBe(1);
  });
});
