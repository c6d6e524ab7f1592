// Tradovate (futures) and TradeZero (US day trading) exports.
import { describe, expect, it } from "vitest";
import { byType, expectAllAccounted, fixture, fromText, parseAs } from "./test-helpers.ts";

describe("Tradovate", () => {
  it("splits each paired trade into its two fills, with prices per contract from the P/L", async () => {
    const r = await parseAs(fixture("tradovate/tradovate-paired-trades-sample.csv"), "tradovate");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(5);
    expect(byType(r)).toEqual({ buy: 3, sell: 3, short: 2, cover: 2 });
    expectAllAccounted(r);
    const qty = r.activities
      .filter((a) => a.type === "buy" || a.type === "cover")
      .reduce((s, a) => s + Number(a.quantity), 0);
    expect(qty).toBe(15);
    expect(r.activities[0]).toMatchObject({
      row: 2,
      date: "2026-04-09",
      type: "buy",
      symbol: "MNQM6",
      quantity: "5",
      price: "50146.5",
      assetClass: "future",
      externalId: "465747740203",
    });
    // Row 5 sold at 15:36:31 before buying at 15:37:06: a short sale, then its cover.
    expect(r.activities.filter((a) => a.row === 5).map((a) => [a.type, a.price])).toEqual([
      ["short", "50102"],
      ["cover", "50128"],
    ]);
    // The ledger's gains equal the file's P/L: -218.00 in all.
    let pl = 0;
    for (const a of r.activities)
      pl += (a.type === "sell" || a.type === "short" ? 1 : -1) * Number(a.price) * Number(a.quantity);
    expect(pl).toBeCloseTo(-218, 6);
  });

  it("reads the Performance export (camelCase titles, $ and parenthesised P/L)", async () => {
    const text = [
      "symbol,_priceFormat,_priceFormatType,_tickSize,buyFillId,sellFillId,qty,buyPrice,sellPrice,pnl,boughtTimestamp,soldTimestamp,duration",
      "ESM4,-2,0,0.25,101,102,2,5000.25,5002.75,$250.00,05/01/2024 09:31:10,05/01/2024 09:40:00,8min 50sec",
      "ESM4,-2,0,0.25,104,103,1,5010.00,5008.50,$(75.00),05/01/2024 10:05:00,05/01/2024 10:01:00,4min",
    ].join("\n");
    const r = await parseAs(fromText("Performance.csv", text), "tradovate");
    expect(r.errors).toEqual([]);
    expect(byType(r)).toEqual({ buy: 1, sell: 1, short: 1, cover: 1 });
    // ES: 50 USD a point, read from the P/L.
    expect(r.activities[0]).toMatchObject({
      type: "buy",
      symbol: "ESM4",
      quantity: "2",
      price: "250012.5",
      externalId: "101",
    });
    expect(r.activities.filter((a) => a.row === 3).map((a) => [a.type, a.price])).toEqual([
      ["short", "250425"],
      ["cover", "250500"],
    ]);
  });

  it("reads a fills export, leaving unfilled orders out", async () => {
    const text = [
      "Fill ID,Date,B/S,Quantity,Price,Contract,Product,Status",
      "1,2024-05-01,Buy,2,5000.25,ESM4,ES,Filled",
      "2,2024-05-01,Sell,2,5001.50,ESM4,ES,Filled",
      "3,2024-05-01,Sell,1,5010,ESM4,ES,Canceled",
    ].join("\n");
    const r = await parseAs(fromText("fills.csv", text), "tradovate");
    expect(byType(r)).toEqual({ buy: 1, sell: 1 });
    expect(r.ignored).toEqual([expect.objectContaining({ row: 4, code: "not_filled" })]);
  });
});

describe("TradeZero", () => {
  it("reads the executions with their side and every fee column", async () => {
    const r = await parseAs(fixture("tradezero/example_tradezero_file.csv"), "tradezero");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(15);
    expect(byType(r)).toEqual({ short: 4, cover: 9, buy: 1, sell: 1 });
    expect(r.activities.filter((a) => a.symbol === "RBLX")).toHaveLength(8);
    expect(r.activities[0]).toMatchObject({
      row: 2,
      date: "2022-08-08",
      type: "short",
      symbol: "RBLX",
      quantity: "50",
      price: "49.88",
      amount: "2494",
      fee: "0.07",
      currency: "USD",
      accountRef: "XY000001",
    });
  });

  it("names the row and column of a bad side", async () => {
    const text =
      "Account,T/D,S/D,Currency,Type,Side,Symbol,Qty,Price,Exec Time,Comm,Gross Proceeds,Net Proceeds\nA1,01/05/2024,01/08/2024,USD,2,X,AAPL,1,180,09:30:00,0,-180,-180\n";
    const r = await parseAs(fromText("tz.csv", text), "tradezero");
    expect(r.errors).toEqual([expect.objectContaining({ row: 2, code: "unknown_type", column: "Side" })]);
  });
});
