// Planning over HTTP on the real database: the risk questionnaire, target allocations with drift and
// hand-computed rebalancing trades, goals with hand-computed projections, the X-ray, bad input named
// by field, and one user never reaching another's accounts or goals.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import type { Platform } from "../../../platform/platform.ts";
import { createInstrument, importBars, textChunks } from "../../market/index.ts";
import { fxRates } from "../valuation/test-market.ts";

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in assertions
type Json = Record<string, any>;

/** A signed-in caller: `call(method, url, body?)` answering status and JSON. */
function caller(app: FastifyInstance, headers: Record<string, string>) {
  return async (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, payload?: unknown) => {
    const r = await app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return {
      status: r.statusCode,
      body: r.body ? (r.json() as Json) : ({} as Json),
    };
  };
}

let env: TestEnv & { app: FastifyInstance };
let a: ReturnType<typeof caller>;
let b: ReturnType<typeof caller>;
let accountA: string;
let accountB: string;
let stock: string;
let bond: string;
let krStock: string;

const TODAY = "2024-06-28";

/** Weekdays from `from` to `to` inclusive. */
function weekdays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

async function instrument(
  platform: Platform,
  o: {
    symbol: string;
    assetClass: "equity" | "bond";
    currency: string;
    country: string;
    mic: string;
    sector?: string;
  },
  closes: [string, number][],
): Promise<string> {
  const ctx = operatorCtx(platform);
  const i = await createInstrument({
    ctx,
    input: { ...o, name: `${o.symbol} test`, sector: o.sector ?? null },
  });
  const csv = `date,open,high,low,close,volume\n${closes.map(([d, c]) => `${d},${c},${c},${c},${c},1000`).join("\n")}\n`;
  const r = await importBars({
    ctx,
    input: { instrumentId: i.id, interval: "1d", source: "test", body: textChunks(csv) },
  });
  if (r.refused) throw new Error(`bars refused: ${JSON.stringify(r.errors)}`);
  return i.id;
}

beforeAll(async () => {
  env = await createTestApp({ clock: testClock(new Date(`${TODAY}T12:00:00Z`)) });
  const ua = await createUser(env.platform);
  const ub = await createUser(env.platform);
  a = caller(env.app, (await signIn(env.app, ua.username, ua.password)).bearer);
  b = caller(env.app, (await signIn(env.app, ub.username, ub.password)).bearer);
  // The stock wanders around a rising line and closes at 120 today; the bond stays at 100.
  const days = weekdays("2024-01-02", TODAY);
  const closes: [string, number][] = days.map((d, i) => [
    d,
    100 + (20 * i) / (days.length - 1) + ((i % 5) - 2),
  ]);
  closes[closes.length - 1] = [TODAY, 120];
  closes[0] = ["2024-01-02", 100];
  stock = await instrument(
    env.platform,
    {
      symbol: "PLNX",
      assetClass: "equity",
      currency: "USD",
      country: "US",
      mic: "XNAS",
      sector: "Technology",
    },
    closes,
  );
  bond = await instrument(
    env.platform,
    { symbol: "PLNB", assetClass: "bond", currency: "USD", country: "US", mic: "XNYS" },
    [
      ["2024-01-02", 100],
      [TODAY, 100],
    ],
  );
  krStock = await instrument(
    env.platform,
    { symbol: "900123", assetClass: "equity", currency: "KRW", country: "KR", mic: "XKRX" },
    [
      ["2024-01-02", 70000],
      [TODAY, 70000],
    ],
  );
  await fxRates(env.platform, [
    ["2024-01-02", { KRW: 1300 }],
    [TODAY, { KRW: 1400 }],
  ]);
  // A: 10,005 USD in; 50 PLNX at 100 with a 5 USD fee; 20 PLNB at 100 → cash 3,000.
  // Today: PLNX 50 × 120 = 6,000, PLNB 2,000, cash 3,000 → 11,000.
  const acc = await a("POST", "/api/portfolio/accounts", { name: "Main", baseCurrency: "USD" });
  accountA = acc.body.id;
  const rows = [
    { type: "deposit", date: "2024-01-02", amount: "10005" },
    { type: "buy", date: "2024-01-02", instrumentId: stock, quantity: "50", price: "100", fee: "5" },
    { type: "buy", date: "2024-01-02", instrumentId: bond, quantity: "20", price: "100" },
  ];
  for (const r of rows) {
    const res = await a("POST", "/api/portfolio/transactions", { accountId: accountA, ...r });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  accountB = (await b("POST", "/api/portfolio/accounts", { name: "Other", baseCurrency: "KRW" })).body.id;
});
afterAll(async () => env?.close());

const answers = {
  horizon: "5to10y",
  goal: "growth",
  lossTolerance: "upTo20",
  experience: "stocks",
  incomeStability: "stable",
  drop20: "hold",
  emergencyFund: "3to6m",
  shareOfWealth: "25to50",
};

describe("risk profile", () => {
  it("serves the questions, scores valid answers and names the bad ones", async () => {
    const q = await a("GET", "/api/portfolio/risk-profile/questions");
    expect(q.status).toBe(200);
    expect(q.body.questions.map((x: { id: string }) => x.id)).toEqual(Object.keys(answers));
    expect((await a("GET", "/api/portfolio/risk-profile")).body).toEqual({ profile: null });

    const missing = await a("PUT", "/api/portfolio/risk-profile", {
      answers: { ...answers, goal: undefined },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/answers\.goal: not answered/);
    const wrong = await a("PUT", "/api/portfolio/risk-profile", { answers: { ...answers, drop20: "panic" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/answers\.drop20: "panic" is not one of sellAll/);

    // Points: horizon 3/4·3, goal 3/4·2, loss 3/4·3, experience 2/4·1, income 2/3·1, drop 2/3·3,
    // emergency 2/3·1, share 2/3·1 → (2.25+1.5+2.25+0.5+0.6667+2+0.6667+0.6667)/15 = 10.5/15 = 70.
    const put = await a("PUT", "/api/portfolio/risk-profile", { answers });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.profile).toMatchObject({ score: 70, profileType: "growth", cappedBy: null });
    expect(put.body.profile.modelAllocation).toEqual(
      q.body.profiles.find((p: { type: string }) => p.type === "growth").modelAllocation,
    );
    expect((await a("GET", "/api/portfolio/risk-profile")).body.profile.score).toBe(70);
    expect((await b("GET", "/api/portfolio/risk-profile")).body).toEqual({ profile: null });
  });
});

describe("allocations", () => {
  it("refuses targets that do not sum to 100, naming the dimension, and foreign accounts", async () => {
    const bad = await a("PUT", "/api/portfolio/allocations", {
      targets: {
        assetClass: [
          { key: "equity", pct: 60 },
          { key: "bond", pct: "35" },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/targets\.assetClass: the targets sum to 95 %/);
    const dup = await a("PUT", "/api/portfolio/allocations", {
      targets: {
        market: [
          { key: "US", pct: 50 },
          { key: "us", pct: 50 },
        ],
      },
    });
    expect(dup.body.message).toMatch(/targets\.market\.1\.key: US is listed twice/);
    const pct = await a("PUT", "/api/portfolio/allocations", {
      targets: { currency: [{ key: "USD", pct: "abc" }] },
    });
    expect(pct.status).toBe(400);
    expect(pct.body.message).toMatch(/targets\.currency\.0\.pct/);
    const key = await a("PUT", "/api/portfolio/allocations", {
      targets: { assetClass: [{ key: "stocks & bonds", pct: 100 }] },
    });
    expect(key.body.message).toMatch(/targets\.assetClass\.0\.key: expected an asset class/);
    const instrumentKey = await a("PUT", "/api/portfolio/allocations", {
      targets: { instrument: [{ key: "AAPL", pct: 100 }] },
    });
    expect(instrumentKey.body.message).toMatch(/targets\.instrument\.0\.key: expected an instrument id/);
    const none = await a("PUT", "/api/portfolio/allocations", { targets: {} });
    expect(none.body.message).toMatch(/input\.targets: give at least one/);
    const foreign = await b("PUT", "/api/portfolio/allocations", {
      accountId: accountA,
      targets: { assetClass: [{ key: "equity", pct: 100 }] },
    });
    expect(foreign.status).toBe(404);
    expect((await b("GET", `/api/portfolio/allocations?accountId=${accountA}`)).status).toBe(404);
  });

  it("measures drift and suggests the trades that restore the targets", async () => {
    const put = await a("PUT", "/api/portfolio/allocations", {
      targets: {
        assetClass: [
          { key: "Equity", pct: 60 },
          { key: "BOND", pct: 40 },
        ],
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.targets.map((t: { key: string }) => t.key)).toEqual(["bond", "equity"]);
    expect(put.body.total).toBe("11000.00");
    const slices = Object.fromEntries(
      put.body.dimensions
        .find((d: { dimension: string }) => d.dimension === "assetClass")
        .slices.map((s: { key: string }) => [s.key, s]),
    );
    // equity 6,000/11,000 = 54.5455 %, bond 18.1818 %, cash 27.2727 %.
    expect(slices.equity).toMatchObject({
      currentPct: "54.5455",
      targetPct: "60",
      driftPct: "-5.4545",
      driftValue: "-600.00",
    });
    expect(slices.bond).toMatchObject({ currentPct: "18.1818", driftValue: "-2400.00", status: "under" });
    expect(slices.cash).toMatchObject({ currentPct: "27.2727", targetPct: "0", status: "over" });
    // Bond is furthest under: 2,400 of the 3,000 cash buys 24 PLNB; equity's 600 buys 5 PLNX at 120.
    expect(
      put.body.rebalance.trades.map((t: Record<string, string>) => [t.action, t.symbol, t.quantity, t.value]),
    ).toEqual([
      ["buy", "PLNB", "24", "2400.00"],
      ["buy", "PLNX", "5", "600.00"],
    ]);
    expect(slices.cash.valueAfter).toBe("0.00");
    // A 1,000 minimum drops the PLNX buy; a 30 pp band leaves everything alone.
    const min = await a("GET", "/api/portfolio/allocations?minTrade=1000");
    expect(min.body.rebalance.trades.map((t: { symbol: string }) => t.symbol)).toEqual(["PLNB"]);
    const band = await a("GET", "/api/portfolio/allocations?tolerance=30");
    expect(band.body.rebalance.trades).toEqual([]);
    expect(band.body.rebalance.explanation).toMatchObject({
      code: "rebalance.summary.balanced",
      params: { dimension: "assetClass", tolerancePct: "30" },
    });
    // The market dimension: everything is US, and a 50 % KR target has nothing to buy.
    await a("PUT", "/api/portfolio/allocations", {
      targets: {
        market: [
          { key: "us", pct: 50 },
          { key: "KR", pct: 50 },
        ],
      },
    });
    const kr = await a("GET", "/api/portfolio/allocations?dimension=market");
    expect(kr.body.rebalance.shortfalls.map((s: { slice: string }) => s.slice)).toEqual(["KR"]);
    const bad = await a("GET", "/api/portfolio/allocations?dimension=planet");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/dimension/);
    // Clearing a dimension.
    const cleared = await a("PUT", "/api/portfolio/allocations", { targets: { market: [] } });
    expect(cleared.body.targets.map((t: { dimension: string }) => t.dimension)).toEqual([
      "assetClass",
      "assetClass",
    ]);
  });
});

describe("allocations by instrument", () => {
  it("buys an instrument with a target that is not held yet, converting cash, and sells what has no target", async () => {
    // PLNX 50 %, the KRX stock 30 %, cash 20 %; PLNB has no target (0 %). Total 11,000 USD.
    const put = await a("PUT", "/api/portfolio/allocations", {
      targets: {
        instrument: [
          { key: stock, pct: 50 },
          { key: krStock, pct: 30 },
          { key: "cash", pct: 20 },
        ],
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    // Only spare cash: 3,000 − the 2,200 cash target = 800 USD buys 16 shares at 70,000 KRW
    // (50 USD at 1,400 KRW per USD), paid in USD (a conversion).
    const spare = await a("GET", "/api/portfolio/allocations?dimension=instrument");
    const trades = spare.body.rebalance.trades;
    expect(trades.map((t: Json) => [t.action, t.symbol, t.quantity, t.value, t.fundedBy])).toEqual([
      ["buy", "900123", "16", "800.00", { currency: "USD", amount: "800.00" }],
    ]);
    expect(trades[0].explanation).toMatchObject({
      code: "rebalance.buyConverting",
      // The slice is the instrument, named by its symbol (not its id).
      params: {
        quantity: "16",
        symbol: "900123",
        slice: "900123",
        cashCurrency: "USD",
        instrumentCurrency: "KRW",
      },
    });
    const slices = spare.body.dimensions.find((d: Json) => d.dimension === "instrument").slices;
    expect(slices.find((x: Json) => x.key === krStock).label).toBe("900123");
    expect(spare.body.rebalance.shortfalls).toEqual([
      expect.objectContaining({ slice: krStock, value: "2500.00" }),
    ]);
    // Selling allowed: all 20 PLNB (2,000) go, and 2,800 of the 5,000 cash buys 56 shares.
    const sell = await a("GET", "/api/portfolio/allocations?dimension=instrument&allowSell=true");
    expect(sell.body.rebalance.trades.map((t: Json) => [t.action, t.symbol, t.quantity, t.value])).toEqual([
      ["sell", "PLNB", "20", "2000.00"],
      ["buy", "900123", "56", "2800.00"],
    ]);
    await a("PUT", "/api/portfolio/allocations", { targets: { instrument: [] } });
  });
});

describe("goals", () => {
  it("projects a goal by hand and reports progress and the contribution needed", async () => {
    const r = await a("POST", "/api/portfolio/goals", {
      name: "House",
      targetAmount: "20000",
      currency: "USD",
      targetDate: "2029-06-28",
      monthlyContribution: "100",
      expectedReturnPct: "5",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.progress).toEqual({ asOf: TODAY, currentValue: "11000.00", pct: "55" });
    const m = 1.05 ** (1 / 12) - 1;
    const g = (1 + m) ** 60;
    const fv = 11000 * g + (100 * (g - 1)) / m;
    expect(r.body.projection.months).toBe(60);
    expect(Number(r.body.projection.projectedValue)).toBeCloseTo(fv, 2);
    expect(r.body.projection.onTrack).toBe(fv >= 20000);
    expect(Number(r.body.projection.requiredMonthlyContribution)).toBeCloseTo(
      ((20000 - 11000 * g) * m) / (g - 1),
      2,
    );
    expect(r.body.projection.returnSource).toBe("goal");
    // Enough history for a range: low < expected < high.
    expect(Number(r.body.projection.volatilityPct)).toBeGreaterThan(0);
    expect(Number(r.body.projection.low)).toBeLessThan(fv);
    expect(Number(r.body.projection.high)).toBeGreaterThan(fv);

    // In KRW at today's 1,400: 15,400,000; without an expected return the history's is used.
    const krw = await a("POST", "/api/portfolio/goals", {
      name: "Won",
      targetAmount: "30800000",
      currency: "krw",
      targetDate: "2030-01-01",
      accountIds: [accountA],
    });
    expect(krw.status, JSON.stringify(krw.body)).toBe(201);
    expect(krw.body.progress).toMatchObject({ currentValue: "15400000", pct: "50" });
    expect(krw.body.projection.returnSource).toBe("history");

    const list = await a("GET", "/api/portfolio/goals");
    expect(list.body.goals.map((x: { name: string }) => x.name)).toEqual(["House", "Won"]);
    const patched = await a("PATCH", `/api/portfolio/goals/${r.body.id}`, {
      monthlyContribution: "0",
      expectedReturnPct: "0",
    });
    expect(patched.body.projection.projectedValue).toBe("11000.00");
    expect(Number(patched.body.projection.requiredMonthlyContribution)).toBeCloseTo(9000 / 60, 2);
  });

  it("names bad fields and hides goals from other users", async () => {
    const base = { name: "x", targetAmount: "100", currency: "USD", targetDate: "2030-01-01" };
    const neg = await a("POST", "/api/portfolio/goals", { ...base, targetAmount: "-5" });
    expect(neg.status).toBe(400);
    expect(neg.body.message).toMatch(/targetAmount/);
    const past = await a("POST", "/api/portfolio/goals", { ...base, targetDate: "2024-01-01" });
    expect(past.body.message).toMatch(/targetDate: must be after today/);
    const foreignAccount = await a("POST", "/api/portfolio/goals", { ...base, accountIds: [accountB] });
    expect(foreignAccount.status).toBe(400);
    expect(foreignAccount.body.message).toMatch(/accountIds\.0: no such account/);
    const cur = await a("POST", "/api/portfolio/goals", { ...base, currency: "dollars" });
    expect(cur.body.message).toMatch(/currency/);

    const mine = await a("POST", "/api/portfolio/goals", base);
    const id = mine.body.id;
    expect((await b("GET", `/api/portfolio/goals/${id}`)).status).toBe(404);
    expect((await b("PATCH", `/api/portfolio/goals/${id}`, { name: "stolen" })).status).toBe(404);
    expect((await b("DELETE", `/api/portfolio/goals/${id}`)).status).toBe(404);
    expect((await b("GET", "/api/portfolio/goals")).body.goals).toEqual([]);
    expect((await a("GET", "/api/portfolio/goals/not-a-uuid")).status).toBe(404);
    expect((await a("DELETE", `/api/portfolio/goals/${id}`)).status).toBe(204);
    expect((await a("GET", `/api/portfolio/goals/${id}`)).status).toBe(404);
  });
});

describe("x-ray", () => {
  it("reports concentration, currency, cash drag, fees, markets and drift with their numbers", async () => {
    const r = await a("GET", "/api/portfolio/xray");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const c = Object.fromEntries(r.body.checks.map((x: { id: string }) => [x.id, x]));
    // Invested 8,000: PLNX 75 %, PLNB 25 %; HHI 0.75² + 0.25² = 0.625.
    expect(c.concentration).toMatchObject({
      status: "alert",
      figures: { largestPct: "75", top5Pct: "100", herfindahl: "0.625", effectivePositions: "1.6" },
    });
    expect(c.concentration.explanation).toMatchObject({
      code: "xray.concentration.high",
      params: { top: "PLNX", largestPct: "75", top5Pct: "100", herfindahl: "0.625" },
    });
    expect(c.currency).toMatchObject({ status: "info", figures: { baseCurrency: "USD", foreignPct: "0" } });
    expect(c.cashDrag).toMatchObject({ status: "alert", figures: { cash: "3000.00", cashPct: "27.27" } });
    // 5 USD of commission over the average daily value of the last year.
    expect(c.fees.figures.feesLastYear).toBe("5.00");
    expect(c.fees.figures.averageFrom).toBe("history");
    const avg = Number(c.fees.figures.averageValue);
    expect(avg).toBeGreaterThan(10000);
    expect(Number(c.fees.figures.feePct)).toBeCloseTo(500 / avg, 4);
    expect(c.markets).toMatchObject({
      status: "warning",
      figures: { homeMarket: "US", usPct: "100", krPct: "0" },
    });
    // Drift: cash furthest from its (implicit) 0 % target at +27.27 pp (bond is −21.82 pp).
    expect(c.drift).toMatchObject({
      status: "warning",
      figures: { dimension: "assetClass", key: "cash", driftPct: "27.27" },
    });
    expect(Number(r.body.history.volatilityPct)).toBeGreaterThan(0);

    // In KRW every figure converts at 1,400 and the whole portfolio is foreign.
    const krw = await a("GET", "/api/portfolio/xray?currency=KRW");
    expect(krw.body.total).toBe("15400000");
    expect(krw.body.checks.find((x: { id: string }) => x.id === "currency").figures.foreignPct).toBe("100");
    // Another user's account is not found; theirs is empty.
    expect((await b("GET", `/api/portfolio/xray?accountId=${accountA}`)).status).toBe(404);
    const empty = await b("GET", "/api/portfolio/xray");
    expect(empty.body.checks.find((x: { id: string }) => x.id === "concentration").status).toBe(
      "unavailable",
    );
    // What cannot be figured is said with codes (the web words them), each with its values.
    expect(empty.body.checks.map((x: Json) => x.explanation.code)).toEqual([
      "xray.concentration.none",
      "xray.nothing",
      "xray.nothing",
      "xray.fees.none",
      "xray.markets.none",
      "xray.drift.none",
    ]);
    const perf = await b("GET", "/api/portfolio/performance?period=YTD");
    expect(perf.status, JSON.stringify(perf.body)).toBe(200);
    expect(perf.body.mwr).toMatchObject({ annual: null, reason: { code: "mwr.noFlows", params: {} } });
    const goal = await b("POST", "/api/portfolio/goals", {
      name: "First",
      targetAmount: "1000",
      currency: "USD",
      targetDate: "2030-01-01",
    });
    expect(goal.status, JSON.stringify(goal.body)).toBe(201);
    expect(goal.body.warnings.map((w: Json) => [w.code, w.params])).toEqual([
      ["goal.defaultReturn", { returnPct: "4" }],
      ["goal.noRange", {}],
    ]);
    expect((await b("DELETE", `/api/portfolio/goals/${goal.body.id}`)).status).toBe(204);
  });

  it("buys KRX shares in whole lots with converted cash", async () => {
    // B: 1,000,000 KRW and 7 shares of a KRX stock (490,000); target 100 % equity → 7 more shares.
    await b("POST", "/api/portfolio/transactions", {
      accountId: accountB,
      type: "deposit",
      date: "2024-01-02",
      amount: "1000000",
    });
    const buy = await b("POST", "/api/portfolio/transactions", {
      accountId: accountB,
      type: "buy",
      date: "2024-01-02",
      instrumentId: krStock,
      quantity: "7",
      price: "70000",
    });
    expect(buy.status, JSON.stringify(buy.body)).toBe(201);
    const r = await b("PUT", "/api/portfolio/allocations", {
      accountId: accountB,
      targets: { assetClass: [{ key: "equity", pct: 100 }] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.accountId).toBe(accountB);
    expect(
      r.body.rebalance.trades.map((t: Record<string, string>) => [t.symbol, t.quantity, t.amount]),
    ).toEqual([["900123", "7", "490000"]]);
    // B's own X-ray of that account, in its base currency: 490,000 of stock and 510,000 of cash.
    const x = await b("GET", `/api/portfolio/xray?accountId=${accountB}`);
    expect(x.status, JSON.stringify(x.body)).toBe(200);
    expect(x.body).toMatchObject({ accountId: accountB, currency: "KRW", total: "1000000" });
    const checks = Object.fromEntries(x.body.checks.map((c: Json) => [c.id, c]));
    expect(checks.concentration.figures).toMatchObject({ largestPct: "100", herfindahl: "1" });
    expect(checks.cashDrag).toMatchObject({ status: "alert", figures: { cash: "510000", cashPct: "51" } });
    expect(checks.markets.figures).toMatchObject({ homeMarket: "KR", homePct: "100", krPct: "100" });
    // Equity (49 % of a 100 % target) and cash (51 % of 0 %) tie; the larger target is named.
    expect(checks.drift.figures).toMatchObject({ dimension: "assetClass", key: "equity", driftPct: "-51" });
    // The across-all scope has no targets of B's.
    expect((await b("GET", "/api/portfolio/allocations")).body.rebalance).toBeNull();
  });
});
