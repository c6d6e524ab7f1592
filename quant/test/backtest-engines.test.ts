import {
  type BarData,
  commissionFor,
  EventBacktest,
  type EventStrategy,
  holdingsTable,
  runVectorBacktest,
} from "@bullpen/quant/backtest";
import { describe, expect, it } from "vitest";

/** Deterministic OHLCV random walks (LCG), independent of the code under test. */
function makeData(nAssets: number, nBars: number, seed = 7): BarData {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const d: BarData = { open: [], high: [], low: [], close: [], volume: [] };
  for (let a = 0; a < nAssets; a++) {
    const o = new Float64Array(nBars);
    const h = new Float64Array(nBars);
    const l = new Float64Array(nBars);
    const c = new Float64Array(nBars);
    const v = new Float64Array(nBars);
    let prev = 50 + 10 * a;
    for (let t = 0; t < nBars; t++) {
      o[t] = prev * (1 + 0.01 * (u() - 0.5));
      c[t] = prev * (1 + 0.04 * (u() - 0.5));
      h[t] = Math.max(o[t], c[t]) * (1 + 0.01 * u());
      l[t] = Math.min(o[t], c[t]) * (1 - 0.01 * u());
      v[t] = 1000 + Math.floor(9000 * u());
      prev = c[t];
    }
    d.open.push(o);
    d.high.push(h);
    d.low.push(l);
    d.close.push(c);
    d.volume.push(v);
  }
  return d;
}

/** A plain simple moving average (NaN during the first n−1 bars). */
function sma(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(Number.NaN);
  for (let t = n - 1; t < x.length; t++) {
    let s = 0;
    for (let k = t - n + 1; k <= t; k++) s += x[k];
    out[t] = s / n;
  }
  return out;
}

function crosses(close: Float64Array, fast: number, slow: number): Int8Array {
  const f = sma(close, fast);
  const sl = sma(close, slow);
  const out = new Int8Array(close.length);
  for (let t = 1; t < close.length; t++) {
    if (Number.isNaN(sl[t - 1])) continue;
    if (f[t - 1] <= sl[t - 1] && f[t] > sl[t]) out[t] = 1;
    else if (f[t - 1] >= sl[t - 1] && f[t] < sl[t]) out[t] = -1;
  }
  return out;
}

const near = (a: number, b: number, rel = 1e-9) => Math.abs(a - b) <= rel * Math.abs(b) + 1e-9;

describe("event engine: buy and hold with a split and a dividend (by hand)", () => {
  const f = (xs: number[]) => Float64Array.from(xs);
  const data: BarData = {
    open: [f([50, 51, 53, 27, 27.8, 27.5])],
    high: [f([51, 53, 55, 28, 28.5, 28])],
    low: [f([49, 50, 52, 26.5, 27.5, 26.8])],
    close: [f([50, 52, 54, 27.5, 28, 27])],
    volume: [f([1e5, 1e5, 1e5, 2e5, 2e5, 2e5])],
  };
  const bt = new EventBacktest(data, {
    cash: 10_000,
    commission: { kind: "bps", bps: 10 },
    corporateActions: [
      { asset: 0, bar: 3, splitRatio: 2 },
      { asset: 0, bar: 4, dividend: 0.5 },
    ],
  });
  const res = bt.run({
    onBar(b, t) {
      if (t === 0) b.submit({ asset: 0, side: "buy", quantity: 100 });
    },
  });
  it("equity", () => {
    // Buy 100 at 51 (bar 1 open), commission 5.10 → cash 4,894.90. 2:1 split at bar 3 → 200 shares.
    // Dividend 0.50 × 200 = 100 at bar 4 → cash 4,994.90.
    const expected = [10_000, 4894.9 + 5200, 4894.9 + 5400, 4894.9 + 5500, 4994.9 + 5600, 4994.9 + 5400];
    for (let t = 0; t < 6; t++) expect(res.equity[t]).toBeCloseTo(expected[t], 9);
    expect(bt.position(0)).toBe(200);
    expect(bt.averageCost(0)).toBeCloseTo(25.5, 12);
    expect(res.totals.dividends).toBeCloseTo(100, 12);
    expect(res.fills).toHaveLength(1);
    expect(res.fills[0]).toMatchObject({ bar: 1, price: 51, quantity: 100, rule: "market@open" });
    expect(res.trades[0]).toMatchObject({ open: true, quantity: 200, entryPrice: 25.5 });
  });
});

describe("SMA crossover: event engine, vectorised engine and a plain loop agree", () => {
  const nA = 4;
  const nB = 600;
  const data = makeData(nA, nB);
  const q = 10;
  const bps = 10;
  const fixed = 1;
  const cross = data.close.map((c) => crosses(c, 5, 15));

  // The reference: a plain loop, orders decided at bar t's close and filled at bar t+1's open.
  const ref = new Float64Array(nB);
  {
    let cash = 100_000;
    const pos = new Float64Array(nA);
    const pending = new Float64Array(nA);
    for (let t = 0; t < nB; t++) {
      for (let a = 0; a < nA; a++) {
        if (pending[a] !== 0) {
          const px = data.open[a][t];
          cash -= pending[a] * px + Math.abs(pending[a]) * px * (bps / 1e4) + fixed;
          pos[a] += pending[a];
          pending[a] = 0;
        }
      }
      let v = cash;
      for (let a = 0; a < nA; a++) v += pos[a] * data.close[a][t];
      ref[t] = v;
      for (let a = 0; a < nA; a++) {
        if (cross[a][t] === 1 && pos[a] === 0) pending[a] = q;
        else if (cross[a][t] === -1 && pos[a] > 0) pending[a] = -pos[a];
      }
    }
  }

  const strategy: EventStrategy = {
    onBar(bt, t) {
      for (let a = 0; a < nA; a++) {
        const c = cross[a][t];
        if (c === 1 && bt.position(a) === 0) bt.submit({ asset: a, side: "buy", quantity: q });
        else if (c === -1 && bt.position(a) > 0)
          bt.submit({ asset: a, side: "sell", quantity: bt.position(a) });
      }
    },
  };
  const ev = new EventBacktest(data, { cash: 100_000, commission: { kind: "bps", bps, fixed } }).run(
    strategy,
  );

  const targets = new Float64Array(nA * nB);
  for (let a = 0; a < nA; a++) {
    let state = 0;
    for (let t = 0; t < nB; t++) {
      if (cross[a][t] === 1) state = q;
      else if (cross[a][t] === -1) state = 0;
      targets[t * nA + a] = state;
    }
  }
  const vec = runVectorBacktest(data, targets, {
    cash: 100_000,
    mode: "units",
    rebalance: "onChange",
    costBps: bps,
    fixedCost: fixed,
  });

  it("asset-major targets and a bar-by-bar (weights-path) schedule give the same curve", () => {
    const assetMajor = new Float64Array(nA * nB);
    for (let a = 0; a < nA; a++) for (let t = 0; t < nB; t++) assetMajor[a * nB + t] = targets[t * nA + a];
    const v2 = runVectorBacktest(data, assetMajor, {
      cash: 100_000,
      mode: "units",
      layout: "asset",
      rebalance: { every: 1 },
      costBps: bps,
      fixedCost: fixed,
    });
    for (let t = 0; t < nB; t++) expect(near(v2.equity[t], vec.equity[t])).toBe(true);
    expect(v2.trades).toEqual(vec.trades);
    expect(Array.from(v2.positions!)).toEqual(Array.from(vec.positions!));
  });
  it("units mode rebalanced every 5 bars trades only on those bars", () => {
    const v5 = runVectorBacktest(data, targets, {
      cash: 100_000,
      mode: "units",
      rebalance: { every: 5, offset: 2 },
    });
    expect(v5.trades.length).toBeGreaterThan(0);
    expect(v5.trades.every((x) => (x.bar - 1 - 2) % 5 === 0)).toBe(true);
    for (const x of v5.trades)
      expect(v5.positions![x.bar * nA + x.asset]).toBe(targets[(x.bar - 1) * nA + x.asset]);
  });
  it("the strategy trades", () => {
    expect(ev.fills.length).toBeGreaterThan(20);
    expect(ev.fills.every((f) => f.rule === "market@open")).toBe(true);
  });
  it("event engine = plain loop within 1e-9", () => {
    for (let t = 0; t < nB; t++) expect(near(ev.equity[t], ref[t])).toBe(true);
  });
  it("vectorised engine = event engine within 1e-9", () => {
    for (let t = 0; t < nB; t++) expect(near(vec.equity[t], ev.equity[t])).toBe(true);
    expect(vec.trades.length).toBe(ev.fills.length);
    expect(vec.totalCost).toBeCloseTo(ev.totals.commission, 8);
  });
  it("round trips and their statistics", () => {
    const closed = ev.trades.filter((x) => !x.open);
    expect(closed.length).toBeGreaterThan(5);
    expect(ev.tradeStats.count).toBe(closed.length);
    // Each closed trade's P&L = (exit − entry)·q − both commissions.
    for (const tr of closed) {
      const comm = fixed * 2 + (tr.entryPrice + tr.exitPrice) * q * (bps / 1e4);
      expect(tr.pnl).toBeCloseTo((tr.exitPrice - tr.entryPrice) * q - comm, 9);
    }
    // Realised P&L + open positions' value change = equity change.
    const realised = closed.reduce((s, x) => s + x.pnl, 0);
    expect(realised).toBeCloseTo(ev.tradeStats.netProfit, 9);
  });
  it("positions and holdings", () => {
    const rows = holdingsTable(ev.positions!, data, ev.equity, { every: 50 });
    for (const r of rows) expect(r.positionSize).toBe(q);
    expect(rows.every((r) => r.weight > 0 && r.weight < 0.1)).toBe(true);
  });
});

describe("event engine: order handling", () => {
  const data = makeData(1, 40, 3);
  it("partial fills limited by a share of bar volume", () => {
    const bt = new EventBacktest(data, { volumeShare: 0.1 });
    const res = bt.run({
      onBar(b, t) {
        if (t === 0) b.submit({ asset: 0, side: "buy", quantity: 2500 });
      },
    });
    let left = 2500;
    for (const f of res.fills) {
      const cap = Math.floor(0.1 * data.volume[0][f.bar]);
      expect(f.quantity).toBe(Math.min(cap, left));
      expect(f.price).toBe(data.open[0][f.bar]);
      left -= f.quantity;
    }
    expect(left).toBe(0);
    expect(res.fills.length).toBeGreaterThan(1);
    expect(bt.order(0).status).toBe("filled");
    expect(bt.order(0).avgFillPrice).toBeCloseTo(
      res.fills.reduce((s, f) => s + f.price * f.quantity, 0) / 2500,
      10,
    );
  });
  it("day orders expire, gtc orders wait", () => {
    const bt = new EventBacktest(data);
    bt.run({
      onBar(b, t) {
        if (t === 0) {
          b.submit({ asset: 0, side: "buy", quantity: 1, type: "limit", limitPrice: 1, tif: "day" });
          b.submit({ asset: 0, side: "buy", quantity: 1, type: "limit", limitPrice: 1 });
        }
      },
    });
    expect(bt.order(0)).toMatchObject({ status: "cancelled", reason: "day expired" });
    expect(bt.order(1).status).toBe("active");
  });
  it("OCO: the first fill cancels the other", () => {
    const bt = new EventBacktest(data);
    const p = data.close[0][0];
    let ids: number[] = [];
    const res = bt.run({
      onBar(b, t) {
        if (t === 0)
          ids = b.oco(
            { asset: 0, side: "buy", quantity: 5, type: "stop", stopPrice: p * 1.03 },
            { asset: 0, side: "sell", quantity: 5, type: "stop", stopPrice: p * 0.97 },
          );
      },
    });
    expect(res.fills).toHaveLength(1);
    const filled = bt.order(res.fills[0].orderId);
    const other = bt.order(ids.find((i) => i !== filled.id)!);
    expect(filled.status).toBe("filled");
    expect(other).toMatchObject({ status: "cancelled", reason: `OCO sibling ${filled.id} filled` });
  });
  it("bracket: exits wait for the entry, then the take-profit closes the position", () => {
    const f = (xs: number[]) => Float64Array.from(xs);
    const d: BarData = {
      open: [f([100, 100, 101, 103, 104])],
      high: [f([101, 101, 103, 106, 105])],
      low: [f([99, 99, 100, 102, 103])],
      close: [f([100, 100.5, 102, 105, 104])],
      volume: [f([1e4, 1e4, 1e4, 1e4, 1e4])],
    };
    const bt = new EventBacktest(d);
    let ids = { entry: -1, stopLoss: -1, takeProfit: -1 };
    const res = bt.run({
      onBar(b, t) {
        if (t === 0)
          ids = b.bracket({ asset: 0, side: "buy", quantity: 10, takeProfit: 105.5, stopLoss: 95 });
      },
    });
    expect(res.fills.map((x) => [x.bar, x.side, x.price, x.rule])).toEqual([
      [1, "buy", 100, "market@open"],
      [3, "sell", 105.5, "limit touched"],
    ]);
    expect(bt.order(ids.stopLoss)).toMatchObject({ status: "cancelled" });
    expect(bt.position(0)).toBe(0);
    expect(res.trades[0].pnl).toBeCloseTo(55, 10);
  });
  it("bracket: when one bar touches both exits the stop-loss is taken", () => {
    const f = (xs: number[]) => Float64Array.from(xs);
    const d: BarData = {
      open: [f([100, 100, 100])],
      high: [f([101, 101, 110])],
      low: [f([99, 99, 90])],
      close: [f([100, 100, 100])],
      volume: [f([1e4, 1e4, 1e4])],
    };
    const bt = new EventBacktest(d);
    const res = bt.run({
      onBar(b, t) {
        if (t === 0) b.bracket({ asset: 0, side: "buy", quantity: 10, takeProfit: 105, stopLoss: 95 });
      },
    });
    expect(res.fills.map((x) => [x.price, x.rule])).toEqual([
      [100, "market@open"],
      [95, "stop triggered"],
    ]);
  });
  it("short selling pays borrow on the short's market value", () => {
    const bt = new EventBacktest(data, { cash: 10_000, borrowRate: 0.1, barsPerYear: 252 });
    const res = bt.run({
      onBar(b, t) {
        if (t === 0) b.submit({ asset: 0, side: "sell", quantity: 100 });
      },
    });
    let cash = 10_000 + 100 * data.open[0][1];
    let borrow = 0;
    for (let t = 1; t < 40; t++) {
      const b = (100 * data.close[0][t] * 0.1) / 252;
      cash -= b;
      borrow += b;
      expect(res.cash[t]).toBeCloseTo(cash, 9);
      expect(res.equity[t]).toBeCloseTo(cash - 100 * data.close[0][t], 9);
    }
    expect(res.totals.borrowCost).toBeCloseTo(borrow, 9);
    expect(res.trades[0]).toMatchObject({ direction: "short", open: true });
  });
  it("with shorting disabled a sell is cut at the long position", () => {
    const bt = new EventBacktest(data, { allowShort: false });
    bt.run({
      onBar(b, t) {
        if (t === 0) b.submit({ asset: 0, side: "buy", quantity: 10 });
        if (t === 2) b.submit({ asset: 0, side: "sell", quantity: 25 });
        if (t === 5) b.submit({ asset: 0, side: "sell", quantity: 5 });
      },
    });
    expect(bt.position(0)).toBe(0);
    expect(bt.order(1)).toMatchObject({ status: "filled", filled: 10, quantity: 10 });
    expect(bt.order(2)).toMatchObject({ status: "rejected", reason: "short selling not allowed" });
  });
  it("a flip closes one round trip and opens the opposite one", () => {
    const bt = new EventBacktest(data);
    const res = bt.run({
      onBar(b, t) {
        if (t === 0) b.submit({ asset: 0, side: "buy", quantity: 10 });
        if (t === 3) b.submit({ asset: 0, side: "sell", quantity: 30 });
      },
    });
    expect(bt.position(0)).toBe(-20);
    expect(res.trades.map((x) => [x.direction, x.open, x.quantity])).toEqual([
      ["long", false, 10],
      ["short", true, 20],
    ]);
    expect(res.trades[0].pnl).toBeCloseTo(10 * (data.open[0][4] - data.open[0][1]), 9);
  });
});

describe("commission models", () => {
  it("per share with a minimum and a cap, bps, tiered", () => {
    expect(commissionFor({ kind: "perShare", rate: 0.005, min: 1 }, 100, 20)).toBe(1);
    expect(commissionFor({ kind: "perShare", rate: 0.005, min: 1 }, 1000, 20)).toBeCloseTo(5, 12);
    expect(commissionFor({ kind: "perShare", rate: 0.005, maxPct: 0.001 }, 1000, 2)).toBeCloseTo(2, 12);
    expect(commissionFor({ kind: "bps", bps: 10, fixed: 1 }, 100, 50)).toBeCloseTo(6, 12);
    // 25,000 notional: 10,000 at 10 bps + 15,000 at 5 bps = 10 + 7.5
    const tiered = {
      kind: "tiered" as const,
      tiers: [
        { upTo: 10_000, bps: 10 },
        { upTo: Infinity, bps: 5 },
      ],
    };
    expect(commissionFor(tiered, 250, 100)).toBeCloseTo(17.5, 12);
    expect(commissionFor(tiered, 50, 100)).toBeCloseTo(5, 12);
  });
});

describe("vectorised engine: weights", () => {
  it("equal weights rebalanced every 3 bars at the close, recomputed by hand", () => {
    const data = makeData(2, 30, 11);
    const nA = 2;
    const w = new Float64Array(30 * nA).fill(0.5);
    const res = runVectorBacktest(data, w, {
      cash: 1000,
      execution: "close",
      rebalance: { every: 3 },
      costBps: 20,
      fixedCost: 0.5,
    });
    let cash = 1000;
    const u = [0, 0];
    for (let t = 0; t < 30; t++) {
      if (t % 3 === 0) {
        const eq = cash + u[0] * data.close[0][t] + u[1] * data.close[1][t];
        for (let a = 0; a < 2; a++) {
          const p = data.close[a][t];
          const want = (0.5 * eq) / p;
          const dq = want - u[a];
          cash -= dq * p + Math.abs(dq) * p * 0.002 + 0.5;
          u[a] = want;
        }
      }
      expect(res.equity[t]).toBeCloseTo(cash + u[0] * data.close[0][t] + u[1] * data.close[1][t], 9);
    }
    expect(res.trades.length).toBe(20);
    const rows = holdingsTable(res.positions!, data, res.equity);
    // Sized on pre-cost equity, so after costs the weights sum to slightly more than 1 (cash < 0).
    const w0 = rows.filter((r) => r.bar === 0).reduce((s, r) => s + r.weight, 0);
    expect(w0).toBeGreaterThan(1);
    expect(w0).toBeLessThan(1.01);
    expect(res.turnover).toBeGreaterThan(0);
  });
  it("long/short weights with next-open execution and slippage", () => {
    const data = makeData(2, 5, 5);
    const w = Float64Array.from([1, -0.5, 1, -0.5, 1, -0.5, 1, -0.5, 1, -0.5]);
    const res = runVectorBacktest(data, w, { cash: 1000, rebalance: "onChange", slippageBps: 10 });
    // One trade per asset at bar 1's open, sized on the equity (= cash) at that open.
    expect(res.trades.map((x) => [x.bar, x.asset, x.action])).toEqual([
      [1, 0, "buy"],
      [1, 1, "sell"],
    ]);
    expect(res.trades[0].quantity).toBeCloseTo(1000 / data.open[0][1], 10);
    expect(res.trades[0].price).toBeCloseTo(data.open[0][1] * 1.001, 10);
    expect(res.trades[1].price).toBeCloseTo(data.open[1][1] * 0.999, 10);
    expect(res.equity[0]).toBe(1000);
  });
});
