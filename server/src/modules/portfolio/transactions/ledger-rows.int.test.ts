// The ledger's whole-read (one JSON value built in the database) answers exactly what a plain
// select of the rows answers: every column, numerics to the last digit, dates, timestamps, lots.
import { asc, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { transactions } from "../schema.ts";
import { caller, instrumentWithCloses } from "../valuation/test-market.ts";
import { ledgerRows } from "./repository.ts";

let env: TestEnv & { app: FastifyInstance };
let userId: string;
const accounts: string[] = [];

beforeAll(async () => {
  env = await createTestApp();
  const u = await createUser(env.platform);
  userId = u.id;
  const call = caller(env.app, (await signIn(env.app, u.username, u.password)).bearer);
  const stock = await instrumentWithCloses(env.platform, { currency: "USD" }, [["2024-01-02", 100]]);
  for (const name of ["A", "B"]) {
    const r = await call("POST", "/api/portfolio/accounts", { name, baseCurrency: "USD" });
    accounts.push(r.body.id);
  }
  const [a, b] = accounts as [string, string];
  const rows = [
    { accountId: a, type: "deposit", date: "2024-01-02", amount: "100000.12345678" },
    {
      accountId: a,
      type: "buy",
      date: "2024-01-02",
      instrumentId: stock,
      quantity: "0.12345678",
      price: "99.99",
      fee: "1.5",
      currency: "USD",
      note: 'fractional "quoted" note, with commas',
    },
    {
      accountId: a,
      type: "buy",
      date: "2024-01-03",
      instrumentId: stock,
      quantity: "10",
      price: "100",
      currency: "USD",
    },
    {
      accountId: b,
      type: "transferIn",
      date: "2024-01-03",
      instrumentId: stock,
      quantity: "3",
      transferId: "outside-1",
      currency: "USD",
      lots: [{ quantity: "3", cost: "250.5", acquiredDate: "2020-05-01" }],
    },
    {
      accountId: a,
      type: "dividend",
      date: "2024-01-04",
      instrumentId: stock,
      amount: "2.5",
      withholdingTax: "0.375",
      currency: "USD",
    },
  ];
  for (const body of rows) {
    const r = await call("POST", "/api/portfolio/transactions", body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
});
afterAll(async () => env?.close());

const plain = (accountIds?: string[]) =>
  env.platform.database.db
    .select()
    .from(transactions)
    .where(eq(transactions.userId, userId))
    .orderBy(asc(transactions.tradeDate), asc(transactions.seq), asc(transactions.id))
    .then((rows) => (accountIds ? rows.filter((r) => accountIds.includes(r.accountId)) : rows));

it("answers every row and column as a plain select does", async () => {
  const expected = await plain();
  expect(expected.length).toBe(5);
  expect(await ledgerRows(env.platform.database.db, userId)).toEqual(expected);
});

it("reads only the accounts asked for, and nothing for none", async () => {
  const b = [accounts[1] as string];
  const got = await ledgerRows(env.platform.database.db, userId, b);
  expect(got.length).toBe(1);
  expect(got).toEqual(await plain(b));
  expect(await ledgerRows(env.platform.database.db, userId, [])).toEqual([]);
});
