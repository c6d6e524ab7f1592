import {
  type BarQuote,
  FILL_RULES,
  type MatchableOrder,
  matchOrder,
  newMatchOut,
  type OrderSide,
  type OrderType,
  type TimeInForce,
  trailingStopLevel,
} from "@bullpen/quant/backtest";
import { describe, expect, it } from "vitest";

function order(side: OrderSide, type: OrderType, extra: Partial<MatchableOrder> = {}): MatchableOrder {
  return {
    side,
    type,
    tif: "gtc" as TimeInForce,
    quantity: 100,
    filled: 0,
    limitPrice: Number.NaN,
    stopPrice: Number.NaN,
    trailAmount: 0,
    trailPercent: 0,
    trailAnchor: Number.NaN,
    triggered: false,
    eligibleBar: 1,
    ...extra,
  };
}
const bar = (open: number, high: number, low: number, close: number, volume = 1e6): BarQuote => ({
  open,
  high,
  low,
  close,
  volume,
});
const none = { kind: "none" } as const;

function match(o: MatchableOrder, b: BarQuote, t = 1, avail = Number.POSITIVE_INFINITY) {
  const out = newMatchOut();
  const hit = matchOrder(o, b, t, avail, none, out);
  return { hit, q: out.quantity, price: out.price, rule: hit ? FILL_RULES[out.rule] : "", done: out.done };
}

describe("matching rules", () => {
  it("nothing fills before the eligible bar", () => {
    expect(match(order("buy", "market"), bar(10, 11, 9, 10), 0).hit).toBe(false);
  });
  it("market fills at the open", () => {
    expect(match(order("buy", "market"), bar(10, 11, 9, 10.5))).toMatchObject({
      q: 100,
      price: 10,
      rule: "market@open",
    });
  });
  it("market with bps and fixed slippage, against the trader", () => {
    const out = newMatchOut();
    matchOrder(order("buy", "market"), bar(10, 11, 9, 10), 1, Infinity, { kind: "bps", bps: 10 }, out);
    expect(out.price).toBeCloseTo(10.01, 12);
    matchOrder(
      order("sell", "market"),
      bar(10, 11, 9, 10),
      1,
      Infinity,
      { kind: "fixed", amount: 0.05 },
      out,
    );
    expect(out.price).toBeCloseTo(9.95, 12);
    // Square-root impact: 10 × (1 + 0.1·√(100/10,000)) = 10.1
    matchOrder(
      order("buy", "market"),
      bar(10, 11, 9, 10, 10_000),
      1,
      Infinity,
      { kind: "volumeImpact", k: 0.1 },
      out,
    );
    expect(out.price).toBeCloseTo(10.1, 12);
  });
  it("limit: touched intrabar, better open, not reached", () => {
    expect(match(order("buy", "limit", { limitPrice: 9.5 }), bar(10, 11, 9, 10))).toMatchObject({
      price: 9.5,
      rule: "limit touched",
    });
    expect(match(order("buy", "limit", { limitPrice: 9.5 }), bar(9.2, 11, 9, 10))).toMatchObject({
      price: 9.2,
      rule: "limit, open better than limit",
    });
    expect(match(order("sell", "limit", { limitPrice: 10.8 }), bar(10, 11, 9, 10))).toMatchObject({
      price: 10.8,
    });
    expect(match(order("sell", "limit", { limitPrice: 11.5 }), bar(10, 11, 9, 10)).hit).toBe(false);
  });
  it("limit fills are not slipped", () => {
    const out = newMatchOut();
    matchOrder(
      order("buy", "limit", { limitPrice: 9.5 }),
      bar(10, 11, 9, 10),
      1,
      Infinity,
      { kind: "bps", bps: 50 },
      out,
    );
    expect(out.price).toBe(9.5);
  });
  it("stop: triggered intrabar, gap through the stop", () => {
    expect(match(order("sell", "stop", { stopPrice: 9.5 }), bar(10, 11, 9, 10))).toMatchObject({
      price: 9.5,
      rule: "stop triggered",
    });
    expect(match(order("sell", "stop", { stopPrice: 9.5 }), bar(9, 9.8, 8.5, 9))).toMatchObject({
      price: 9,
      rule: "stop triggered, gap open",
    });
    expect(match(order("buy", "stop", { stopPrice: 10.5 }), bar(10, 11, 9, 10))).toMatchObject({
      price: 10.5,
    });
    expect(match(order("buy", "stop", { stopPrice: 11.5 }), bar(10, 11, 9, 10)).hit).toBe(false);
  });
  it("stop-limit: at the stop, at the open, and a limit below the stop waits for the next bar", () => {
    expect(
      match(order("buy", "stopLimit", { stopPrice: 10.5, limitPrice: 10.7 }), bar(10, 11, 9, 10)),
    ).toMatchObject({
      price: 10.5,
      rule: "stop-limit triggered, filled at stop",
    });
    expect(
      match(order("buy", "stopLimit", { stopPrice: 10.5, limitPrice: 10.7 }), bar(10.6, 11, 9, 10)),
    ).toMatchObject({
      price: 10.6,
      rule: "stop-limit triggered, filled at open",
    });
    // Gap above the limit, then the bar trades back down to it: fills at the limit.
    expect(
      match(order("buy", "stopLimit", { stopPrice: 10.5, limitPrice: 10.7 }), bar(11, 11.5, 10.6, 11)),
    ).toMatchObject({
      price: 10.7,
      rule: "stop-limit triggered, limit touched",
    });
    const o = order("buy", "stopLimit", { stopPrice: 10.5, limitPrice: 10.2 });
    expect(match(o, bar(10, 11, 9, 10)).hit).toBe(false);
    expect(o.triggered).toBe(true);
    expect(match(o, bar(10.4, 10.6, 10.1, 10.3), 2)).toMatchObject({ price: 10.2, rule: "limit touched" });
  });
  it("stop-limit slippage is capped at the limit", () => {
    const out = newMatchOut();
    const o = order("buy", "stopLimit", { stopPrice: 10.5, limitPrice: 10.52 });
    matchOrder(o, bar(10, 11, 9, 10), 1, Infinity, { kind: "bps", bps: 100 }, out);
    expect(out.price).toBe(10.52);
  });
  it("trailing stop follows the high after the bar is tested", () => {
    const o = order("sell", "trailingStop", { trailPercent: 0.1, trailAnchor: 100 });
    expect(match(o, bar(100, 120, 95, 118)).hit).toBe(false); // stop 90 not touched
    expect(o.trailAnchor).toBe(120);
    expect(trailingStopLevel(o)).toBeCloseTo(108, 12);
    expect(match(o, bar(115, 116, 107, 110), 2)).toMatchObject({
      price: 108,
      rule: "trailing stop triggered",
    });
    const g = order("sell", "trailingStop", { trailAmount: 5, trailAnchor: 100 });
    expect(match(g, bar(94, 96, 90, 95))).toMatchObject({
      price: 94,
      rule: "trailing stop triggered, gap open",
    });
    const b = order("buy", "trailingStop", { trailAmount: 2, trailAnchor: 50 });
    expect(match(b, bar(49, 50, 45, 46)).hit).toBe(false);
    expect(b.trailAnchor).toBe(45);
    expect(match(b, bar(46, 47.5, 45.5, 47), 2)).toMatchObject({ price: 47 });
  });
  it("time in force", () => {
    // day: one bar, then done whether or not it filled.
    const day = order("buy", "limit", { limitPrice: 5, tif: "day" });
    expect(match(day, bar(10, 11, 9, 10))).toMatchObject({ hit: false, done: true });
    const gtc = order("buy", "limit", { limitPrice: 5 });
    expect(match(gtc, bar(10, 11, 9, 10))).toMatchObject({ hit: false, done: false });
    // ioc: only the open counts; an intrabar touch is too late.
    const ioc = order("buy", "limit", { limitPrice: 9.5, tif: "ioc" });
    expect(match(ioc, bar(10, 11, 9, 10))).toMatchObject({ hit: false, done: true });
    const ioc2 = order("buy", "limit", { limitPrice: 10.5, tif: "ioc" });
    expect(match(ioc2, bar(10, 11, 9, 10), 1, 40)).toMatchObject({ hit: true, q: 40, done: true });
    // fok: all or nothing.
    const fok = order("buy", "market", { tif: "fok" });
    expect(match(fok, bar(10, 11, 9, 10), 1, 40)).toMatchObject({ hit: false, done: true });
    expect(match(order("buy", "market", { tif: "fok" }), bar(10, 11, 9, 10), 1, 100)).toMatchObject({
      q: 100,
    });
  });
  it("partial fills take at most the available quantity", () => {
    const o = order("buy", "market");
    expect(match(o, bar(10, 11, 9, 10), 1, 30)).toMatchObject({ q: 30, done: false });
    o.filled = 90;
    expect(match(o, bar(10, 11, 9, 10), 2, 30)).toMatchObject({ q: 10, done: true });
  });
  it("no quote, no fill", () => {
    expect(match(order("buy", "market"), bar(Number.NaN, Number.NaN, Number.NaN, Number.NaN)).hit).toBe(
      false,
    );
  });
});
