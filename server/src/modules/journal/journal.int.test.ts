// The journal through its HTTP routes on a real database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): trades built from ledger rows written through the portfolio's routes, rebuilt
// when the ledger changes, entered by hand; entries with English and Korean search; playbooks, rule
// ticks and statistics; bad input naming the field, another user's objects 404, read-only keys 403.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyFor, createUser, operatorCtx, signIn } from "../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../test/harness.ts";
import { createInstrument } from "../market/index.ts";

let env: TestEnv & { app: FastifyInstance };
// biome-ignore lint/suspicious/noExplicitAny: tests read the JSON answers freely
type Json = Record<string, any>;
type Call = (method: string, url: string, payload?: unknown) => Promise<{ status: number; body: Json }>;
let a: Call;
let b: Call;
let aUserId: string;
let stock: string;
let other: string;

const caller =
  (headers: Record<string, string>): Call =>
  async (method, url, payload) => {
    const r = await env.app.inject({
      method: method as "GET",
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: r.statusCode, body: r.body ? (r.json() as Json) : {} };
  };

let n = 0;
async function instrument(currency = "USD"): Promise<string> {
  n += 1;
  const i = await createInstrument({
    ctx: operatorCtx(env.platform),
    input: {
      symbol: `J${n}${Date.now() % 100000}`,
      mic: "XNAS",
      country: "US",
      assetClass: "equity",
      name: `journal test ${n}`,
      currency,
    },
  });
  return i.id;
}

async function account(call: Call = a): Promise<string> {
  const r = await call("POST", "/api/portfolio/accounts", {
    name: `acc ${Math.random()}`,
    baseCurrency: "USD",
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function tx(accountId: string, type: string, date: string, quantity: string, price: string, fee = "0") {
  const r = await a("POST", "/api/portfolio/transactions", {
    accountId,
    type,
    date,
    instrumentId: stock,
    quantity,
    price,
    fee,
    currency: "USD",
    fxRate: "1",
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

beforeAll(async () => {
  env = await createTestApp();
  const ua = await createUser(env.platform);
  const ub = await createUser(env.platform);
  aUserId = ua.id;
  a = caller((await signIn(env.app, ua.username, ua.password)).bearer);
  b = caller((await signIn(env.app, ub.username, ub.password)).bearer);
  stock = await instrument();
  other = await instrument();
});
afterAll(async () => env?.close());

describe("trades from the ledger", () => {
  it("builds round trips from ledger rows and rebuilds them when the ledger changes, keeping notes", async () => {
    const acc = await account();
    const buy1 = await tx(acc, "buy", "2024-01-02", "10", "100", "1");
    await tx(acc, "buy", "2024-01-03", "10", "120", "1");
    const sell = await tx(acc, "sell", "2024-01-04", "20", "130", "2");
    const list = await a("GET", `/api/journal/trades?accountId=${acc}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const t = list.body.trades[0];
    expect(t).toMatchObject({
      side: "long",
      status: "closed",
      quantity: "20",
      entryPrice: "110",
      exitPrice: "130",
      commission: "4",
      realizedPnl: "396",
      pnl: "396.00",
      pnlPercent: "18.00",
      holdingSeconds: 2 * 86400,
    });

    const noted = await a("PATCH", `/api/journal/trades/${t.id}`, {
      notes: "scaled in on the pullback",
      tags: ["pullback"],
      plannedStop: "95",
    });
    expect(noted.status).toBe(200);
    // Risk 15 × 20 = 300; 396 / 300 = 1.32 R.
    expect(noted.body).toMatchObject({ rMultiple: "1.32", tags: ["pullback"] });
    expect(noted.body.fills.map((f: Json) => f.role)).toEqual(["entry", "entry", "exit"]);

    // The sale is cut to 15 through the ledger: the trade reopens with 5 units, notes kept.
    const edit = await a("PATCH", `/api/portfolio/transactions/${sell}`, { quantity: "15" });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const after = await a("GET", `/api/journal/trades/${t.id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      status: "open",
      openQuantity: "5",
      exitPrice: null,
      pnl: null,
      notes: "scaled in on the pullback",
    });
    // FIFO: 10 × 30 + 5 × 10 − (1 + 1 + 2) = 346.
    expect(after.body.realizedPnl).toBe("346");

    // The sale and then the opening buy leave the ledger: that trade goes with its notes, and the
    // second buy opens a new one.
    expect((await a("DELETE", `/api/portfolio/transactions/${sell}`)).status).toBe(204);
    expect((await a("DELETE", `/api/portfolio/transactions/${buy1}`)).status).toBe(204);
    const gone = await a("GET", `/api/journal/trades/${t.id}`);
    expect(gone.status).toBe(404);
    const rest = await a("GET", `/api/journal/trades?accountId=${acc}`);
    expect(rest.body.trades.map((x: Json) => [x.status, x.quantity, x.openQuantity, x.notes])).toEqual([
      ["open", "10", "10", null],
    ]);
  });

  it("a sale and a short on one day flip a long into a short trade", async () => {
    const acc = await account();
    await tx(acc, "buy", "2024-02-01", "10", "50");
    await tx(acc, "sell", "2024-02-02", "10", "55");
    await tx(acc, "short", "2024-02-02", "5", "55");
    await tx(acc, "cover", "2024-02-05", "5", "50");
    const r = await a("GET", `/api/journal/trades?accountId=${acc}`);
    expect(r.body.trades.map((x: Json) => [x.side, x.status, x.realizedPnl])).toEqual([
      ["short", "closed", "25"],
      ["long", "closed", "50"],
    ]);
    expect((await a("GET", `/api/journal/trades?accountId=${acc}&side=short`)).body.total).toBe(1);
  });

  it("shares moved to another account arrive at their cost: the P&L lands where they are sold", async () => {
    const from = await account();
    const to = await account();
    await tx(from, "buy", "2024-02-01", "10", "100");
    const move = { date: "2024-02-05", instrumentId: stock, quantity: "10", transferId: "journal-move-1" };
    expect(
      (await a("POST", "/api/portfolio/transactions", { ...move, accountId: from, type: "transferOut" }))
        .status,
    ).toBe(201);
    expect(
      (await a("POST", "/api/portfolio/transactions", { ...move, accountId: to, type: "transferIn" })).status,
    ).toBe(201);
    await tx(to, "sell", "2024-02-09", "10", "120");
    const sold = (await a("GET", `/api/journal/trades?accountId=${to}`)).body.trades;
    expect(sold.map((x: Json) => [x.side, x.status, x.entryPrice, x.realizedPnl])).toEqual([
      ["long", "closed", "100", "200"],
    ]);
    const left = (await a("GET", `/api/journal/trades?accountId=${from}`)).body.trades;
    expect(left.map((x: Json) => [x.status, x.realizedPnl])).toEqual([["closed", "0"]]);
  });

  it("enters a trade by hand: its fills land in the ledger, the trade keeps the given fields", async () => {
    const acc = await account();
    const pb = await a("POST", "/api/journal/playbooks", {
      name: "Opening range",
      rules: [{ text: "Wait 15 minutes" }, { text: "Stop under the range" }],
    });
    expect(pb.status).toBe(201);
    const r = await a("POST", "/api/journal/trades", {
      accountId: acc,
      instrumentId: other,
      side: "short",
      fills: [
        {
          action: "entry",
          date: "2024-03-04",
          at: "2024-03-04T14:45:00Z",
          quantity: "100",
          price: "20",
          fee: "1",
        },
        {
          action: "exit",
          date: "2024-03-04",
          at: "2024-03-04T16:15:00Z",
          quantity: "100",
          price: "19",
          fee: "1",
        },
      ],
      strategyId: pb.body.id,
      plannedStop: "20.5",
      tags: ["orb"],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      side: "short",
      status: "closed",
      realizedPnl: "98",
      rMultiple: "1.96",
      entryTimeKnown: true,
      holdingSeconds: 5400,
      strategyId: pb.body.id,
      tags: ["orb"],
    });
    const ledger = await a("GET", `/api/portfolio/transactions?accountId=${acc}&order=asc`);
    expect(ledger.body.transactions.map((x: Json) => [x.type, x.quantity])).toEqual([
      ["short", "100"],
      ["cover", "100"],
    ]);
    expect(r.body.transactionIds).toEqual(ledger.body.transactions.map((x: Json) => x.id));

    // Rule ticks: only the playbook's rules, each once.
    const [r1, r2] = pb.body.rules;
    const ticks = await a("PUT", `/api/journal/trades/${r.body.id}/rules`, {
      checks: [
        { ruleId: r1.id, followed: true },
        { ruleId: r2.id, followed: false },
      ],
    });
    expect(ticks.status).toBe(200);
    expect(ticks.body.ruleChecks).toHaveLength(2);
    // One rule broken: the trade counts as "broken" in the compliance grouping.
    const byRules = await a("GET", "/api/journal/stats?groupBy=rules");
    const broken = byRules.body.groups.find((g: Json) => g.key === "broken");
    expect(broken?.metrics).toMatchObject({ count: 1, netPnl: 98 });
    const badTick = await a("PUT", `/api/journal/trades/${r.body.id}/rules`, {
      checks: [{ ruleId: "nope", followed: true }],
    });
    expect(badTick.status).toBe(400);
    expect(badTick.body.message).toContain("input.checks.0.ruleId");

    // Selling more than held is the ledger's 422, named at our fill; nothing is stored.
    const over = await a("POST", "/api/journal/trades", {
      accountId: acc,
      instrumentId: stock,
      side: "long",
      fills: [
        { action: "entry", date: "2024-03-05", quantity: "1", price: "10" },
        { action: "exit", date: "2024-03-06", quantity: "2", price: "11" },
      ],
    });
    expect(over.status).toBe(422);
    expect(over.body.message).toContain("input.fills.1");
    const still = await a("GET", `/api/portfolio/transactions?accountId=${acc}`);
    expect(still.body.transactions).toHaveLength(2);
  });

  it("answers bad input naming the field, strangers 404, read-only keys 403", async () => {
    const acc = await account();
    const bad = await a("POST", "/api/journal/trades", {
      accountId: acc,
      instrumentId: stock,
      side: "long",
      fills: [{ action: "entry", date: "2024-13-01", quantity: "1", price: "10" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("body.fills.0.date");
    const foreign = await a("POST", "/api/journal/trades", {
      accountId: await account(b),
      instrumentId: stock,
      side: "long",
      fills: [{ action: "entry", date: "2024-03-01", quantity: "1", price: "10" }],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toContain("input.accountId");
    const badStop = await a("PATCH", "/api/journal/trades/00000000-0000-0000-0000-000000000000", {
      plannedStop: "-1",
    });
    expect(badStop.status).toBe(400);
    expect(badStop.body.message).toContain("body.plannedStop");

    await tx(acc, "buy", "2024-04-01", "1", "10");
    const mine = (await a("GET", `/api/journal/trades?accountId=${acc}`)).body.trades[0];
    expect((await b("GET", `/api/journal/trades/${mine.id}`)).status).toBe(404);
    expect((await b("PATCH", `/api/journal/trades/${mine.id}`, { notes: "x" })).status).toBe(404);
    expect((await b("GET", `/api/journal/trades?accountId=${acc}`)).body.total).toBe(0);
    const strangerPb = await b("POST", "/api/journal/playbooks", { name: "theirs" });
    const useTheirs = await a("PATCH", `/api/journal/trades/${mine.id}`, { strategyId: strangerPb.body.id });
    expect(useTheirs.status).toBe(400);
    expect(useTheirs.body.message).toContain("input.patch.strategyId");

    const key = await apiKeyFor(env.platform, aUserId, ["read"]);
    const ro = caller(key.bearer);
    expect((await ro("GET", "/api/journal/trades")).status).toBe(200);
    expect((await ro("PATCH", `/api/journal/trades/${mine.id}`, { notes: "x" })).status).toBe(403);
    expect((await ro("POST", "/api/journal/entries", { title: "x" })).status).toBe(403);
    expect((await caller({})("GET", "/api/journal/entries")).status).toBe(401);
  });
});

describe("journal entries", () => {
  it("writes, links, filters and finds entries in English (stemmed) and Korean (inside words)", async () => {
    const acc = await account();
    await tx(acc, "buy", "2024-05-01", "3", "10");
    const trade = (await a("GET", `/api/journal/trades?accountId=${acc}`)).body.trades[0];
    const e1 = await a("POST", "/api/journal/entries", {
      title: "Breakout day",
      content: "I kept running my winners and stopped trading after lunch.",
      entryDate: "2024-05-01",
      mood: "confident",
      confidence: 8,
      tags: ["breakout"],
      tradeIds: [trade.id],
    });
    expect(e1.status, JSON.stringify(e1.body)).toBe(201);
    expect(e1.body.tradeIds).toEqual([trade.id]);
    const e2 = await a("POST", "/api/journal/entries", {
      title: "손절 복기",
      content: "오늘은 손절매 원칙을 지켰다. 추격 매수는 하지 않았다.",
      entryDate: "2024-05-02",
      mood: "calm",
      tags: ["복기"],
    });
    expect(e2.status).toBe(201);
    await b("POST", "/api/journal/entries", { title: "Bob runs too", content: "running running" });

    const en = await a("GET", `/api/journal/entries?q=${encodeURIComponent("run")}`);
    expect(en.status).toBe(200);
    expect(en.body.entries.map((x: Json) => x.id)).toEqual([e1.body.id]);
    const hit = en.body.entries[0];
    expect(hit.rank).toBeGreaterThan(0);
    expect(hit.snippet.filter((p: Json) => p.hit).map((p: Json) => p.text)).toContain("running");

    const ko = await a("GET", `/api/journal/entries?q=${encodeURIComponent("손절")}`);
    expect(ko.body.entries.map((x: Json) => x.id)).toEqual([e2.body.id]);
    expect(ko.body.entries[0].snippet.filter((p: Json) => p.hit).map((p: Json) => p.text)).toContain("손절");
    const ko2 = await a("GET", `/api/journal/entries?q=${encodeURIComponent("추격")}`);
    expect(ko2.body.entries.map((x: Json) => x.id)).toEqual([e2.body.id]);
    expect((await a("GET", "/api/journal/entries?q=zebra")).body.entries).toEqual([]);

    const byInstrument = await a("GET", `/api/journal/entries?instrumentId=${stock}`);
    expect(byInstrument.body.entries.map((x: Json) => x.id)).toContain(e1.body.id);
    expect(byInstrument.body.entries.map((x: Json) => x.id)).not.toContain(e2.body.id);
    expect((await a("GET", "/api/journal/entries?mood=calm")).body.entries.map((x: Json) => x.id)).toEqual([
      e2.body.id,
    ]);
    const tagged = await a("GET", `/api/journal/entries?tag=${encodeURIComponent("복기")}`);
    expect(tagged.body.entries.map((x: Json) => x.id)).toEqual([e2.body.id]);
    const dated = await a("GET", "/api/journal/entries?from=2024-05-02&to=2024-05-02");
    expect(dated.body.entries.map((x: Json) => x.id)).toEqual([e2.body.id]);

    // Archived entries leave the default list; the trade shows its entry.
    await a("PATCH", `/api/journal/entries/${e2.body.id}`, { archived: true });
    expect((await a("GET", "/api/journal/entries?mood=calm")).body.entries).toEqual([]);
    expect((await a("GET", "/api/journal/entries?mood=calm&archived=true")).body.entries).toHaveLength(1);
    expect((await a("GET", `/api/journal/trades/${trade.id}`)).body.entryIds).toEqual([e1.body.id]);
  });

  it("refuses bad input by field, another user's trade as a link, and hides entries from strangers", async () => {
    const bad = await a("POST", "/api/journal/entries", { title: "x", confidence: 11 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("body.confidence");
    const noTitle = await a("POST", "/api/journal/entries", { title: "  " });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.message).toContain("body.title");
    const accB = await account(b);
    const rb = await b("POST", "/api/portfolio/transactions", {
      accountId: accB,
      type: "buy",
      date: "2024-01-02",
      instrumentId: stock,
      quantity: "1",
      price: "1",
      currency: "USD",
      fxRate: "1",
    });
    expect(rb.status).toBe(201);
    const theirTrade = (await b("GET", "/api/journal/trades")).body.trades[0];
    const link = await a("POST", "/api/journal/entries", { title: "x", tradeIds: [theirTrade.id] });
    expect(link.status).toBe(400);
    expect(link.body.message).toContain("input.tradeIds.0");
    const mine = await a("POST", "/api/journal/entries", { title: "private" });
    expect((await b("GET", `/api/journal/entries/${mine.body.id}`)).status).toBe(404);
    expect((await b("DELETE", `/api/journal/entries/${mine.body.id}`)).status).toBe(404);
    expect((await a("DELETE", `/api/journal/entries/${mine.body.id}`)).status).toBe(204);
    expect((await a("GET", `/api/journal/entries/${mine.body.id}`)).status).toBe(404);
  });
});

describe("playbooks and statistics", () => {
  it("keeps names unique per user, and computes statistics with sample sizes and intervals", async () => {
    const u = await createUser(env.platform);
    const c = caller((await signIn(env.app, u.username, u.password)).bearer);
    const pb = await c("POST", "/api/journal/playbooks", {
      name: "Gap and go",
      rules: [{ text: "Volume 2×" }],
    });
    expect(pb.status).toBe(201);
    expect((await c("POST", "/api/journal/playbooks", { name: "Gap and go" })).status).toBe(409);
    expect((await b("POST", "/api/journal/playbooks", { name: "Gap and go" })).status).toBe(201);
    expect((await b("GET", `/api/journal/playbooks/${pb.body.id}`)).status).toBe(404);
    const acc = await account(c);
    // Each trade on days of its own: trades on the same days would be one round trip in the ledger.
    const enter = async (days: [string, string], entry: string, exit: string, stop?: string) => {
      const r = await c("POST", "/api/journal/trades", {
        accountId: acc,
        instrumentId: stock,
        side: "long",
        fills: [
          { action: "entry", date: days[0], quantity: "10", price: entry },
          { action: "exit", date: days[1], quantity: "10", price: exit },
        ],
        strategyId: pb.body.id,
        ...(stop ? { plannedStop: stop } : {}),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    };
    await enter(["2024-06-03", "2024-06-04"], "10", "12", "9"); // Monday, +20, 2 R
    await enter(["2024-06-05", "2024-06-06"], "10", "9", "9"); // Wednesday, −10, −1 R
    await enter(["2024-06-10", "2024-06-11"], "10", "13"); // Monday, +30

    const s = await c("GET", "/api/journal/stats?groupBy=strategy");
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ currency: "USD", currencies: [{ currency: "USD", count: 3 }] });
    expect(s.body.overall).toMatchObject({ count: 3, wins: 2, losses: 1, netPnl: 40, rCount: 2, totalR: 1 });
    expect(s.body.overall.winRate).toBeCloseTo(2 / 3, 12);
    expect(s.body.overall.profitFactor).toBeCloseTo(5, 12);
    expect(s.body.overall.winRateInterval.low).toBeLessThan(0.3);
    expect(s.body.overall.expectancyInterval.low).toBeLessThan(0);
    expect(s.body.groups.map((g: Json) => [g.key, g.metrics.count])).toEqual([["Gap and go", 3]]);
    const weekday = await c("GET", "/api/journal/stats?groupBy=weekday");
    expect(weekday.body.groups.map((g: Json) => [g.key, g.metrics.count])).toEqual([
      ["mon", 2],
      ["wed", 1],
    ]);

    const bad = await c("GET", "/api/journal/stats?groupBy=moon");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("querystring.groupBy");
    const zone = await c("GET", "/api/journal/stats?timeZone=Mars/Olympus");
    expect(zone.status).toBe(400);
    expect(zone.body.message).toContain("input.timeZone");

    const rebuilt = await c("POST", "/api/journal/trades/rebuild");
    expect(rebuilt.body).toEqual({ accounts: 1, trades: 3 });
    expect((await c("DELETE", `/api/journal/playbooks/${pb.body.id}`)).status).toBe(204);
    expect(
      (await c("GET", "/api/journal/trades")).body.trades.every((t: Json) => t.strategyId === null),
    ).toBe(true);
  });
});
