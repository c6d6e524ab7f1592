// Accounts and the ledger over HTTP: CRUD, filters and paging, validation naming each field, the
// ledger check (422, nothing stored), FX from market data, and one user never seeing another's rows.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { caller, fxRates, instrumentWithCloses } from "../valuation/test-market.ts";

let env: TestEnv & { app: FastifyInstance };
let a: ReturnType<typeof caller>;
let b: ReturnType<typeof caller>;
let usStock: string;
let krStock: string;

beforeAll(async () => {
  env = await createTestApp();
  const ua = await createUser(env.platform);
  const ub = await createUser(env.platform);
  a = caller(env.app, (await signIn(env.app, ua.username, ua.password)).bearer);
  b = caller(env.app, (await signIn(env.app, ub.username, ub.password)).bearer);
  usStock = await instrumentWithCloses(env.platform, { currency: "USD" }, [
    ["2024-01-02", 100],
    ["2024-01-03", 110],
  ]);
  krStock = await instrumentWithCloses(env.platform, { currency: "KRW" }, [["2024-01-02", 70000]]);
  await fxRates(env.platform, [
    ["2024-01-02", { KRW: 1300 }],
    ["2024-01-03", { KRW: 1310 }],
  ]);
});
afterAll(async () => env?.close());

const account = async (call = a, body: Record<string, unknown> = {}) => {
  const r = await call("POST", "/api/portfolio/accounts", {
    name: `acc ${Math.random()}`,
    baseCurrency: "KRW",
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
};

describe("accounts", () => {
  it("creates, lists, reads, renames and deletes", async () => {
    const c = await a("POST", "/api/portfolio/accounts", {
      name: "Kiwoom",
      broker: "kiwoom",
      brokerAccountId: "1234-56",
      baseCurrency: "krw",
    });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ name: "Kiwoom", baseCurrency: "KRW", active: true, transactionCount: 0 });
    const list = await a("GET", "/api/portfolio/accounts");
    expect(list.body.accounts.map((x: { id: string }) => x.id)).toContain(c.body.id);
    const p = await a("PATCH", `/api/portfolio/accounts/${c.body.id}`, {
      name: "Kiwoom main",
      active: false,
    });
    expect(p.body).toMatchObject({ name: "Kiwoom main", active: false });
    expect((await a("DELETE", `/api/portfolio/accounts/${c.body.id}`)).status).toBe(204);
    expect((await a("GET", `/api/portfolio/accounts/${c.body.id}`)).status).toBe(404);
  });

  it("names the bad field and refuses a second account of the same name", async () => {
    const bad = await a("POST", "/api/portfolio/accounts", { name: "x", baseCurrency: "KRWW" });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/baseCurrency/);
    const noName = await a("POST", "/api/portfolio/accounts", { baseCurrency: "USD" });
    expect(noName.status).toBe(400);
    expect(noName.body.message).toMatch(/name/);
    await a("POST", "/api/portfolio/accounts", { name: "Twice", baseCurrency: "USD" });
    expect((await a("POST", "/api/portfolio/accounts", { name: "Twice", baseCurrency: "USD" })).status).toBe(
      409,
    );
  });

  it("deletes an account with a ledger only with force, and fixes the base once rows exist", async () => {
    const id = await account();
    await a("POST", "/api/portfolio/transactions", {
      accountId: id,
      type: "deposit",
      date: "2024-01-02",
      amount: "1000",
    });
    const refused = await a("DELETE", `/api/portfolio/accounts/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("account_has_transactions");
    const base = await a("PATCH", `/api/portfolio/accounts/${id}`, { baseCurrency: "USD" });
    expect(base.status).toBe(400);
    expect(base.body.message).toMatch(/baseCurrency/);
    expect((await a("DELETE", `/api/portfolio/accounts/${id}?force=true`)).status).toBe(204);
    const left = await a("GET", `/api/portfolio/transactions?accountId=${id}`);
    expect(left.body.transactions).toEqual([]);
  });
});

describe("transactions", () => {
  it("takes the FX rate from market data when the row has none, and says which", async () => {
    const acc = await account();
    const r = await a("POST", "/api/portfolio/transactions", {
      accountId: acc,
      type: "buy",
      date: "2024-01-03",
      instrumentId: usStock,
      quantity: "10",
      price: "110",
      fee: "1",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ currency: "USD", fxRate: "1310", origin: { kind: "manual" } });
    expect(r.body.fingerprint).toBe(`manual:${r.body.id}`);
    expect(r.body.fxUsed).toEqual([
      expect.objectContaining({
        field: "fxRate",
        currency: "USD",
        baseCurrency: "KRW",
        rate: "1310",
        rateDate: "2024-01-03",
      }),
    ]);
    // A day with no rate of its own carries the last one, and says its date.
    const later = await a("POST", "/api/portfolio/transactions", {
      accountId: acc,
      type: "dividend",
      date: "2024-01-06",
      instrumentId: usStock,
      amount: "2",
      withholdingTax: "0.3",
    });
    expect(later.body.fxUsed[0]).toMatchObject({ rate: "1310", rateDate: "2024-01-03" });
    // Before any rate: 422 naming the field and the date.
    const none = await a("POST", "/api/portfolio/transactions", {
      accountId: acc,
      type: "buy",
      date: "2023-12-01",
      instrumentId: usStock,
      quantity: "1",
      price: "90",
    });
    expect(none.status).toBe(422);
    expect(none.body.message).toMatch(/input\.fxRate.*2023-12-01/);
    // A given rate is kept as given; the base's own rate must be 1.
    const given = await a("POST", "/api/portfolio/transactions", {
      accountId: acc,
      type: "buy",
      date: "2023-12-01",
      instrumentId: usStock,
      quantity: "1",
      price: "90",
      fxRate: "1290.5",
    });
    expect(given.body).toMatchObject({ fxRate: "1290.5", fxUsed: [] });
    const wrongBase = await a("POST", "/api/portfolio/transactions", {
      accountId: acc,
      type: "buy",
      date: "2024-01-02",
      instrumentId: krStock,
      quantity: "1",
      price: "70000",
      fxRate: "2",
    });
    expect(wrongBase.status).toBe(400);
    expect(wrongBase.body.message).toMatch(/input\.fxRate/);
  });

  it("refuses a sale of more than is held with 422 naming quantity and date, storing nothing", async () => {
    const acc = await account();
    const buy = { accountId: acc, type: "buy", instrumentId: krStock, price: "70000", date: "2024-01-02" };
    expect((await a("POST", "/api/portfolio/transactions", { ...buy, quantity: "5" })).status).toBe(201);
    const sell = await a("POST", "/api/portfolio/transactions", {
      ...buy,
      type: "sell",
      date: "2024-01-03",
      quantity: "6",
    });
    expect(sell.status).toBe(422);
    expect(sell.body.message).toMatch(/input\.quantity/);
    expect(sell.body.message).toMatch(/2024-01-03/);
    const cover = await a("POST", "/api/portfolio/transactions", { ...buy, type: "cover", quantity: "1" });
    expect(cover.status).toBe(422);
    const list = await a("GET", `/api/portfolio/transactions?accountId=${acc}`);
    expect(list.body.transactions).toHaveLength(1);
    // Negative cash is allowed (margin): a withdrawal beyond the balance is stored.
    const w = await a("POST", "/api/portfolio/transactions", {
      accountId: acc,
      type: "withdrawal",
      date: "2024-01-03",
      amount: "99999999",
    });
    expect(w.status).toBe(201);
  });

  it("refuses an edit or a delete that makes a later row impossible", async () => {
    const acc = await account();
    const base = { accountId: acc, instrumentId: krStock, price: "70000" };
    const buy = await a("POST", "/api/portfolio/transactions", {
      ...base,
      type: "buy",
      date: "2024-01-02",
      quantity: "5",
    });
    const sell = await a("POST", "/api/portfolio/transactions", {
      ...base,
      type: "sell",
      date: "2024-01-03",
      quantity: "5",
    });
    expect(sell.status).toBe(201);
    const del = await a("DELETE", `/api/portfolio/transactions/${buy.body.id}`);
    expect(del.status).toBe(422);
    expect(del.body.message).toMatch(new RegExp(`sell ${sell.body.id} on 2024-01-03`));
    const shrink = await a("PATCH", `/api/portfolio/transactions/${buy.body.id}`, { quantity: "4" });
    expect(shrink.status).toBe(422);
    expect(shrink.body.message).toMatch(/input\.quantity/);
    const ok = await a("PATCH", `/api/portfolio/transactions/${sell.body.id}`, {
      quantity: "3",
      note: "partial",
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ quantity: "3", note: "partial", fingerprint: `manual:${sell.body.id}` });
    expect((await a("DELETE", `/api/portfolio/transactions/${sell.body.id}`)).status).toBe(204);
    expect((await a("GET", `/api/portfolio/transactions/${sell.body.id}`)).status).toBe(404);
  });

  it("names each missing or stray field", async () => {
    const acc = await account();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ type: "buy", date: "2024-01-02", quantity: "1", price: "1" }, /input\.instrumentId: required/],
      [{ type: "buy", date: "2024-01-02", instrumentId: krStock, price: "1" }, /input\.quantity: required/],
      [
        { type: "buy", date: "2024-01-02", instrumentId: krStock, quantity: "1", price: "1", amount: "3" },
        /input\.amount: not used/,
      ],
      [
        { type: "buy", date: "2024-01-02", instrumentId: krStock, quantity: "-1", price: "1" },
        /input\.quantity: must not be negative/,
      ],
      [{ type: "buy", date: "2024-01-02", instrumentId: krStock, quantity: "abc", price: "1" }, /quantity/],
      [{ type: "buy", date: "2024-02-30", instrumentId: krStock, quantity: "1", price: "1" }, /date/],
      [
        { type: "dividend", date: "2024-01-02", instrumentId: krStock, amount: "1", withholdingTax: "2" },
        /input\.withholdingTax/,
      ],
      [{ type: "deposit", date: "2024-01-02" }, /input\.amount: required/],
      [{ type: "nonsense", date: "2024-01-02" }, /type/],
      [{ type: "split", date: "2024-01-02", instrumentId: krStock }, /input\.ratio: required/],
      [
        {
          type: "buy",
          date: "2024-01-02",
          instrumentId: "0190a0a0-0000-7000-8000-000000000000",
          quantity: "1",
          price: "1",
        },
        /input\.instrumentId: unknown instrument/,
      ],
      [
        {
          type: "conversion",
          date: "2024-01-02",
          currency: "KRW",
          amount: "1",
          toCurrency: "KRW",
          toAmount: "1",
        },
        /input\.toCurrency/,
      ],
    ];
    for (const [body, re] of cases) {
      const r = await a("POST", "/api/portfolio/transactions", { accountId: acc, ...body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.message, JSON.stringify(body)).toMatch(re);
    }
    const foreign = await a("POST", "/api/portfolio/transactions", {
      accountId: "nope",
      type: "deposit",
      date: "2024-01-02",
      amount: "1",
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toMatch(/input\.accountId/);
  });

  it("filters and pages with a keyset cursor", async () => {
    const acc = await account();
    for (let d = 1; d <= 7; d++)
      await a("POST", "/api/portfolio/transactions", {
        accountId: acc,
        type: d % 2 ? "deposit" : "withdrawal",
        date: `2024-02-0${d}`,
        amount: "10",
      });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/portfolio/transactions?accountId=${acc}&limit=3${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await a("GET", q);
      expect(page.status).toBe(200);
      seen.push(...page.body.transactions.map((t: { date: string }) => t.date));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      "2024-02-07",
      "2024-02-06",
      "2024-02-05",
      "2024-02-04",
      "2024-02-03",
      "2024-02-02",
      "2024-02-01",
    ]);
    const w = await a(
      "GET",
      `/api/portfolio/transactions?accountId=${acc}&type=withdrawal&from=2024-02-03&to=2024-02-06&order=asc`,
    );
    expect(w.body.transactions.map((t: { date: string }) => t.date)).toEqual(["2024-02-04", "2024-02-06"]);
    const manual = await a("GET", `/api/portfolio/transactions?accountId=${acc}&origin=manual&limit=1`);
    expect(manual.body.transactions).toHaveLength(1);
    expect((await a("GET", `/api/portfolio/transactions?origin=bogus`)).status).toBe(400);
    expect((await a("GET", `/api/portfolio/transactions?cursor=zzz`)).status).toBe(400);
  });
});

describe("another user", () => {
  it("gets 404 for A's account and transaction ids and sees none of A's rows", async () => {
    const acc = await account(a);
    const t = await a("POST", "/api/portfolio/transactions", {
      accountId: acc,
      type: "deposit",
      date: "2024-01-02",
      amount: "5",
    });
    expect((await b("GET", `/api/portfolio/accounts/${acc}`)).status).toBe(404);
    expect((await b("PATCH", `/api/portfolio/accounts/${acc}`, { name: "mine" })).status).toBe(404);
    expect((await b("DELETE", `/api/portfolio/accounts/${acc}?force=true`)).status).toBe(404);
    expect((await b("GET", `/api/portfolio/transactions/${t.body.id}`)).status).toBe(404);
    expect((await b("PATCH", `/api/portfolio/transactions/${t.body.id}`, { amount: "6" })).status).toBe(404);
    expect((await b("DELETE", `/api/portfolio/transactions/${t.body.id}`)).status).toBe(404);
    const add = await b("POST", "/api/portfolio/transactions", {
      accountId: acc,
      type: "deposit",
      date: "2024-01-02",
      amount: "5",
    });
    expect(add.status).toBe(400);
    expect((await b("GET", "/api/portfolio/accounts")).body.accounts).toEqual([]);
    expect((await b("GET", "/api/portfolio/transactions")).body.transactions).toEqual([]);
    expect((await b("GET", `/api/portfolio/transactions?accountId=${acc}`)).body.transactions).toEqual([]);
    expect((await a("GET", `/api/portfolio/transactions/${t.body.id}`)).status).toBe(200);
  });
});
