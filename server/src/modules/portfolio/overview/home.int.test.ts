// The portfolio's home card and guide step over HTTP: empty until the user has a transaction, then
// the total value in the display currency and the last valuation day's change, computed by hand.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { caller, fxRates, instrumentWithCloses } from "../valuation/test-market.ts";

let env: TestEnv & { app: FastifyInstance };
let call: ReturnType<typeof caller>;
let other: ReturnType<typeof caller>;
let stock: string;

beforeAll(async () => {
  env = await createTestApp();
  const u = await createUser(env.platform);
  const v = await createUser(env.platform);
  call = caller(env.app, (await signIn(env.app, u.username, u.password)).bearer);
  other = caller(env.app, (await signIn(env.app, v.username, v.password)).bearer);
  stock = await instrumentWithCloses(env.platform, { currency: "USD" }, [
    ["2024-03-04", 100],
    ["2024-03-05", 110],
  ]);
});
afterAll(async () => env?.close());

const card = async (c = call) => {
  const r = await c("GET", "/api/home/cards/portfolio.summary");
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const step = async (c = call) =>
  ((await c("GET", "/api/home")).body.guide.steps as { id: string; done: boolean }[]).find(
    (s) => s.id === "portfolio.add",
  );

describe("the portfolio card", () => {
  it("leads the dashboard, before the market's cards", async () => {
    const cards = (await call("GET", "/api/home")).body.cards as { id: string; order: number }[];
    expect(cards[0]?.id).toBe("portfolio.summary");
    expect(cards[0]?.order).toBeLessThan(200);
  });

  it("is empty, and the guide's step open, until the user has a transaction", async () => {
    expect(await card()).toMatchObject({
      state: "empty",
      accounts: 0,
      transactions: false,
      totalValue: null,
    });
    expect(await step()).toMatchObject({ id: "portfolio.add", order: 5, done: false });
    const acc = await call("POST", "/api/portfolio/accounts", { name: "Main", baseCurrency: "USD" });
    expect(await card()).toMatchObject({ state: "empty", accounts: 1, transactions: false });
    const t = (body: Record<string, unknown>) =>
      call("POST", "/api/portfolio/transactions", { accountId: acc.body.id, ...body });
    expect((await t({ type: "deposit", date: "2024-03-04", amount: "1000" })).status).toBe(201);
    expect(
      (await t({ type: "buy", date: "2024-03-04", instrumentId: stock, quantity: "5", price: "100" })).status,
    ).toBe(201);
    expect((await step())?.done).toBe(true);
    // 03-04: 500 cash + 5 × 100 = 1000; 03-05: 500 + 5 × 110 = 1050, a day's gain of 50 (5 %).
    const c = await card();
    expect(c).toMatchObject({
      state: "ok",
      currency: "USD",
      accounts: 1,
      transactions: true,
      totalValue: "1050.00",
      todayChange: "50.00",
      asOf: "2024-03-05",
    });
    expect(c.todayChangePct).toBeCloseTo(0.05, 12);
    // Another user's card knows nothing of it.
    expect(await card(other)).toMatchObject({ state: "empty", accounts: 0 });
    expect((await step(other))?.done).toBe(false);
  });

  it("is in the user's display currency, and says so when it cannot convert", async () => {
    const r = await call("PATCH", "/api/me/settings", { display: { currency: "EUR" } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // No EUR rate is stored yet: the card says it cannot value the portfolio in EUR rather than guess.
    const c = await card();
    expect(c).toMatchObject({ state: "unvalued", currency: "EUR", transactions: true, totalValue: null });
    expect(c.message).toMatch(/USD\/EUR/);
    await fxRates(env.platform, [
      ["2024-03-04", { EUR: 0.9 }],
      ["2024-03-05", { EUR: 0.8 }],
    ]);
    // 1050 USD × 0.8 = 840 EUR; the day before 1000 × 0.9 = 900: a day's change of −60 EUR.
    expect(await card()).toMatchObject({
      state: "ok",
      currency: "EUR",
      totalValue: "840.00",
      todayChange: "-60.00",
    });
  });
});
