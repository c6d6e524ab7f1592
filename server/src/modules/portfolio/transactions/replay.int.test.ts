// A property over HTTP: after any sequence of adds, edits and deletes (some refused), the holdings
// the API answers and the holdings cache both equal an independent replay of the rows the API lists
// (quantity and moving-average cost per instrument), and a refused change leaves the ledger as it was.
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { queryRows } from "../../../platform/db/rows.ts";
import { Decimal } from "../../../platform/money.ts";
import { caller, instrumentWithCloses } from "../valuation/test-market.ts";

let env: TestEnv & { app: FastifyInstance };
let call: ReturnType<typeof caller>;
const instruments: string[] = [];
const DAYS = Array.from({ length: 10 }, (_, i) => `2024-06-${String(i + 3).padStart(2, "0")}`);

beforeAll(async () => {
  env = await createTestApp();
  const u = await createUser(env.platform);
  call = caller(env.app, (await signIn(env.app, u.username, u.password)).bearer);
  for (let k = 0; k < 2; k++)
    instruments.push(
      await instrumentWithCloses(
        env.platform,
        { currency: "KRW" },
        DAYS.map((d, i) => [d, 10000 + 100 * i + 50 * k]),
      ),
    );
});
afterAll(async () => env?.close());

let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;

interface Row {
  id: string;
  type: string;
  date: string;
  seq: number;
  instrumentId: string;
  quantity: string;
  price: string;
  fee: string | null;
}

/** Quantity and moving-average cost per instrument, replayed here from the listed rows. */
function model(rows: Row[]): Map<string, { q: Decimal; cost: Decimal }> {
  const out = new Map<string, { q: Decimal; cost: Decimal }>();
  for (const r of rows) {
    const b = out.get(r.instrumentId) ?? { q: new Decimal(0), cost: new Decimal(0) };
    const n = new Decimal(r.quantity);
    if (r.type === "buy") {
      b.q = b.q.plus(n);
      b.cost = b.cost.plus(n.times(r.price)).plus(r.fee ?? 0);
    } else {
      b.cost = n.eq(b.q) ? new Decimal(0) : b.cost.minus(b.cost.times(n).div(b.q));
      b.q = b.q.minus(n);
    }
    out.set(r.instrumentId, b);
  }
  for (const [k, v] of out) if (v.q.isZero()) out.delete(k);
  return out;
}

describe("holdings after any sequence of changes", () => {
  it("equal the replay of the listed ledger, in the answer and in the cache", async () => {
    const acc = (await call("POST", "/api/portfolio/accounts", { name: "Random", baseCurrency: "KRW" })).body
      .id;
    const list = async () =>
      (await call("GET", `/api/portfolio/transactions?accountId=${acc}&order=asc&limit=1000`)).body
        .transactions as Row[];
    let refused = 0;
    for (let step = 0; step < 40; step++) {
      const before = await list();
      const r = rand();
      let res: { status: number };
      if (r < 0.5 || before.length === 0) {
        res = await call("POST", "/api/portfolio/transactions", {
          accountId: acc,
          type: rand() < 0.6 ? "buy" : "sell",
          date: pick(DAYS),
          instrumentId: pick(instruments),
          quantity: String(1 + Math.floor(rand() * 5)),
          price: String(9000 + Math.floor(rand() * 3000)),
          fee: String(Math.floor(rand() * 20)),
        });
      } else if (r < 0.8) {
        const row = pick(before);
        res = await call("PATCH", `/api/portfolio/transactions/${row.id}`, {
          quantity: String(1 + Math.floor(rand() * 6)),
          ...(rand() < 0.3 ? { date: pick(DAYS) } : {}),
        });
      } else {
        res = await call("DELETE", `/api/portfolio/transactions/${pick(before).id}`);
      }
      expect([200, 201, 204, 422], `step ${step}`).toContain(res.status);
      const after = await list();
      if (res.status === 422) {
        refused++;
        expect(after, `step ${step}: a refused change stores nothing`).toEqual(before);
      }
      const expected = model(after);
      const h = (await call("GET", `/api/portfolio/holdings?accountId=${acc}&asOf=${DAYS.at(-1)}`)).body;
      const got = new Map<string, { q: string; cost: string }>(
        h.holdings.map((x: { instrumentId: string; quantity: string; averageCost: string }) => [
          x.instrumentId,
          { q: x.quantity, cost: x.averageCost },
        ]),
      );
      expect([...got.keys()].sort(), `step ${step}`).toEqual([...expected.keys()].sort());
      for (const [id, e] of expected) {
        expect(new Decimal(got.get(id)?.q ?? "0").eq(e.q), `step ${step} quantity`).toBe(true);
        // The answer rounds cost to the won; the model is exact.
        expect(new Decimal(got.get(id)?.cost ?? "0").minus(e.cost).abs().lte(0.5), `step ${step} cost`).toBe(
          true,
        );
      }
      const cached = await queryRows<{ i: string; q: string; c: string }>(
        env.database.db,
        sql`select instrument_id::text as i, quantity::text as q, cost_basis::text as c from portfolio.holdings where account_id = ${acc}`,
      );
      expect(cached.map((c) => c.i).sort(), `step ${step} cache`).toEqual([...expected.keys()].sort());
      for (const c of cached) {
        const e = expected.get(c.i);
        expect(e && new Decimal(c.q).eq(e.q), `step ${step} cached quantity`).toBe(true);
        expect(e && new Decimal(c.c).minus(e.cost).abs().lt(1e-9), `step ${step} cached cost`).toBe(true);
      }
    }
    // The sequence exercised both outcomes.
    expect(refused).toBeGreaterThan(0);
    expect((await list()).length).toBeGreaterThan(3);
  });
});
