// The replayed ledger kept between requests answers from the database's rows as they are now: a
// change made behind the API's back (another process, a cascade, a COPY) shows at the next read, and
// one user's cached ledger never answers for another.
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { dailyCloseSeries } from "../../market/index.ts";
import { caller, instrumentWithCloses } from "./test-market.ts";

let env: TestEnv & { app: FastifyInstance };
let alice: ReturnType<typeof caller>;
let bob: ReturnType<typeof caller>;
let stock: string;
let account: string;

beforeAll(async () => {
  env = await createTestApp();
  const a = await createUser(env.platform);
  const b = await createUser(env.platform);
  alice = caller(env.app, (await signIn(env.app, a.username, a.password)).bearer);
  bob = caller(env.app, (await signIn(env.app, b.username, b.password)).bearer);
  stock = await instrumentWithCloses(env.platform, { currency: "USD" }, [
    ["2024-01-02", 100],
    ["2024-01-03", 110],
    ["2024-01-05", 120],
  ]);
  const r = await alice("POST", "/api/portfolio/accounts", { name: "Cached", baseCurrency: "USD" });
  account = r.body.id;
  for (const body of [
    { type: "deposit", date: "2024-01-02", amount: "5000" },
    { type: "buy", date: "2024-01-02", instrumentId: stock, quantity: "10", price: "100", currency: "USD" },
  ]) {
    const t = await alice("POST", "/api/portfolio/transactions", { accountId: account, ...body });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
  }
});
afterAll(async () => env?.close());

const quantity = async (call: ReturnType<typeof caller>) => {
  const r = await call("GET", "/api/portfolio/holdings?asOf=2024-01-05");
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const h = (r.body.holdings as { instrumentId: string; quantity: string }[]).find(
    (x) => x.instrumentId === stock,
  );
  return h ? Number(h.quantity) : 0;
};

it("answers the rows as stored now, however they changed", async () => {
  expect(await quantity(alice)).toBe(10);
  expect(await quantity(alice)).toBe(10);
  // Behind the API's back: an update, then a row added, then one deleted.
  await env.platform.database.db.execute(
    sql`update portfolio.transactions set quantity = 7 where account_id = ${account} and type = 'buy'`,
  );
  expect(await quantity(alice)).toBe(7);
  const added = await alice("POST", "/api/portfolio/transactions", {
    accountId: account,
    type: "buy",
    date: "2024-01-03",
    instrumentId: stock,
    quantity: "2",
    price: "110",
    currency: "USD",
  });
  expect(added.status).toBe(201);
  expect(await quantity(alice)).toBe(9);
  await env.platform.database.db.execute(
    sql`delete from portfolio.transactions where id = ${added.body.id as string}`,
  );
  expect(await quantity(alice)).toBe(7);
});

it("keeps each user's ledger apart", async () => {
  expect(await quantity(alice)).toBe(7);
  expect(await quantity(bob)).toBe(0);
});

it("reads many instruments' daily closes in one query, none for an instrument without bars", async () => {
  const other = await instrumentWithCloses(env.platform, { currency: "USD" }, [["2024-01-04", 50]]);
  const bare = await instrumentWithCloses(env.platform, { currency: "USD" }, []);
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const got = await dailyCloseSeries(
    env.platform.database.db,
    [stock, other, bare],
    new Date("2024-01-03T00:00:00Z"),
    new Date("2024-01-06T00:00:00Z"),
  );
  expect([...got.keys()].sort()).toEqual([stock, other].sort());
  expect([...(got.get(stock)?.days ?? [])]).toEqual([day("2024-01-03"), day("2024-01-05")]);
  expect([...(got.get(stock)?.closes ?? [])]).toEqual([110, 120]);
  expect([...(got.get(other)?.closes ?? [])]).toEqual([50]);
});
