// Hand-computed ledger scenarios: each expected number is worked out in the comments.
import { describe, expect, it } from "vitest";
import { LedgerError } from "./errors.ts";
import { type AccountHoldings, Ledger, replay } from "./ledger.ts";
import { D, journal } from "./test-builders.ts";

const usd = { id: "A", baseCurrency: "USD" };
const s = (d: { toString(): string }) => d.toString();
const holding = (h: AccountHoldings[], account: string, instrument: string) =>
  h.find((a) => a.accountId === account)?.holdings.find((x) => x.instrumentId === instrument);
const cash = (h: AccountHoldings[], account: string, currency: string) =>
  s(h.find((a) => a.accountId === account)?.cash.find((c) => c.currency === currency)?.amount ?? D(0));

describe("ledger replay", () => {
  it("a 2-for-1 split doubles units, keeps cost and halves the average price", () => {
    const j = journal("A", "USD");
    j.deposit("2024-01-02", "2000");
    j.buy("2024-01-02", "XYZ", "10", "100", { fee: "2" }); // lot cost 10 × 100 + 2 = 1002
    j.split("2024-02-01", "XYZ", "2"); // 20 units, cost still 1002, average 1002 / 20 = 50.1
    j.sell("2024-03-01", "XYZ", "5", "60", { fee: "1" }); // proceeds 5 × 60 − 1 = 299
    const ledger = replay([usd], j.rows);
    const h = holding(ledger.holdings(), "A", "XYZ")!;
    // 15 units left; FIFO cost of the 5 sold = 1002 × 5/20 = 250.5, left 751.5.
    expect(s(h.quantity)).toBe("15");
    expect(s(h.lotCost)).toBe("751.5");
    expect(s(h.averagePrice)).toBe("50.1");
    const [sale] = ledger.realisations;
    expect(s(sale.cost)).toBe("250.5");
    expect(s(sale.pnl)).toBe("48.5"); // 299 − 250.5
    expect(s(sale.pnlAverage)).toBe("48.5"); // one lot: both methods agree
    expect(cash(ledger.holdings(), "A", "USD")).toBe("1297"); // 2000 − 1002 + 299
  });

  it("a dividend pays the gross less withholding tax into cash", () => {
    const j = journal("A", "USD");
    j.deposit("2024-01-02", "5000");
    j.buy("2024-01-02", "XYZ", "100", "50"); // cash 0
    j.dividend("2024-03-15", "XYZ", "100", "15"); // 15 % withheld: cash + 85
    const h = replay([usd], j.rows).holdings();
    expect(cash(h, "A", "USD")).toBe("85");
    expect(s(holding(h, "A", "XYZ")!.lotCost)).toBe("5000"); // a dividend does not touch cost
  });

  it("a full sale closes the position and a re-buy starts a fresh lot and average", () => {
    const j = journal("A", "USD");
    j.deposit("2024-01-02", "3000");
    j.buy("2024-01-02", "XYZ", "5", "100"); // lot 1: 500
    j.buy("2024-01-03", "XYZ", "5", "120"); // lot 2: 600; average (500 + 600) / 10 = 110
    j.sell("2024-01-04", "XYZ", "10", "130"); // proceeds 1300
    j.buy("2024-01-05", "XYZ", "2", "90"); // fresh: average 90
    const ledger = replay([usd], j.rows);
    const [sale] = ledger.realisations;
    // FIFO: 1300 − (500 + 600) = 200; average: 1300 − 10 × 110 = 200 (a whole sale: the same).
    expect(s(sale.pnl)).toBe("200");
    expect(s(sale.pnlAverage)).toBe("200");
    expect(sale.lots.map((l) => [l.lotId, s(l.quantity), s(l.cost)])).toEqual([
      ["A-2", "5", "500"],
      ["A-3", "5", "600"],
    ]);
    const h = holding(ledger.holdings(), "A", "XYZ")!;
    expect(s(h.quantity)).toBe("2");
    expect(s(h.averagePrice)).toBe("90");
    expect(h.lots.map((l) => l.id)).toEqual(["A-5"]);
    expect(cash(ledger.holdings(), "A", "USD")).toBe("3020"); // 3000 − 500 − 600 + 1300 − 180
  });

  it("a sale that empties a holding removes it; FIFO and moving average differ on a partial sale", () => {
    const j = journal("A", "USD");
    j.buy("2024-01-02", "XYZ", "10", "10"); // 100
    j.buy("2024-01-03", "XYZ", "10", "20"); // 200; average 15
    j.sell("2024-01-04", "XYZ", "10", "25"); // FIFO cost 100 → 150; average cost 150 → 100
    j.sell("2024-01-05", "XYZ", "10", "25"); // FIFO cost 200 → 50; average 150 → 100
    const ledger = replay([usd], j.rows);
    const [a, b] = ledger.realisations;
    expect([s(a.pnl), s(a.pnlAverage)]).toEqual(["150", "100"]);
    expect([s(b.pnl), s(b.pnlAverage)]).toEqual(["50", "100"]);
    // Both methods realise the same 200 over the round trip, and nothing is left.
    expect(holding(ledger.holdings(), "A", "XYZ")).toBeUndefined();
    expect(cash(ledger.holdings(), "A", "USD")).toBe("200"); // −300 + 500
  });

  it("specific-lot identification sells the lot named", () => {
    const j = journal("A", "USD");
    j.buy("2024-01-02", "XYZ", "10", "10", { id: "cheap" });
    j.buy("2024-01-03", "XYZ", "10", "20", { id: "dear" });
    j.sell("2024-01-04", "XYZ", "4", "25", { lots: [{ lotId: "dear", quantity: D(4) }] });
    const ledger = replay([usd], j.rows);
    expect(s(ledger.realisations[0].pnl)).toBe("20"); // 4 × 25 − 4 × 20
    const lots = holding(ledger.holdings(), "A", "XYZ")!.lots;
    expect(lots.map((l) => [l.id, s(l.quantity)])).toEqual([
      ["cheap", "10"],
      ["dear", "6"],
    ]);
  });

  it("a short sale and its cover realise the price fall less both fees", () => {
    const j = journal("A", "USD");
    j.deposit("2024-01-02", "10000");
    j.short("2024-01-02", "XYZ", "10", "100", { fee: "1" }); // brings in 1000 − 1 = 999
    j.cover("2024-01-10", "XYZ", "10", "90", { fee: "1" }); // costs 900 + 1 = 901
    const ledger = replay([usd], j.rows);
    expect(s(ledger.realisations[0].pnl)).toBe("98"); // 999 − 901
    expect(ledger.realisations[0].kind).toBe("cover");
    expect(holding(ledger.holdings(), "A", "XYZ")).toBeUndefined();
    expect(cash(ledger.holdings(), "A", "USD")).toBe("10098");
  });

  it("a short position shows a negative quantity", () => {
    const j = journal("A", "USD");
    j.short("2024-01-02", "XYZ", "3", "100");
    expect(s(holding(replay([usd], j.rows).holdings(), "A", "XYZ")!.quantity)).toBe("-3");
  });

  it("a transfer between accounts moves the lots with their cost and acquisition date", () => {
    const a = journal("A", "USD");
    const b = journal("B", "USD");
    a.buy("2024-01-02", "XYZ", "10", "100", { fee: "5" }); // lot A-1: 1005, acquired 2024-01-02
    a.buy("2024-01-05", "XYZ", "10", "110"); // lot A-2: 1100
    a.transferOut("2024-03-01", "XYZ", "15", "T1"); // FIFO: all of A-1, 5 of A-2 (550)
    b.transferIn("2024-03-01", "XYZ", "15", "T1");
    b.sell("2024-04-01", "XYZ", "10", "120"); // FIFO in B: A-1 first, cost 1005 → pnl 195
    const ledger = replay([usd, { id: "B", baseCurrency: "USD" }], [...a.rows, ...b.rows]);
    const h = ledger.holdings();
    expect(s(holding(h, "A", "XYZ")!.quantity)).toBe("5");
    expect(s(holding(h, "A", "XYZ")!.lotCost)).toBe("550");
    const lots = holding(h, "B", "XYZ")!.lots;
    expect(lots.map((l) => [l.id, s(l.quantity), s(l.cost), l.acquiredDate])).toEqual([
      ["A-2", "5", "550", "2024-01-05"],
    ]);
    expect(s(ledger.realisations[0].pnl)).toBe("195");
    expect(ledger.realisations[0].lots[0].acquiredDate).toBe("2024-01-02");
    expect(ledger.pendingTransfers()).toEqual([]);
  });

  it("an arrival listed before its departure on the same day waits for it, across batches too", () => {
    const a = journal("A", "USD");
    const b = journal("B", "USD");
    a.buy("2024-01-02", "XYZ", "10", "100");
    b.transferIn("2024-03-01", "XYZ", "4", "T1"); // B's file was imported first
    a.transferOut("2024-03-01", "XYZ", "4", "T1");
    const accounts = [usd, { id: "B", baseCurrency: "USD" }];
    const rows = [a.rows[0], b.rows[0], a.rows[1]];
    const whole = replay(accounts, rows).holdings();
    const batched = new Ledger(accounts).apply(rows.slice(0, 2)).apply(rows.slice(2)).holdings();
    expect(JSON.stringify(batched)).toBe(JSON.stringify(whole));
    expect(s(holding(whole, "B", "XYZ")!.lotCost)).toBe("400");
    // An arrival whose departure never comes fails once its day is over.
    expect(() => new Ledger(accounts).apply([a.rows[0], b.rows[0]]).holdings()).toThrow(
      /T1 has no transferOut/,
    );
  });

  it("a spin-off gives new units with a share of the cost and the parent's dates", () => {
    const j = journal("A", "USD");
    j.buy("2024-01-02", "PAR", "100", "50"); // 5000
    j.spinOff("2024-06-03", "PAR", "KID", "0.5", "0.2"); // 50 KID; cost 20 % = 1000 moves
    const h = replay([usd], j.rows).holdings();
    const parent = holding(h, "A", "PAR")!;
    const kid = holding(h, "A", "KID")!;
    expect([s(parent.quantity), s(parent.lotCost), s(parent.averageCost)]).toEqual(["100", "4000", "4000"]);
    expect([s(kid.quantity), s(kid.lotCost), s(kid.averageCost), s(kid.averagePrice)]).toEqual([
      "50",
      "1000",
      "1000",
      "20",
    ]);
    expect(kid.lots[0].acquiredDate).toBe("2024-01-02");
  });

  it("a return of capital lowers cost; beyond cost it is a realised gain", () => {
    const j = journal("A", "USD");
    j.buy("2024-01-02", "XYZ", "10", "10"); // 100
    j.returnOfCapital("2024-02-01", "XYZ", "30"); // cost 70
    j.returnOfCapital("2024-03-01", "XYZ", "100"); // cost 0, 30 realised
    const ledger = replay([usd], j.rows);
    expect(s(holding(ledger.holdings(), "A", "XYZ")!.lotCost)).toBe("0");
    expect(ledger.realisations.map((r) => [r.kind, s(r.pnl), s(r.pnlAverage)])).toEqual([
      ["returnOfCapital", "30", "30"],
    ]);
  });

  it("a KRW account buying a US stock keeps cost in both currencies and realises FX in KRW", () => {
    const j = journal("K", "KRW");
    j.deposit("2024-01-02", "1350000");
    j.convert("2024-01-02", ["KRW", "1350000", "1"], ["USD", "1000", "1350"]);
    j.buy("2024-01-02", "AAPL", "10", "100", { currency: "USD", fx: "1350" }); // 1000 USD = 1,350,000 KRW
    j.sell("2024-02-01", "AAPL", "10", "110", { currency: "USD", fx: "1400" }); // 1100 USD = 1,540,000 KRW
    const ledger = replay([{ id: "K", baseCurrency: "KRW" }], j.rows);
    const [sale] = ledger.realisations;
    expect(s(sale.pnl)).toBe("100"); // USD
    expect(s(sale.pnlBase)).toBe("190000"); // KRW: 1,540,000 − 1,350,000 (price 135,000 + FX 55,000)
    expect(cash(ledger.holdings(), "K", "USD")).toBe("1100");
    expect(cash(ledger.holdings(), "K", "KRW")).toBe("0");
  });

  it("origins flow to lots and realisations", () => {
    const j = journal("A", "USD");
    j.buy("2024-01-02", "XYZ", "1", "1", { origin: { kind: "import", importId: "imp1", row: 7 } });
    j.sell("2024-01-03", "XYZ", "1", "2", { origin: { kind: "sync", connectionId: "c1" } });
    j.buy("2024-01-04", "XYZ", "1", "1", { origin: { kind: "paper", paperAccountId: "p" } });
    const ledger = replay([usd], j.rows);
    expect(ledger.realisations[0].origin).toEqual({ kind: "sync", connectionId: "c1" });
    expect(ledger.realisations[0].lots[0].origin).toEqual({ kind: "import", importId: "imp1", row: 7 });
    expect(holding(ledger.holdings(), "A", "XYZ")!.lots[0].origin).toEqual({
      kind: "paper",
      paperAccountId: "p",
    });
  });

  describe("impossible sequences name the transaction", () => {
    const fails = (build: (j: ReturnType<typeof journal>) => void, id: string, message: RegExp) => {
      const j = journal("A", "USD");
      build(j);
      try {
        replay([usd], j.rows);
      } catch (e) {
        expect(e).toBeInstanceOf(LedgerError);
        expect((e as LedgerError).transactionId).toBe(id);
        expect((e as LedgerError).message).toMatch(message);
        return;
      }
      throw new Error("replay did not fail");
    };
    it("selling more than held", () =>
      fails(
        (j) => {
          j.buy("2024-01-02", "XYZ", "5", "1");
          j.sell("2024-01-03", "XYZ", "6", "1");
        },
        "A-2",
        /A-2 \(sell on 2024-01-03.*takes 6 XYZ but only 5 are held/,
      ));
    it("selling what was never bought", () =>
      fails((j) => j.sell("2024-01-03", "XYZ", "1", "1"), "A-1", /no long position in XYZ.*record a short/));
    it("buying into a short position", () =>
      fails(
        (j) => {
          j.short("2024-01-02", "XYZ", "5", "1");
          j.buy("2024-01-03", "XYZ", "1", "1");
        },
        "A-2",
        /short: record a cover/,
      ));
    it("covering with no short", () =>
      fails((j) => j.cover("2024-01-03", "XYZ", "1", "1"), "A-1", /no short position in XYZ to cover/));
    it("a transfer in with no transfer out and no cost", () =>
      fails((j) => j.transferIn("2024-01-03", "XYZ", "1", "T9"), "A-1", /T9 has no transferOut/));
    it("a base-currency rate other than 1", () =>
      fails(
        (j) => j.deposit("2024-01-03", "10", { fx: "1.1" }),
        "A-1",
        /USD, the account's base currency, must be 1/,
      ));
    it("a split of nothing", () =>
      fails((j) => j.split("2024-01-03", "XYZ", "2"), "A-1", /no position in XYZ/));
    it("a picked lot that is not there", () =>
      fails(
        (j) => {
          j.buy("2024-01-02", "XYZ", "5", "1");
          j.sell("2024-01-03", "XYZ", "1", "1", { lots: [{ lotId: "nope", quantity: D(1) }] });
        },
        "A-2",
        /lot nope is not open/,
      ));
    it("a negative quantity", () =>
      fails((j) => j.buy("2024-01-03", "XYZ", "-1", "1"), "A-1", /quantity must be positive/));
    it("a back-dated batch", () => {
      const j = journal("A", "USD");
      j.buy("2024-01-05", "XYZ", "1", "1");
      const k = journal("A", "USD", "late");
      k.buy("2024-01-02", "XYZ", "1", "1");
      const ledger = replay([usd], j.rows);
      expect(() => ledger.apply(k.rows)).toThrow(/late-1 .*replay from zero/);
    });
  });
});
