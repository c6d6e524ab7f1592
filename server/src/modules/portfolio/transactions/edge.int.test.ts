// The ledger's less common rows over HTTP: picked lots, a short and its cover, a spin-off, a
// conversion priced from market FX, lots arriving from another broker, negative interest, a row
// moved to another account, and a user with nothing at all.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { caller, fxRates, instrumentWithCloses } from "../valuation/test-market.ts";

let env: TestEnv & { app: FastifyInstance };
let call: ReturnType<typeof caller>;
let parent: string;
let child: string;
let usd: string;

const D1 = "2024-05-02";
const D2 = "2024-05-03";

beforeAll(async () => {
  env = await createTestApp();
  const u = await createUser(env.platform);
  call = caller(env.app, (await signIn(env.app, u.username, u.password)).bearer);
  parent = await instrumentWithCloses(env.platform, { currency: "KRW" }, [
    [D1, 10000],
    [D2, 9000],
  ]);
  child = await instrumentWithCloses(env.platform, { currency: "KRW" }, [[D2, 2000]]);
  usd = await instrumentWithCloses(env.platform, { currency: "USD" }, [
    [D1, 50],
    [D2, 55],
  ]);
  await fxRates(env.platform, [
    [D1, { KRW: 1350 }],
    [D2, { KRW: 1360 }],
  ]);
});
afterAll(async () => env?.close());

const account = async (name: string, baseCurrency = "KRW") =>
  (await call("POST", "/api/portfolio/accounts", { name, baseCurrency })).body.id as string;
const add = async (body: Record<string, unknown>, status = 201) => {
  const r = await call("POST", "/api/portfolio/transactions", body);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};
const holdings = async (acc: string, asOf = D2) =>
  (await call("GET", `/api/portfolio/holdings?accountId=${acc}&asOf=${asOf}`)).body;

describe("less common rows", () => {
  it("a user with nothing gets empty figures, not errors", async () => {
    const u = await createUser(env.platform);
    const c = caller(env.app, (await signIn(env.app, u.username, u.password)).bearer);
    const h = await c("GET", "/api/portfolio/holdings");
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ holdings: [], cash: [], realised: [], totalValue: "0.00" });
    const p = await c("GET", "/api/portfolio/performance?period=YTD");
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body).toMatchObject({ twr: 0, series: [], mwr: { annual: null } });
    expect((await c("GET", "/api/portfolio/decomposition?period=1Y")).status).toBe(200);
  });

  it("sells the picked lot, not the oldest", async () => {
    const acc = await account("Picks");
    const first = await add({
      accountId: acc,
      type: "buy",
      date: D1,
      instrumentId: parent,
      quantity: "5",
      price: "10000",
    });
    const second = await add({
      accountId: acc,
      type: "buy",
      date: D1,
      instrumentId: parent,
      quantity: "5",
      price: "11000",
    });
    const sale = await add({
      accountId: acc,
      type: "sell",
      date: D2,
      instrumentId: parent,
      quantity: "2",
      price: "9000",
      lots: [{ lotId: second.id, quantity: "2" }],
    });
    const h = await holdings(acc);
    const lots = Object.fromEntries(
      h.holdings[0].lots.map((l: { id: string; quantity: string }) => [l.id, l.quantity]),
    );
    expect(lots).toEqual({ [first.id]: "5", [second.id]: "3" });
    expect(h.realised[0]).toMatchObject({ transactionId: sale.id, cost: "22000", pnl: "-4000" });
    // Picking more than a lot holds is refused, naming the lots.
    const bad = await add(
      {
        accountId: acc,
        type: "sell",
        date: D2,
        instrumentId: parent,
        quantity: "6",
        price: "9000",
        lots: [{ lotId: first.id, quantity: "6" }],
      },
      422,
    );
    expect(bad.message).toMatch(/input\.lots/);
  });

  it("a short sale and its cover", async () => {
    const acc = await account("Shorts");
    await add({
      accountId: acc,
      type: "short",
      date: D1,
      instrumentId: parent,
      quantity: "3",
      price: "10000",
    });
    const h = await holdings(acc, D1);
    expect(h.holdings[0]).toMatchObject({ side: "short", quantity: "-3", unrealisedPnl: "0" });
    // Held short while the price fell from 10,000 to 9,000: a gain of 3,000.
    expect((await holdings(acc)).holdings[0]).toMatchObject({ unrealisedPnl: "3000" });
    await add({
      accountId: acc,
      type: "cover",
      date: D2,
      instrumentId: parent,
      quantity: "3",
      price: "9000",
    });
    const after = await holdings(acc);
    expect(after.holdings).toEqual([]);
    expect(after.realised[0]).toMatchObject({ kind: "cover", pnl: "3000" });
  });

  it("a spin-off moves part of the cost to the new line", async () => {
    const acc = await account("Spin");
    await add({
      accountId: acc,
      type: "buy",
      date: D1,
      instrumentId: parent,
      quantity: "10",
      price: "10000",
    });
    await add({
      accountId: acc,
      type: "spinOff",
      date: D2,
      instrumentId: parent,
      newInstrumentId: child,
      ratio: "0.5",
      costFraction: "0.2",
    });
    const h = await holdings(acc);
    const by = Object.fromEntries(h.holdings.map((x: { instrumentId: string }) => [x.instrumentId, x]));
    expect(by[child]).toMatchObject({ quantity: "5", averageCost: "20000", currency: "KRW" });
    expect(by[parent]).toMatchObject({ quantity: "10", averageCost: "80000" });
  });

  it("a conversion takes the bought currency's rate from market FX, and says so", async () => {
    const acc = await account("Convert");
    await add({ accountId: acc, type: "deposit", date: D1, amount: "1350000" });
    const conv = await add({
      accountId: acc,
      type: "conversion",
      date: D1,
      currency: "KRW",
      amount: "1350000",
      toCurrency: "USD",
      toAmount: "1000",
    });
    expect(conv).toMatchObject({ fxRate: "1", toFxRate: "1350" });
    expect(conv.fxUsed).toEqual([
      expect.objectContaining({ field: "toFxRate", currency: "USD", rate: "1350", rateDate: D1 }),
    ]);
    const h = await holdings(acc);
    expect(h.cash).toEqual([
      expect.objectContaining({ currency: "USD", amount: "1000.00", value: "1360000" }),
    ]);
  });

  it("lots arriving from another broker keep their cost and date; interest paid is negative", async () => {
    const acc = await account("Arrivals", "USD");
    await add({
      accountId: acc,
      type: "transferIn",
      date: D1,
      instrumentId: usd,
      quantity: "4",
      transferId: "from-elsewhere",
      lots: [{ quantity: "4", cost: "120", acquiredDate: "2019-03-01" }],
    });
    await add({ accountId: acc, type: "interest", date: D2, amount: "-1.25" });
    const h = await holdings(acc);
    expect(h.holdings[0]).toMatchObject({ quantity: "4", averageCost: "120.00", unrealisedPnl: "100.00" });
    expect(h.holdings[0].lots[0]).toMatchObject({ acquiredDate: "2019-03-01" });
    expect(h.cash).toEqual([expect.objectContaining({ currency: "USD", amount: "-1.25" })]);
    // An arrival with neither a departure nor its lots' cost cannot be valued: refused.
    const orphan = await add(
      {
        accountId: acc,
        type: "transferIn",
        date: D2,
        instrumentId: usd,
        quantity: "1",
        transferId: "nowhere",
      },
      422,
    );
    expect(orphan.message).toMatch(/input\.transferId/);
  });

  it("moves a row to another account, refreshing both", async () => {
    const a = await account("Move from");
    const b = await account("Move to");
    const t = await add({
      accountId: a,
      type: "buy",
      date: D1,
      instrumentId: parent,
      quantity: "2",
      price: "10000",
    });
    const moved = await call("PATCH", `/api/portfolio/transactions/${t.id}`, { accountId: b });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await holdings(a)).holdings).toEqual([]);
    expect((await holdings(b)).holdings[0]).toMatchObject({ quantity: "2" });
    const foreign = await call("PATCH", `/api/portfolio/transactions/${t.id}`, {
      accountId: "0190a0a0-0000-7000-8000-000000000000",
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toMatch(/input\.accountId/);
  });
});
