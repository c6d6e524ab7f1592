// Vectorised backtest: a matrix of targets (weights or units) over many assets with shared cash.
// One tight pass over time with typed arrays; nothing is allocated per bar.
import { annualizedTurnover, returnsFromEquity } from "../performance/metrics.ts";
import { type PerformanceSummary, performanceSummary } from "../performance/summary.ts";
import { type BarData, barDataShape } from "./data.ts";

/** Settings of {@link runVectorBacktest}. */
export interface VectorBacktestConfig {
  /** Starting cash (default 100,000). */
  cash?: number;
  /**
   * "weights" (default): a target is a fraction of equity (negative = short), sized at the execution
   * price against the equity valued at those prices before trading. "units": a target is a position in units.
   */
  mode?: "weights" | "units";
  /**
   * When a target of bar t (decided with bar t's close) trades: "nextOpen" (default) at open[t+1];
   * "close" at close[t] (no delay; only for targets known before the close).
   */
  execution?: "nextOpen" | "close";
  /**
   * Rebalance schedule: "always" (every bar, every asset back to its target, default), "onChange"
   * (only assets whose target differs from the last executed one) or `{ every: k, offset? }`
   * (all assets on bars t with t % k === offset).
   */
  rebalance?: "always" | "onChange" | { every: number; offset?: number };
  /** Proportional cost in basis points of traded value (default 0). */
  costBps?: number;
  /** Fixed cost per asset traded on a bar (default 0). */
  fixedCost?: number;
  /** Slippage in basis points against the trader on the execution price (default 0). */
  slippageBps?: number;
  /** Bars per year for metrics (default 252). */
  barsPerYear?: number;
  /** Record positions for every bar, time-major [t·nAssets + a] (default true). */
  recordPositions?: boolean;
  /** Record every execution (default true). */
  recordTrades?: boolean;
  /**
   * Layout of `targets`: "time" (default) = time-major, `targets[t·nAssets + a]`; "asset" = asset-major,
   * `targets[a·nBars + t]`.
   */
  layout?: "time" | "asset";
}

/** One execution of the vectorised engine (003 trade_log: date, asset, action, quantity, price). */
export interface VectorTrade {
  bar: number;
  asset: number;
  action: "buy" | "sell";
  quantity: number;
  price: number;
  cost: number;
}

/** Results of {@link runVectorBacktest}. */
export interface VectorBacktestResult {
  equity: Float64Array;
  cash: Float64Array;
  /** Time-major positions in units [t·nAssets + a], or null. */
  positions: Float64Array | null;
  /** Σ|Δunits·price| per bar. */
  tradedValue: Float64Array;
  /** Executions in time order (empty when not recorded); materialised on first access. */
  readonly trades: VectorTrade[];
  totalCost: number;
  finalEquity: number;
  /** Headline metrics of the bar returns (computed on first access). */
  readonly metrics: PerformanceSummary;
  turnover: number;
}

/** Growable structure-of-arrays log of executions (no object per trade while running). */
class ExecLog {
  n = 0;
  bar = new Int32Array(1024);
  asset = new Int32Array(1024);
  qty = new Float64Array(1024);
  price = new Float64Array(1024);
  cost = new Float64Array(1024);
  push(t: number, a: number, q: number, p: number, c: number): void {
    if (this.n === this.bar.length) {
      const grow = <T extends Int32Array | Float64Array>(x: T): T => {
        const y = new (x.constructor as new (n: number) => T)(x.length * 2);
        y.set(x);
        return y;
      };
      this.bar = grow(this.bar);
      this.asset = grow(this.asset);
      this.qty = grow(this.qty);
      this.price = grow(this.price);
      this.cost = grow(this.cost);
    }
    const i = this.n++;
    this.bar[i] = t;
    this.asset[i] = a;
    this.qty[i] = q;
    this.price[i] = p;
    this.cost[i] = c;
  }
  /** Stable counting sort by bar (the units path logs asset by asset). */
  sortByBar(nBars: number): void {
    const start = new Int32Array(nBars + 1);
    for (let i = 0; i < this.n; i++) start[this.bar[i] + 1]++;
    for (let t = 0; t < nBars; t++) start[t + 1] += start[t];
    const order = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) order[start[this.bar[i]]++] = i;
    const perm = <T extends Int32Array | Float64Array>(x: T): T => {
      const y = x.slice() as T;
      for (let i = 0; i < this.n; i++) y[i] = x[order[i]];
      return y;
    };
    this.bar = perm(this.bar);
    this.asset = perm(this.asset);
    this.qty = perm(this.qty);
    this.price = perm(this.price);
    this.cost = perm(this.cost);
  }
  toArray(): VectorTrade[] {
    const out: VectorTrade[] = new Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const q = this.qty[i];
      out[i] = {
        bar: this.bar[i],
        asset: this.asset[i],
        action: q > 0 ? "buy" : "sell",
        quantity: Math.abs(q),
        price: this.price[i],
        cost: this.cost[i],
      };
    }
    return out;
  }
}

/**
 * Runs a vectorised backtest. `targets` holds the target of each asset decided at each bar, time-major
 * `targets[t·nAssets + a]` unless `layout: "asset"` (NaN = leave this asset alone).
 * In "units" mode sizing does not depend on equity, so the engine runs asset by asset over contiguous
 * columns (cash flows summed per bar afterwards); "weights" mode needs the equity at every rebalance and
 * runs bar by bar. Both give the same numbers up to floating-point summation order. Trades cost `|Δ|·price·(costBps + slippage) + fixedCost`;
 * slippage moves the execution price against the trader. Equity is cash + Σ units·close (last known
 * close when a bar is missing); assets without an execution price on a bar are not traded on it.
 */
export function runVectorBacktest(
  data: BarData,
  targets: Float64Array,
  config: VectorBacktestConfig = {},
): VectorBacktestResult {
  const { nAssets: nA, nBars } = barDataShape(data);
  if (targets.length !== nA * nBars)
    throw new Error(`targets: expected ${nA * nBars} values, got ${targets.length}`);
  const startCash = config.cash ?? 100_000;
  const weights = (config.mode ?? "weights") === "weights";
  const nextOpen = (config.execution ?? "nextOpen") === "nextOpen";
  const reb = config.rebalance ?? "always";
  const onChange = reb === "onChange";
  const every = typeof reb === "object" ? Math.max(1, Math.floor(reb.every)) : 1;
  const offset = typeof reb === "object" ? (reb.offset ?? 0) : 0;
  const costRate = (config.costBps ?? 0) / 10_000;
  const fixed = config.fixedCost ?? 0;
  const slip = (config.slippageBps ?? 0) / 10_000;
  const record = config.recordTrades ?? true;
  const { open, close } = data;

  const assetMajor = config.layout === "asset";
  const tStride = assetMajor ? 1 : nA;
  const aStride = assetMajor ? nBars : 1;

  const units = new Float64Array(nA);
  const last = new Float64Array(nA).fill(Number.NaN);
  const executed = new Float64Array(nA); // last executed target, for "onChange"
  const equity = new Float64Array(nBars);
  const cashS = new Float64Array(nBars);
  const traded = new Float64Array(nBars);
  const positions = (config.recordPositions ?? true) ? new Float64Array(nBars * nA) : null;
  const log = new ExecLog();
  let cash = startCash;
  let totalCost = 0;

  if (!weights) {
    totalCost = unitsByAsset(
      data,
      targets,
      nA,
      nBars,
      tStride,
      aStride,
      {
        nextOpen,
        onChange,
        every,
        offset,
        costRate,
        fixed,
        slip,
        record,
        startCash,
      },
      equity,
      cashS,
      traded,
      positions,
      log,
    );
  } else
    for (let t = 0; t < nBars; t++) {
      // The decision bar d whose targets trade now, and the execution prices.
      const d = nextOpen ? t - 1 : t;
      if (d >= 0 && (onChange || (d - offset) % every === 0)) {
        const px = nextOpen ? open : close;
        let eq = cash;
        if (weights) {
          for (let a = 0; a < nA; a++) {
            const u = units[a];
            if (u !== 0) {
              const p = px[a][t];
              eq += u * (!Number.isNaN(p) ? p : last[a]);
            }
          }
        }
        for (let a = 0; a < nA; a++) {
          const tgt = targets[a * aStride + d * tStride];
          if (Number.isNaN(tgt)) continue;
          if (onChange && tgt === executed[a]) continue;
          const p = px[a][t];
          if (Number.isNaN(p)) continue;
          const want = weights ? (tgt * eq) / p : tgt;
          const dq = want - units[a];
          executed[a] = tgt;
          if (dq === 0) continue;
          const ep = dq > 0 ? p * (1 + slip) : p * (1 - slip);
          const value = (dq > 0 ? dq : -dq) * ep;
          const cost = value * costRate + fixed;
          cash -= dq * ep + cost;
          totalCost += cost;
          traded[t] += value;
          units[a] = want;
          if (record) log.push(t, a, dq, ep, cost);
        }
      }
      let v = 0;
      for (let a = 0; a < nA; a++) {
        const c = close[a][t];
        if (!Number.isNaN(c)) last[a] = c;
        const u = units[a];
        if (u !== 0) v += u * last[a];
      }
      equity[t] = cash + v;
      cashS[t] = cash;
      if (positions) positions.set(units, t * nA);
    }

  const scale = config.barsPerYear ?? 252;
  if (!weights) log.sortByBar(nBars);
  const curve = new Float64Array(nBars + 1);
  curve[0] = startCash;
  curve.set(equity, 1);
  let metrics: PerformanceSummary | undefined;
  let trades: VectorTrade[] | undefined;
  return {
    equity,
    cash: cashS,
    positions,
    tradedValue: traded,
    get trades() {
      trades ??= log.toArray();
      return trades;
    },
    totalCost,
    finalEquity: nBars ? equity[nBars - 1] : startCash,
    get metrics() {
      metrics ??= performanceSummary(returnsFromEquity(curve), { scale });
      return metrics;
    },
    turnover: annualizedTurnover(traded, equity, { scale }),
  };
}

interface UnitsOpts {
  nextOpen: boolean;
  onChange: boolean;
  every: number;
  offset: number;
  costRate: number;
  fixed: number;
  slip: number;
  record: boolean;
  startCash: number;
}

/** Units mode, asset-outer: each asset's columns are walked contiguously; returns the total cost. */
function unitsByAsset(
  data: BarData,
  targets: Float64Array,
  nA: number,
  nBars: number,
  tStride: number,
  aStride: number,
  o: UnitsOpts,
  equity: Float64Array,
  cashS: Float64Array,
  traded: Float64Array,
  positions: Float64Array | null,
  log: ExecLog,
): number {
  const { nextOpen, onChange, every, offset, costRate, fixed, slip, record } = o;
  const flow = cashS; // cash change per bar first, cumulated at the end
  const value = equity; // Σ units·close per bar first, cash added at the end
  let totalCost = 0;
  // Tiles of TILE bars × all assets: each asset's columns are read contiguously within a tile, and the
  // time-major position writes of a tile stay in cache. Per-asset state carries across tiles.
  const TILE = 512;
  const uA = new Float64Array(nA);
  const lastA = new Float64Array(nA).fill(Number.NaN);
  const execA = new Float64Array(nA);
  const lag = nextOpen ? 1 : 0;
  for (let t0 = 0; t0 < nBars; t0 += TILE) {
    const t1 = Math.min(nBars, t0 + TILE);
    for (let a = 0; a < nA; a++) {
      const px = nextOpen ? data.open[a] : data.close[a];
      const cl = data.close[a];
      const base = a * aStride;
      let u = uA[a];
      let last = lastA[a];
      let exec = execA[a];
      for (let t = t0; t < t1; t++) {
        // d = the decision bar whose target trades at bar t.
        const d = t - lag;
        if (d >= 0 && (onChange || (d - offset) % every === 0)) {
          const tgt = targets[base + d * tStride];
          // Units do not drift, so an unchanged target never trades (u === exec after every execution).
          if (tgt !== exec && !Number.isNaN(tgt)) {
            const p = px[t];
            if (!Number.isNaN(p)) {
              exec = tgt;
              const dq = tgt - u;
              if (dq !== 0) {
                const ep = dq > 0 ? p * (1 + slip) : p * (1 - slip);
                const v = (dq > 0 ? dq : -dq) * ep;
                const cost = v * costRate + fixed;
                flow[t] -= dq * ep + cost;
                totalCost += cost;
                traded[t] += v;
                u = tgt;
                if (record) log.push(t, a, dq, ep, cost);
              }
            }
          }
        }
        const c = cl[t];
        if (!Number.isNaN(c)) last = c;
        if (u !== 0) value[t] += u * last;
        if (positions) positions[t * nA + a] = u;
      }
      uA[a] = u;
      lastA[a] = last;
      execA[a] = exec;
    }
  }
  let cash = o.startCash;
  for (let t = 0; t < nBars; t++) {
    cash += flow[t];
    cashS[t] = cash;
    equity[t] = cash + value[t];
  }
  return totalCost;
}

/** One row of 003 portfolio_holdings: the position of an asset at a bar, in units and as a weight of equity. */
export interface HoldingRow {
  bar: number;
  asset: number;
  positionSize: number;
  /** units·close / equity at that bar's close. */
  weight: number;
}

/**
 * Holdings by date from recorded time-major positions (either engine's `positions`) and the closes:
 * non-zero positions every `every` bars (default 1) and on the last bar.
 */
export function holdingsTable(
  positions: Float64Array,
  data: BarData,
  equity: Float64Array,
  opts: { every?: number } = {},
): HoldingRow[] {
  const { nAssets: nA, nBars } = barDataShape(data);
  const every = Math.max(1, opts.every ?? 1);
  const out: HoldingRow[] = [];
  const last = new Float64Array(nA).fill(Number.NaN);
  for (let t = 0; t < nBars; t++) {
    for (let a = 0; a < nA; a++) {
      const c = data.close[a][t];
      if (!Number.isNaN(c)) last[a] = c;
    }
    if (t % every !== 0 && t !== nBars - 1) continue;
    for (let a = 0; a < nA; a++) {
      const u = positions[t * nA + a];
      if (u !== 0) out.push({ bar: t, asset: a, positionSize: u, weight: (u * last[a]) / equity[t] });
    }
  }
  return out;
}
