// Hand-computed scenarios over HTTP: a KRW account holding a USD stock (price and FX effects apart),
// a dividend with withholding tax, a full sale and re-buy (TWR links on, never −100 %), a transfer
// between two accounts (lots keep cost and date), and the holdings cache equal to the ledger's
// replay after edits and deletes.
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { queryRows } from "../../../platform/db/rows.ts";
import { Decimal } from "../../../platform/money.ts";
import { replay } from "../engine/index.ts";
import { caller, fxRates, instrumentWithCloses } from "./test-market.ts";

let env: TestEnv & { app: FastifyInstance };
let call: ReturnType<typeof caller>;
let us: string;
let kr: string;
let idx: string;

const DAYS = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"];
const PERIOD = "from=2024-01-01&to=2024-01-05";

beforeAll(async () => {
  env = await createTestApp();
  const u = await createUser(env.platform);
  call = caller(env.app, (await signIn(env.app, u.username, u.password)).bearer);
  const zip = (v: number[]) => DAYS.map((d, i) => [d, v[i]] as [string, number]);
  us = await instrumentWithCloses(env.platform, { currency: "USD" }, zip([100, 110, 105, 120]));
  kr = await instrumentWithCloses(env.platform, { currency: "KRW" }, zip([70000, 72000, 71000, 73000]));
  idx = await instrumentWithCloses(env.platform, { currency: "USD" }, zip([1000, 1010, 1000, 1050]));
  await fxRates(
    env.platform,
    zip([1300, 1310, 1320, 1330]).map(([d, x]) => [d, { KRW: x }]),
  );
});
afterAll(async () => env?.close());

const account = async (name: string, baseCurrency: string) => {
  const r = await call("POST", "/api/portfolio/accounts", { name, baseCurrency });
  expect(r.status).toBe(201);
  return r.body.id as string;
};
const add = async (body: Record<string, unknown>) => {
  const r = await call("POST", "/api/portfolio/transactions", body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

describe("a KRW account holding a USD stock", () => {
  let acc: string;
  beforeAll(async () => {
    acc = await account("KRW with US", "KRW");
    await add({ accountId: acc, type: "deposit", date: DAYS[0], amount: "2000000" });
    await add({
      accountId: acc,
      type: "conversion",
      date: DAYS[0],
      currency: "KRW",
      amount: "1300000",
      toCurrency: "USD",
      toAmount: "1000",
      toFxRate: "1300",
    });
    await add({
      accountId: acc,
      type: "buy",
      date: DAYS[0],
      instrumentId: us,
      quantity: "10",
      price: "100",
      fxRate: "1300",
    });
  });

  it("values the holding in dollars and in won, at each day's rate", async () => {
    const h = await call("GET", `/api/portfolio/holdings?accountId=${acc}&asOf=2024-01-05`);
    expect(h.status, JSON.stringify(h.body)).toBe(200);
    expect(h.body).toMatchObject({
      currency: "KRW",
      totalValue: "2296000",
      holdingsValue: "1596000",
      cashValue: "700000",
    });
    const [x] = h.body.holdings;
    expect(x).toMatchObject({
      instrumentId: us,
      quantity: "10",
      currency: "USD",
      baseCurrency: "KRW",
      averagePrice: "100",
      averageCost: "1000.00",
      averageCostBase: "1300000",
      price: 120,
      marketValue: "1200.00",
      marketValueBase: "1596000",
      unrealisedPnl: "200.00",
      unrealisedPnlBase: "296000",
      stale: false,
    });
    expect(x.unrealisedPnlPct).toBeCloseTo(0.2, 12);
    expect(x.unrealisedPnlBasePct).toBeCloseTo(296000 / 1300000, 12);
    expect(x.lots).toHaveLength(1);
    expect(x.lots[0]).toMatchObject({
      quantity: "10",
      cost: "1000.00",
      costBase: "1300000",
      acquiredDate: DAYS[0],
    });
  });

  it("splits the gain into price and FX by hand: price 262,500, FX 33,500", async () => {
    // Day by day: price = q·Δp·x(prev), FX = q·p·Δx.
    // 01-03: 10·10·1300 = 130,000 and 10·110·10 = 11,000; 01-04: 10·(−5)·1310 = −65,500 and
    // 10·105·10 = 10,500; 01-05: 10·15·1320 = 198,000 and 10·120·10 = 12,000.
    const d = await call("GET", `/api/portfolio/decomposition?accountId=${acc}&${PERIOD}&split=none`);
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body.portfolio).toEqual({
      price: "262500",
      income: "0",
      fx: "33500",
      fees: "0",
      total: "296000",
    });
    const holding = d.body.holdings.find((h: { instrumentId: string | null }) => h.instrumentId === us);
    expect(holding.decomposition).toEqual({
      price: "262500",
      income: "0",
      fx: "33500",
      fees: "0",
      total: "296000",
    });
  });

  it("ends a named period on the last day with data, the same for performance and decomposition", async () => {
    // The data stops on 2024-01-05, long before today: YTD is 2024's, in both answers.
    const p = await call("GET", `/api/portfolio/performance?accountId=${acc}&period=YTD`);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.series.at(-1).date).toBe("2024-01-05");
    const d = await call("GET", `/api/portfolio/decomposition?accountId=${acc}&period=YTD&split=month`);
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body.portfolio.total).toBe("296000");
    expect(d.body.drillDown.periods.map((x: { from: string; to: string }) => [x.from, x.to])).toEqual([
      ["2024-01-01", "2024-01-05"],
    ]);
  });

  it("answers TWR and MWR side by side, with the chart series and a benchmark", async () => {
    const p = await call("GET", `/api/portfolio/performance?accountId=${acc}&${PERIOD}&benchmark=${idx}`);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body).toMatchObject({
      currency: "KRW",
      startValue: "0",
      endValue: "2296000",
      inflow: "2000000",
      gain: "296000",
    });
    // One deposit at the start and nothing after: both returns are 14.8 % over the period.
    expect(p.body.twr).toBeCloseTo(0.148, 12);
    expect(p.body.mwr.period).toBeCloseTo(0.148, 9);
    expect(p.body.series.map((s: { date: string }) => s.date)).toEqual(DAYS);
    expect(p.body.series.map((s: { value: string }) => s.value)).toEqual([
      "2000000",
      "2141000",
      "2086000",
      "2296000",
    ]);
    expect(p.body.series.at(-1).twr).toBeCloseTo(0.148, 12);
    expect(p.body.benchmark.return).toBeCloseTo(0.05, 12);
    expect(p.body.series.map((s: { benchmark: number }) => s.benchmark)).toEqual([
      0,
      expect.closeTo(0.01, 12),
      0,
      expect.closeTo(0.05, 12),
    ]);
    expect(p.body.risk.periods).toBe(3);
    expect(p.body.risk.maxDrawdown).toBeGreaterThan(0);
    expect(typeof p.body.risk.beta).toBe("number");
  });

  it("states the same account in dollars when asked, converting at the market's rates", async () => {
    const h = await call("GET", `/api/portfolio/holdings?accountId=${acc}&asOf=2024-01-05&currency=USD`);
    expect(h.body.currency).toBe("USD");
    // 1,596,000 KRW / 1330 = 1200 USD; 700,000 / 1330 = 526.3157… USD.
    expect(h.body.holdingsValue).toBe("1200.00");
    expect(h.body.cashValue).toBe("526.32");
  });
});

describe("a dividend with withholding tax", () => {
  it("counts the gross as income and the tax withheld as a fee", async () => {
    const acc = await account("USD income", "USD");
    await add({ accountId: acc, type: "deposit", date: DAYS[0], amount: "10000" });
    await add({
      accountId: acc,
      type: "buy",
      date: DAYS[0],
      instrumentId: us,
      quantity: "50",
      price: "100",
      fee: "5",
    });
    await add({
      accountId: acc,
      type: "dividend",
      date: DAYS[2],
      instrumentId: us,
      amount: "25",
      withholdingTax: "3.75",
    });
    const h = await call("GET", `/api/portfolio/holdings?accountId=${acc}&asOf=2024-01-05`);
    expect(h.body).toMatchObject({ totalValue: "11016.25", holdingsValue: "6000.00", cashValue: "5016.25" });
    expect(h.body.holdings[0]).toMatchObject({ averageCost: "5005.00", unrealisedPnl: "995.00" });
    const d = await call("GET", `/api/portfolio/decomposition?accountId=${acc}&${PERIOD}&split=none`);
    expect(d.body.portfolio).toEqual({
      price: "1000.00",
      income: "25.00",
      fx: "0.00",
      fees: "-8.75",
      total: "1016.25",
    });
    const p = await call("GET", `/api/portfolio/performance?accountId=${acc}&${PERIOD}`);
    expect(p.body.twr).toBeCloseTo(0.101625, 12);
    // The drill-down's sub-periods sum to the period's figures.
    const m = await call(
      "GET",
      `/api/portfolio/decomposition?accountId=${acc}&from=2023-12-01&to=2024-01-05&split=month&instrumentId=${us}`,
    );
    expect(m.body.drillDown.periods.map((x: { from: string; to: string }) => [x.from, x.to])).toEqual([
      ["2023-12-01", "2023-12-31"],
      ["2024-01-01", "2024-01-05"],
    ]);
    expect(m.body.drillDown.periods[1].decomposition).toEqual({
      price: "1000.00",
      income: "25.00",
      fx: "0.00",
      fees: "-8.75",
      total: "1016.25",
    });
  });
});

describe("a full sale and a re-buy", () => {
  it("realises the sale, starts a new lot, and TWR links on", async () => {
    const acc = await account("KR trader", "KRW");
    await add({ accountId: acc, type: "deposit", date: DAYS[0], amount: "1000000" });
    await add({
      accountId: acc,
      type: "buy",
      date: DAYS[0],
      instrumentId: kr,
      quantity: "10",
      price: "70000",
      fee: "100",
    });
    const sale = await add({
      accountId: acc,
      type: "sell",
      date: DAYS[1],
      instrumentId: kr,
      quantity: "10",
      price: "72000",
      fee: "150",
    });
    await add({
      accountId: acc,
      type: "buy",
      date: DAYS[2],
      instrumentId: kr,
      quantity: "5",
      price: "71000",
      fee: "50",
    });
    const h = await call("GET", `/api/portfolio/holdings?accountId=${acc}&asOf=2024-01-05`);
    expect(h.body).toMatchObject({ totalValue: "1029700", cashValue: "664700" });
    expect(h.body.holdings[0]).toMatchObject({
      quantity: "5",
      averageCost: "355050",
      averagePrice: "71010",
      unrealisedPnl: "9950",
    });
    expect(h.body.holdings[0].lots).toEqual([
      expect.objectContaining({ quantity: "5", cost: "355050", acquiredDate: DAYS[2] }),
    ]);
    expect(h.body.realised).toEqual([
      expect.objectContaining({
        transactionId: sale.id,
        kind: "sell",
        proceeds: "719850",
        cost: "700100",
        pnl: "19750",
        pnlAverage: "19750",
      }),
    ]);
    const p = await call("GET", `/api/portfolio/performance?accountId=${acc}&${PERIOD}`);
    expect(p.body.twr).toBeCloseTo(0.0297, 12);
    expect(p.body.gain).toBe("29700");
  });
});

describe("a transfer between two accounts", () => {
  it("moves the lots with their cost and date, and is no flow for the two together", async () => {
    const a = await account("Transfer from", "KRW");
    const b = await account("Transfer to", "KRW");
    await add({ accountId: a, type: "deposit", date: DAYS[0], amount: "700000" });
    await add({ accountId: a, type: "buy", date: DAYS[0], instrumentId: kr, quantity: "10", price: "70000" });
    await add({
      accountId: a,
      type: "transferOut",
      date: DAYS[1],
      instrumentId: kr,
      quantity: "4",
      transferId: "t-1",
    });
    await add({
      accountId: b,
      type: "transferIn",
      date: DAYS[1],
      instrumentId: kr,
      quantity: "4",
      transferId: "t-1",
    });
    const hb = await call("GET", `/api/portfolio/holdings?accountId=${b}&asOf=2024-01-05`);
    expect(hb.body.holdings[0]).toMatchObject({ quantity: "4", averageCost: "280000" });
    expect(hb.body.holdings[0].lots[0]).toMatchObject({ cost: "280000", acquiredDate: DAYS[0] });
    const ha = await call("GET", `/api/portfolio/holdings?accountId=${a}&asOf=2024-01-05`);
    expect(ha.body.holdings[0]).toMatchObject({ quantity: "6", averageCost: "420000" });
    // Account A alone: the transfer is an outflow at the day's close (4 × 72,000).
    const pa = await call("GET", `/api/portfolio/performance?accountId=${a}&${PERIOD}`);
    expect(pa.body.outflow).toBe("288000");
    // Both accounts (in KRW): the two legs cancel; only the deposit came in.
    const all = await call("GET", `/api/portfolio/performance?currency=KRW&${PERIOD}`);
    const flows = all.body.series.map((s: { netFlow: string }) => Number(s.netFlow));
    expect(flows[1]).toBe(0);
    // Deleting the arrival leaves the departure unmatched: refused.
    const list = await call("GET", `/api/portfolio/transactions?accountId=${a}&type=transferOut`);
    const out = list.body.transactions[0].id;
    const inList = await call("GET", `/api/portfolio/transactions?accountId=${b}`);
    expect((await call("DELETE", `/api/portfolio/transactions/${out}`)).status).toBe(422);
    expect(inList.body.transactions).toHaveLength(1);
  });
});

describe("the holdings cache", () => {
  it("equals the ledger's replay after edits and deletes", async () => {
    const acc = await account("Churn", "KRW");
    const ids: string[] = [];
    for (const [i, d] of DAYS.entries())
      ids.push(
        (
          await add({
            accountId: acc,
            type: "buy",
            date: d,
            instrumentId: kr,
            quantity: String(i + 1),
            price: "70000",
            fee: "10",
          })
        ).id,
      );
    await add({
      accountId: acc,
      type: "sell",
      date: DAYS[3],
      instrumentId: kr,
      quantity: "3",
      price: "73000",
    });
    expect(
      (await call("PATCH", `/api/portfolio/transactions/${ids[1]}`, { quantity: "7", price: "71000.5" }))
        .status,
    ).toBe(200);
    expect((await call("DELETE", `/api/portfolio/transactions/${ids[0]}`)).status).toBe(204);
    const list = await call("GET", `/api/portfolio/transactions?accountId=${acc}&order=asc`);
    const rows = list.body.transactions as {
      type: string;
      quantity: string;
      price: string;
      fee: string | null;
    }[];
    // Quantity and moving-average cost computed here from the listed rows.
    let q = new Decimal(0);
    let cost = new Decimal(0);
    for (const r of rows) {
      const n = new Decimal(r.quantity);
      if (r.type === "buy") {
        q = q.plus(n);
        cost = cost.plus(n.times(r.price)).plus(r.fee ?? 0);
      } else {
        cost = cost.minus(cost.times(n).div(q));
        q = q.minus(n);
      }
    }
    const [crow] = await queryRows<{ q: string; c: string }>(
      env.database.db,
      sql`select quantity::text as q, cost_basis::text as c from portfolio.holdings where account_id = ${acc}`,
    );
    expect(new Decimal(crow?.q ?? "0").eq(q)).toBe(true);
    expect(new Decimal(crow?.c ?? "0").minus(cost).abs().lt(1e-9)).toBe(true);
    const h = await call("GET", `/api/portfolio/holdings?accountId=${acc}&asOf=2024-01-05`);
    expect(new Decimal(h.body.holdings[0].quantity).eq(q)).toBe(true);
    expect(replay([{ id: acc, baseCurrency: "KRW" }], []).holdings()[0]?.holdings).toEqual([]);
  });
});

describe("bad input", () => {
  it("names the field", async () => {
    const cases: [string, RegExp][] = [
      ["/api/portfolio/performance?period=2W", /period/],
      ["/api/portfolio/performance?from=2024-02-01&to=2024-01-01", /input\.from/],
      ["/api/portfolio/performance?benchmark=xyz", /input\.benchmark/],
      ["/api/portfolio/decomposition?split=week", /split/],
      ["/api/portfolio/holdings?asOf=2024-13-01", /asOf/],
      ["/api/portfolio/holdings?currency=usdx", /currency/],
    ];
    for (const [url, re] of cases) {
      const r = await call("GET", url);
      expect(r.status, url).toBe(400);
      expect(r.body.message, url).toMatch(re);
    }
    expect(
      (await call("GET", "/api/portfolio/holdings?accountId=0190a0a0-0000-7000-8000-000000000000")).status,
    ).toBe(404);
  });
});
