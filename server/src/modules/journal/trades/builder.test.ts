// The round-trip builder on hand-worked fills: scaling in and out, FIFO partial exits, flips, shorts,
// splits, commissions, holding time.
import { describe, expect, it } from "vitest";
import { buildTrades, type Fill } from "./builder.ts";

let n = 0;
const fill = (
  type: Fill["type"],
  date: string,
  quantity: string,
  price: string,
  fee = "0",
  at?: string,
): Fill => ({
  id: `f${++n}`,
  type,
  date,
  quantity,
  price,
  fee,
  ...(at ? { at } : {}),
});

describe("buildTrades", () => {
  it("one buy and one sell make one closed long trade, net of both commissions", () => {
    const [t, ...rest] = buildTrades([
      fill("buy", "2024-01-02", "10", "100", "1"),
      fill("sell", "2024-01-05", "10", "110", "1.5"),
    ]);
    expect(rest).toEqual([]);
    expect(t).toMatchObject({
      side: "long",
      status: "closed",
      quantity: "10",
      entryPrice: "100",
      averageExitPrice: "110",
      commission: "2.5",
      realizedPnl: "97.5",
      openQuantity: "0",
      holdingSeconds: 3 * 86400,
    });
    expect(t?.fills.map((f) => f.role)).toEqual(["entry", "exit"]);
  });

  it("scales in and out: FIFO realised P&L on a partial exit, averages over the whole trade", () => {
    const fills = [
      fill("buy", "2024-01-02", "10", "100"),
      fill("buy", "2024-01-03", "10", "120"),
      fill("sell", "2024-01-04", "15", "130"),
    ];
    const [open] = buildTrades(fills);
    // FIFO: 10 × (130 − 100) + 5 × (130 − 120) = 350; an average cost would say 15 × 20 = 300.
    expect(open).toMatchObject({
      status: "open",
      quantity: "20",
      openQuantity: "5",
      exitedQuantity: "15",
      entryPrice: "110",
      realizedPnl: "350",
      exitAt: null,
      holdingSeconds: null,
    });
    const [closed] = buildTrades([...fills, fill("sell", "2024-01-08", "5", "90")]);
    // Closing the last 5 at 90 (bought at 120): 350 − 150 = 200 = (avg exit − avg entry) × quantity.
    expect(closed).toMatchObject({ status: "closed", realizedPnl: "200", averageExitPrice: "120" });
  });

  it("a fill through zero closes the long and opens a short with the rest, sharing its commission", () => {
    const trades = buildTrades([
      fill("buy", "2024-01-02", "10", "50", "2"),
      fill("sell", "2024-01-03", "15", "60", "3"),
      fill("buy", "2024-01-04", "5", "55", "1"),
    ]);
    expect(trades).toHaveLength(2);
    const [long, short] = trades;
    expect(long).toMatchObject({ side: "long", status: "closed", quantity: "10", commission: "4" });
    expect(long?.realizedPnl).toBe("96"); // 10 × 10 − (2 + 2)
    expect(short).toMatchObject({ side: "short", status: "closed", quantity: "5", entryPrice: "60" });
    expect(short?.realizedPnl).toBe("23"); // 5 × (60 − 55) − (1 + 1)
    expect(short?.openingFillId).toBe(long?.fills[1]?.transactionId);
  });

  it("short and cover: a short trade gains when the price falls", () => {
    const [t] = buildTrades([
      fill("short", "2024-02-01", "100", "20"),
      fill("cover", "2024-02-02", "100", "18"),
    ]);
    expect(t).toMatchObject({ side: "short", status: "closed", realizedPnl: "200" });
  });

  it("a split scales the open lots: costs and proceeds stay, P&L is unchanged", () => {
    const [t] = buildTrades([
      fill("buy", "2024-01-02", "10", "100"),
      { id: "s", type: "split", date: "2024-01-03", ratio: "2" },
      fill("sell", "2024-01-04", "20", "55"),
    ]);
    expect(t).toMatchObject({ status: "closed", quantity: "20", entryPrice: "50", realizedPnl: "100" });
  });

  it("keeps known times of day and a sequence of round trips apart", () => {
    const trades = buildTrades([
      fill("buy", "2024-03-01", "1", "10", "0", "2024-03-01T14:30:00.000Z"),
      fill("sell", "2024-03-01", "1", "11", "0", "2024-03-01T15:00:00.000Z"),
      fill("buy", "2024-03-02", "2", "10"),
    ]);
    expect(trades.map((t) => t.status)).toEqual(["closed", "open"]);
    expect(trades[0]).toMatchObject({ entryTimeKnown: true, holdingSeconds: 1800 });
    expect(trades[1]).toMatchObject({ entryTimeKnown: false, entryAt: "2024-03-02T00:00:00.000Z" });
  });

  it("refuses a fill without a price", () => {
    expect(() => buildTrades([{ id: "x", type: "buy", date: "2024-01-01", quantity: "1" }])).toThrow(/price/);
  });
});

describe("transfers between accounts", () => {
  it("a transferOut leaves at cost (no P&L) and tells the transferIn its price", () => {
    const transfers = new Map();
    const [from] = buildTrades(
      [
        fill("buy", "2024-01-02", "10", "100"),
        fill("buy", "2024-01-03", "10", "110"),
        { id: "out", type: "transferOut", date: "2024-02-01", quantity: "15", transferId: "T1" },
      ],
      transfers,
    );
    // FIFO: 10 at 100 and 5 at 110 leave, 1,550 of cost; 5 stay open; nothing realised.
    expect(from).toMatchObject({ status: "open", openQuantity: "5", realizedPnl: "0" });
    expect(transfers.get("T1")?.cost.toString()).toBe("1550");
    const [to] = buildTrades([
      {
        id: "in",
        type: "transferIn",
        date: "2024-02-01",
        quantity: "15",
        price: "103.3333333333",
        transferId: "T1",
      },
      fill("sell", "2024-03-01", "15", "120"),
    ]);
    expect(to).toMatchObject({ side: "long", status: "closed" });
    expect(Number(to?.realizedPnl)).toBeCloseTo(15 * 120 - 1550, 6);
  });

  it("a transferIn whose price nobody knows is left out rather than guessed", () => {
    expect(buildTrades([{ id: "in", type: "transferIn", date: "2024-02-01", quantity: "5" }])).toEqual([]);
  });
});
