// Specific-lot identification over HTTP: a sale picks lots by id or by acquisition date, a transfer
// moves the picked lots (with their cost and dates) to another account, and a pick the ledger cannot
// honour answers 422 naming the pick's field. Also the fields the web reads without a lookup: the
// instrument's symbol and names on every ledger row, and its asset class on every holding.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { updateInstrument } from "../../market/index.ts";
import { caller, instrumentWithCloses } from "../valuation/test-market.ts";

let env: TestEnv & { app: FastifyInstance };
let call: ReturnType<typeof caller>;
let stock: string;

const D1 = "2024-05-02";
const D2 = "2024-05-03";
const D3 = "2024-05-06";

beforeAll(async () => {
  env = await createTestApp();
  const u = await createUser(env.platform);
  call = caller(env.app, (await signIn(env.app, u.username, u.password)).bearer);
  stock = await instrumentWithCloses(env.platform, { currency: "KRW" }, [
    [D1, 10000],
    [D2, 11000],
    [D3, 12000],
  ]);
  await updateInstrument({
    ctx: operatorCtx(env.platform),
    input: { id: stock, patch: { nameLocal: "테스트전자", assetClass: "etf" } },
  });
});
afterAll(async () => env?.close());

const account = async (name: string) =>
  (await call("POST", "/api/portfolio/accounts", { name, baseCurrency: "KRW" })).body.id as string;
const add = async (body: Record<string, unknown>, status = 201) => {
  const r = await call("POST", "/api/portfolio/transactions", body);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};
const buy = (acc: string, date: string, quantity: string, price: string) =>
  add({ accountId: acc, type: "buy", date, instrumentId: stock, quantity, price });
const lotsOf = async (acc: string) => {
  const h = (await call("GET", `/api/portfolio/holdings?accountId=${acc}&asOf=${D3}`)).body;
  return (h.holdings[0]?.lots ?? []) as {
    id: string;
    quantity: string;
    acquiredDate: string;
    cost: string;
  }[];
};

describe("picking lots", () => {
  it("sells the lots of an acquisition date, oldest first, leaving the others", async () => {
    const acc = await account("By date");
    const a = await buy(acc, D1, "4", "10000");
    const b = await buy(acc, D2, "3", "11000");
    const c = await buy(acc, D2, "3", "11500");
    const sale = await add({
      accountId: acc,
      type: "sell",
      date: D3,
      instrumentId: stock,
      quantity: "4",
      price: "12000",
      lots: [{ acquiredDate: D2, quantity: "4" }],
    });
    expect(sale.lots).toEqual([{ acquiredDate: D2, quantity: "4" }]);
    const open = Object.fromEntries((await lotsOf(acc)).map((l) => [l.id, l.quantity]));
    // FIFO would have sold the D1 lot; the pick took all of b and one of c.
    expect(open).toEqual({ [a.id]: "4", [c.id]: "2" });
    expect(b.id).not.toBe(c.id);
    const h = (await call("GET", `/api/portfolio/holdings?accountId=${acc}&asOf=${D3}`)).body;
    expect(h.realised[0]).toMatchObject({ transactionId: sale.id, cost: "44500", pnl: "3500" });
  });

  it("refuses a pick the ledger cannot honour, naming the pick's field", async () => {
    const acc = await account("Bad picks");
    const a = await buy(acc, D1, "2", "10000");
    await buy(acc, D2, "2", "11000");
    const sell = (lots: unknown[], quantity = "2") =>
      add(
        { accountId: acc, type: "sell", date: D3, instrumentId: stock, quantity, price: "12000", lots },
        422,
      );
    expect((await sell([{ lotId: "no-such-lot", quantity: "2" }])).message).toMatch(
      /^input\.lots\.0\.lotId: .*no-such-lot is not open/,
    );
    expect((await sell([{ lotId: a.id, quantity: "3" }], "3")).message).toMatch(
      /^input\.lots\.0\.quantity: .*has 2 open, not 3/,
    );
    expect(
      (
        await sell([
          { lotId: a.id, quantity: "1" },
          { acquiredDate: "2024-01-01", quantity: "1" },
        ])
      ).message,
    ).toMatch(/^input\.lots\.1\.acquiredDate: .*2024-01-01/);
    expect((await sell([{ acquiredDate: D2, quantity: "3" }], "3")).message).toMatch(
      /^input\.lots\.0\.quantity: .*have 2 open, not 3/,
    );
    expect((await sell([{ lotId: a.id, quantity: "1" }])).message).toMatch(/^input\.lots: .*add up to 1/);
    // Nothing was stored by the refused rows: both lots are whole.
    expect((await lotsOf(acc)).map((l) => l.quantity)).toEqual(["2", "2"]);
    // A malformed pick is a 400 naming it.
    const r = await call("POST", "/api/portfolio/transactions", {
      accountId: acc,
      type: "sell",
      date: D3,
      instrumentId: stock,
      quantity: "1",
      price: "12000",
      lots: [{ quantity: "1" }],
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/lots/);
  });

  it("moves the picked lots to another account with their cost and dates", async () => {
    const from = await account("Transfer from");
    const to = await account("Transfer to");
    await buy(from, D1, "5", "10000");
    const late = await buy(from, D2, "5", "11000");
    await add({
      accountId: from,
      type: "transferOut",
      date: D3,
      instrumentId: stock,
      quantity: "2",
      transferId: "move-1",
      lots: [{ lotId: late.id, quantity: "2" }],
    });
    await add({
      accountId: to,
      type: "transferIn",
      date: D3,
      instrumentId: stock,
      quantity: "2",
      transferId: "move-1",
    });
    expect((await lotsOf(to)).map((l) => [l.quantity, l.acquiredDate, l.cost])).toEqual([["2", D2, "22000"]]);
    expect((await lotsOf(from)).map((l) => [l.quantity, l.acquiredDate])).toEqual([
      ["5", D1],
      ["3", D2],
    ]);
    // Lots arriving from outside the ledger state their own cost and date.
    const ext = await add({
      accountId: to,
      type: "transferIn",
      date: D3,
      instrumentId: stock,
      quantity: "3",
      transferId: "from-other-broker",
      lots: [
        { quantity: "1", cost: "9000", acquiredDate: "2023-01-10" },
        { quantity: "2", cost: "20000", acquiredDate: "2023-06-01" },
      ],
    });
    expect(ext.lots).toHaveLength(2);
    expect((await lotsOf(to)).map((l) => l.acquiredDate).sort()).toEqual(["2023-01-10", "2023-06-01", D2]);
  });
});

describe("what the web reads without a lookup", () => {
  it("every ledger row names its instrument; every holding its asset class", async () => {
    const acc = await account("Names");
    const row = await buy(acc, D1, "1", "10000");
    await add({ accountId: acc, type: "deposit", date: D1, amount: "50000" });
    expect(row.instrument).toMatchObject({ id: stock, nameLocal: "테스트전자" });
    const list = (await call("GET", `/api/portfolio/transactions?accountId=${acc}`)).body;
    const byType = Object.fromEntries(list.transactions.map((t: { type: string }) => [t.type, t]));
    expect(byType.buy.instrument).toEqual({
      id: stock,
      symbol: row.instrument.symbol,
      name: row.instrument.name,
      nameLocal: "테스트전자",
    });
    expect(byType.buy.instrument.symbol).toMatch(/^\d{6}$/);
    expect(byType.deposit.instrument).toBeNull();
    const one = (await call("GET", `/api/portfolio/transactions/${row.id}`)).body;
    expect(one.instrument.nameLocal).toBe("테스트전자");
    const h = (await call("GET", `/api/portfolio/holdings?accountId=${acc}&asOf=${D1}`)).body;
    expect(h.holdings[0]).toMatchObject({ instrumentId: stock, assetClass: "etf", nameLocal: "테스트전자" });
  });
});
