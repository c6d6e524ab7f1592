// The demo portfolio: refused until the market has its demo data, then two accounts whose every
// trade is at a stored close, with a full sale, dividends with tax withheld, and loading twice adds
// nothing.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../test/harness.ts";
import { Decimal } from "../../platform/money.ts";
import { dailyCloses, loadDemoData } from "../market/index.ts";
import { caller } from "./valuation/test-market.ts";

let env: TestEnv & { app: FastifyInstance };
let call: ReturnType<typeof caller>;

beforeAll(async () => {
  env = await createTestApp();
  const u = await createUser(env.platform);
  call = caller(env.app, (await signIn(env.app, u.username, u.password)).bearer);
});
afterAll(async () => env?.close());

describe("the demo portfolio", () => {
  it("is refused while the market has no demo data", async () => {
    const r = await call("POST", "/api/portfolio/demo");
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("no_demo_market_data");
    expect((await call("GET", "/api/portfolio/accounts")).body.accounts).toHaveLength(0);
  });

  it("loads two accounts on the market's own bars, once", async () => {
    await loadDemoData(operatorCtx(env.platform));
    const first = await call("POST", "/api/portfolio/demo");
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.instruments).toEqual(expect.arrayContaining(["AAPL", "005930", "000660"]));
    expect(first.body.inserted).toBeGreaterThan(10);
    const again = await call("POST", "/api/portfolio/demo");
    expect(again.body).toMatchObject({ inserted: 0, alreadyThere: first.body.inserted });
    expect(again.body.accounts.map((a: { created: boolean }) => a.created)).toEqual([false, false]);

    const [us, kr] = first.body.accounts as { id: string; baseCurrency: string }[];
    expect([us?.baseCurrency, kr?.baseCurrency]).toEqual(["USD", "KRW"]);
    const rows = (await call("GET", "/api/portfolio/transactions?limit=1000")).body.transactions as {
      type: string;
      date: string;
      instrumentId: string | null;
      price: string | null;
      amount: string | null;
      withholdingTax: string | null;
    }[];
    expect(rows).toHaveLength(first.body.inserted);
    // Every trade at the instrument's stored close of that day.
    for (const t of rows.filter((r) => r.type === "buy" || r.type === "sell")) {
      const closes = await dailyCloses(env.database.db, t.instrumentId as string, t.date);
      const last = closes.at(-1);
      expect(last?.d).toBe(t.date);
      expect(new Decimal(t.price as string).minus(Number(last?.c)).abs().lte(0.005)).toBe(true);
    }
    const dividends = rows.filter((r) => r.type === "dividend");
    expect(dividends.length).toBeGreaterThan(1);
    for (const d of dividends) expect(new Decimal(d.withholdingTax ?? 0).gt(0)).toBe(true);

    const h = await call("GET", `/api/portfolio/holdings?accountId=${kr?.id}`);
    const qty = Object.fromEntries(
      h.body.holdings.map((x: { symbol: string; quantity: string }) => [x.symbol, x.quantity]),
    );
    expect(qty).toEqual({ "005930": "60", "000660": "15" });
    const hu = await call("GET", `/api/portfolio/holdings?accountId=${us?.id}`);
    expect(hu.body.holdings.map((x: { symbol: string; quantity: string }) => [x.symbol, x.quantity])).toEqual(
      [["AAPL", "35"]],
    );
    // MSFT was sold out: realised, no longer held.
    if (first.body.instruments.includes("MSFT"))
      expect(hu.body.realised.some((r: { symbol: string }) => r.symbol === "MSFT")).toBe(true);
    const p = await call("GET", "/api/portfolio/performance?period=MAX&currency=KRW");
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(Number.isFinite(p.body.twr)).toBe(true);
    const card = await call("GET", "/api/home/cards/portfolio.summary");
    expect(card.body.state).toBe("ok");
  });
});
