// Invariants over random ledgers (fast-check): batching does not change the replay, FIFO and the
// moving average agree on quantities and conserve cost, the decomposition adds up exactly, and TWR
// ignores money moved in and out at valuation points.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "../../../platform/money.ts";
import { isoDate } from "./dates.ts";
import { Ledger, replay } from "./ledger.ts";
import { holdingsBetween, partsBetween, periodFigures } from "./returns.ts";
import type { Series } from "./series.ts";
import { journal } from "./test-builders.ts";
import type { Account, Transaction } from "./types.ts";
import { valuate } from "./valuation.ts";

const START = 19_723; // 2024-01-01
const INSTRUMENTS = [
  { id: "AAA", currency: "USD" },
  { id: "BBB", currency: "USD" },
  { id: "CCC", currency: "EUR" },
];
const accounts: Account[] = [
  { id: "A", baseCurrency: "USD" },
  { id: "B", baseCurrency: "USD" },
];

/** What a day may bring; turned into valid transactions against the running holdings. */
const op = fc.record({
  kind: fc.constantFrom(
    "buy",
    "buy",
    "sell",
    "dividend",
    "split",
    "fee",
    "deposit",
    "withdraw",
    "transfer",
    "interest",
    "convert",
  ),
  account: fc.integer({ min: 0, max: 1 }),
  instrument: fc.integer({ min: 0, max: 2 }),
  size: fc.integer({ min: 1, max: 100 }),
  fraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
});

interface World {
  rows: Transaction[];
  days: number;
  prices: Map<string, Series>;
  fx: Map<string, Series>;
}

/** A random but possible ledger over `days` days with the market it trades in. */
const world = fc
  .record({
    days: fc.integer({ min: 3, max: 40 }),
    moves: fc.array(fc.double({ min: -0.08, max: 0.08, noNaN: true }), { minLength: 130, maxLength: 130 }),
    ops: fc.array(fc.array(op, { maxLength: 3 }), { minLength: 40, maxLength: 40 }),
  })
  .map(({ days, moves, ops }): World => {
    const price = (i: number, d: number) => {
      let p = 50 + 30 * i;
      for (let k = 0; k <= d; k++) p *= 1 + moves[(i * 41 + k) % moves.length];
      return Math.round(p * 100) / 100;
    };
    const eur = (d: number) => Math.round((1.1 + moves[(d * 7) % moves.length]) * 1e4) / 1e4;
    const j = [journal("A", "USD"), journal("B", "USD")];
    const held = new Map<string, Decimal>();
    const key = (a: number, i: number) => `${a}:${INSTRUMENTS[i].id}`;
    let transfers = 0;
    // The rows in the order they were written (the model above assumes that order).
    const all: Transaction[] = [];
    const seen = [0, 0];
    const collect = () => {
      for (const a of [0, 1]) {
        all.push(...j[a].rows.slice(seen[a]));
        seen[a] = j[a].rows.length;
      }
    };
    for (let d = 0; d < days; d++) {
      const date = isoDate(START + d);
      for (const o of ops[d]) {
        collect();
        const inst = INSTRUMENTS[o.instrument];
        const fx = inst.currency === "EUR" ? eur(d) : 1;
        const q = held.get(key(o.account, o.instrument)) ?? new Decimal(0);
        const book = j[o.account];
        const take = q.times(o.fraction).toDecimalPlaces(0, Decimal.ROUND_DOWN);
        switch (o.kind) {
          case "buy":
            book.buy(date, inst.id, o.size, price(o.instrument, d), {
              currency: inst.currency,
              fx,
              fee: o.size % 3,
            });
            held.set(key(o.account, o.instrument), q.plus(o.size));
            break;
          case "sell":
            if (take.isZero()) break;
            book.sell(date, inst.id, take, price(o.instrument, d), { currency: inst.currency, fx, fee: 1 });
            held.set(key(o.account, o.instrument), q.minus(take));
            break;
          case "dividend":
            if (q.isZero()) break;
            book.dividend(date, inst.id, q.times("0.25"), q.times("0.0375"), { currency: inst.currency, fx });
            break;
          case "split":
            if (q.isZero()) break;
            book.split(date, inst.id, 2);
            for (const a of [0, 1]) {
              const h = held.get(key(a, o.instrument));
              if (a === o.account && h) held.set(key(a, o.instrument), h.times(2));
            }
            break;
          case "fee":
            book.fee(date, o.size / 10);
            break;
          case "deposit":
            book.deposit(date, o.size * 100);
            break;
          case "withdraw":
            book.withdrawal(date, o.size * 10);
            break;
          case "interest":
            book.interest(date, o.size / 100, { currency: "EUR", fx: eur(d) });
            break;
          case "convert":
            book.convert(date, ["USD", o.size * 11, 1], ["EUR", o.size * 10, eur(d)]);
            break;
          case "transfer": {
            if (take.isZero()) break;
            const id = `T${++transfers}`;
            const other = 1 - o.account;
            book.transferOut(date, inst.id, take, id);
            j[other].transferIn(date, inst.id, take, id, { currency: inst.currency, fx });
            held.set(key(o.account, o.instrument), q.minus(take));
            held.set(
              key(other, o.instrument),
              (held.get(key(other, o.instrument)) ?? new Decimal(0)).plus(take),
            );
            break;
          }
        }
      }
    }
    collect();
    const dates = Array.from({ length: days }, (_, d) => isoDate(START + d));
    return {
      rows: all,
      days,
      prices: new Map(
        INSTRUMENTS.map((inst, i) => [inst.id, { dates, values: dates.map((_, d) => price(i, d)) }]),
      ),
      fx: new Map([["EUR/USD", { dates, values: dates.map((_, d) => eur(d)) }]]),
    };
  });

/** Holdings as plain strings, for deep comparison. */
const snapshot = (l: Ledger) => JSON.stringify({ h: l.holdings(), r: l.realisations });

describe("engine invariants", () => {
  it("holdings equal the replay from zero, however the ledger is split into batches", () => {
    fc.assert(
      fc.property(
        world,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
        (w, cuts) => {
          const whole = snapshot(replay(accounts, w.rows));
          const at = [...new Set(cuts.map((c) => Math.floor(c * w.rows.length)))].sort((a, b) => a - b);
          const l = new Ledger(accounts);
          let from = 0;
          for (const c of [...at, w.rows.length]) {
            l.apply(w.rows.slice(from, c));
            from = c;
          }
          expect(snapshot(l)).toBe(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("FIFO lots and the moving average agree on quantity and both conserve cost", () => {
    fc.assert(
      fc.property(world, (w) => {
        const l = replay(accounts, w.rows);
        const bought = new Map<string, Decimal>();
        for (const t of w.rows)
          if (t.type === "buy") {
            const k = `${t.accountId}:${t.instrumentId}`;
            bought.set(k, (bought.get(k) ?? new Decimal(0)).plus(t.quantity.times(t.price)).plus(t.fee ?? 0));
          }
        for (const a of l.holdings())
          for (const h of a.holdings) {
            const lots = h.lots.reduce((s, x) => s.plus(x.quantity), new Decimal(0));
            expect(lots.eq(h.quantity)).toBe(true);
          }
        // Per instrument across both accounts (transfers move cost between them): cost bought =
        // cost still held + cost of what was sold, by either method.
        for (const inst of INSTRUMENTS) {
          const boughtCost = [...bought]
            .filter(([k]) => k.endsWith(`:${inst.id}`))
            .reduce((s, [, v]) => s.plus(v), new Decimal(0));
          const heldLots = l.holdings().flatMap((a) => a.holdings.filter((h) => h.instrumentId === inst.id));
          const sold = l.realisations.filter((r) => r.instrumentId === inst.id);
          const fifo = heldLots
            .reduce((s, h) => s.plus(h.lotCost), new Decimal(0))
            .plus(sold.reduce((s, r) => s.plus(r.cost), new Decimal(0)));
          const avg = heldLots
            .reduce((s, h) => s.plus(h.averageCost), new Decimal(0))
            .plus(sold.reduce((s, r) => s.plus(r.averageCost), new Decimal(0)));
          expect(fifo.minus(boughtCost).abs().lte("1e-20")).toBe(true);
          // The average book moves with a transfer at the lots' cost, so only FIFO is exact across
          // accounts; within one account without transfers both are.
          if (!w.rows.some((t) => t.type === "transferOut" && t.instrumentId === inst.id))
            expect(avg.minus(boughtCost).abs().lte("1e-20")).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("the decomposition adds up exactly, per holding and for the scope, over any period", () => {
    fc.assert(
      fc.property(
        world,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (w, x, y) => {
          const ledger = replay(accounts, w.rows);
          if (!ledger.applied.length) return;
          const market = { prices: w.prices, fx: w.fx };
          const [a, b] = [Math.floor(x * w.days), Math.floor(y * w.days)].sort((p, q) => p - q);
          const from = isoDate(START + a);
          const to = isoDate(START + b);
          for (const scope of [[accounts[0]], [accounts[1]], accounts]) {
            const v = valuate({ ledger, accounts: scope, currency: "USD", market, checkpoints: [from, to] });
            if (!v.days.length) continue;
            const i = v.dates.lastIndexOf(v.dates.filter((d) => d <= from).pop() ?? "");
            const k = v.dates.lastIndexOf(v.dates.filter((d) => d <= to).pop() ?? "");
            const p = partsBetween(v, i, k);
            // Gain = end value − start value − money in + money out, to the cent.
            let net = 0;
            for (let t = i + 1; t <= k; t++) net += v.inflow[t] - v.outflow[t];
            expect(p.total).toBe((k < 0 ? 0 : v.value[k]) - (i < 0 ? 0 : v.value[i]) - net);
            for (const n of [p.price, p.income, p.fx, p.fees]) expect(Number.isInteger(n)).toBe(true);
            // The holdings' parts add up to the scope's.
            const hs = holdingsBetween(v, 0, 1);
            for (const part of ["price", "income", "fx", "fees", "total"] as const)
              expect(hs.reduce((s, h) => s + h.decomposition[part], 0)).toBe(p[part]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("each account's figures from the overall pass equal a pass over that account alone", () => {
    fc.assert(
      fc.property(world, (w) => {
        const ledger = replay(accounts, w.rows);
        if (!ledger.applied.length) return;
        const market = { prices: w.prices, fx: w.fx };
        const all = valuate({ ledger, accounts, currency: "USD", market, perAccount: true });
        expect(all.accounts.map((a) => a.accountId)).toEqual(["A", "B"]);
        for (const account of accounts) {
          const alone = valuate({ ledger, accounts: [account], currency: "USD", market });
          const within = all.accounts.find((a) => a.accountId === account.id)!.valuation;
          alone.dates.forEach((date, i) => {
            const j = within.dates.indexOf(date);
            for (const k of ["value", "inflow", "outflow", "price", "income", "fx", "fees"] as const)
              expect([date, k, within[k][j]]).toEqual([date, k, alone[k][i]]);
          });
          // Before the account's first day it has nothing.
          const first = within.dates.indexOf(alone.dates[0] ?? "");
          for (let j = 0; j < first; j++) expect(within.value[j]).toBe(0);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("income and fees are the ledger's own figures; FX is zero when nothing is foreign", () => {
    fc.assert(
      fc.property(world, (w) => {
        const rows = w.rows
          .filter((t) => !("currency" in t) || t.currency === "USD")
          .filter((t) => t.type !== "conversion" && !("instrumentId" in t && t.instrumentId === "CCC"));
        const ledger = replay(accounts, rows);
        if (!ledger.applied.length) return;
        const v = valuate({ ledger, accounts, currency: "USD", market: { prices: w.prices, fx: w.fx } });
        const p = partsBetween(v, -1, v.days.length - 1);
        let income = 0;
        let fees = 0;
        const cents = (d: Decimal) => d.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber();
        for (const t of rows) {
          if (t.type === "dividend") {
            income += cents(t.amount);
            fees -= cents(t.withholdingTax ?? new Decimal(0));
          }
          if (t.type === "interest") income += cents(t.amount);
          if (t.type === "fee") fees -= cents(t.amount);
          if (t.type === "buy" || t.type === "sell") fees -= cents(t.fee ?? new Decimal(0));
        }
        expect(p.income).toBe(income);
        expect(p.fees).toBe(fees);
        expect(p.fx).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it("TWR is unaffected by deposits and withdrawals at valuation points", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 5_000, max: 20_000 }), { minLength: 2, maxLength: 30 }),
        fc.array(fc.integer({ min: -40, max: 40 }), { minLength: 30, maxLength: 30 }),
        (cents, flows) => {
          const n = cents.length;
          const p = cents.map((c) => c / 100); // prices with two decimals
          const dates = p.map((_, d) => isoDate(START + d));
          const j = journal("A", "USD");
          let q = 100;
          j.deposit(dates[0], new Decimal(q).times(p[0]));
          j.buy(dates[0], "AAA", q, p[0]);
          for (let d = 1; d < n; d++) {
            const k = flows[d];
            if (k > 0) {
              // Money arriving at the last close, invested at that close's price.
              j.deposit(dates[d], new Decimal(k).times(p[d - 1]));
              j.buy(dates[d], "AAA", k, p[d - 1]);
              q += k;
            } else if (k < 0 && q + k > 0) {
              // Money leaving at this close, raised by selling at this close's price.
              j.sell(dates[d], "AAA", -k, p[d]);
              j.withdrawal(dates[d], new Decimal(-k).times(p[d]));
              q += k;
            }
          }
          const v = valuate({
            ledger: replay([accounts[0]], j.rows),
            accounts: [accounts[0]],
            currency: "USD",
            market: { prices: new Map([["AAA", { dates, values: p }]]), fx: new Map() },
          });
          const twr = periodFigures(v, "max").twr;
          // Whatever came and went, the return is the price's own.
          expect(Math.abs(twr - (p[n - 1] / p[0] - 1))).toBeLessThan(1e-12 * (1 + Math.abs(twr)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
