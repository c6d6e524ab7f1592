// Event-driven backtest: bar by bar over many assets with one cash account. The order-matching rules
// live in matching.ts (shared with paper trading); this file keeps the account: cash, positions,
// orders, corporate actions, borrow costs and the records that explain every fill.
//
// Timing of bar t: (1) splits/dividends with ex-date t; (2) orders eligible at t are matched against
// bar t; (3) short positions pay borrow for the bar; (4) equity is marked at the close of t;
// (5) the strategy's onBar(t) runs and may submit orders, which become eligible at t + 1.
// The hot loop uses typed arrays and allocates nothing unless an order fills.
import { annualizedTurnover, returnsFromEquity } from "../performance/metrics.ts";
import { type PerformanceSummary, performanceSummary } from "../performance/summary.ts";
import { type TradeStatistics, tradeStatistics } from "../performance/trades.ts";
import { type CommissionModel, commissionFor, type SlippageModel } from "./costs.ts";
import { type BarData, barDataShape, type CorporateAction } from "./data.ts";
import {
  type BarQuote,
  FILL_RULES,
  type MatchableOrder,
  matchOrder,
  newMatchOut,
  type OrderSide,
  type OrderType,
  type TimeInForce,
} from "./matching.ts";

/** Account and market-simulation settings of an {@link EventBacktest}. */
export interface EventBacktestConfig {
  /** Starting cash (default 100,000). */
  cash?: number;
  /** Commission per fill (default none). */
  commission?: CommissionModel;
  /** Slippage on liquidity-taking fills (default none). */
  slippage?: SlippageModel;
  /** Max share of a bar's volume that this account's orders in one asset may take (0 = unlimited). */
  volumeShare?: number;
  /** Allow short positions (default true). When false, sells beyond the long position are cut. */
  allowShort?: boolean;
  /** Annual borrow rate on the market value of short positions, accrued each bar (default 0). */
  borrowRate?: number;
  /** Bars per year for borrow accrual and annualised metrics (default 252). */
  barsPerYear?: number;
  /** Splits and dividends. */
  corporateActions?: CorporateAction[];
  /** Record positions for every bar (time-major, nBars × nAssets; default true). */
  recordPositions?: boolean;
}

/** What a strategy submits. Quantities are positive units; `side` gives the direction. */
export interface OrderSpec {
  asset: number;
  side: OrderSide;
  quantity: number;
  /** Default "market". */
  type?: OrderType;
  limitPrice?: number;
  stopPrice?: number;
  /** Trailing distance in price units, or `trailPercent` as a fraction. */
  trailAmount?: number;
  trailPercent?: number;
  /** Default "gtc". */
  tif?: TimeInForce;
}

/** An entry order with a take-profit limit and a stop-loss, both active once the entry fills. */
export interface BracketSpec extends OrderSpec {
  takeProfit: number;
  stopLoss: number;
}

/** Order lifecycle states. */
export type OrderStatus = "waiting" | "active" | "filled" | "cancelled" | "rejected";

/** An order as the engine keeps it (read-only for strategies). */
export interface Order extends MatchableOrder {
  id: number;
  asset: number;
  status: OrderStatus;
  submittedBar: number;
  /** Bracket parent id, or −1. */
  parent: number;
  /** One-cancels-other group, or −1. Bracket children reduce each other instead of cancelling. */
  ocoGroup: number;
  bracketChild: boolean;
  /** Ids of a bracket entry's exit orders (empty otherwise). */
  children: number[];
  /** Volume-weighted fill price so far. */
  avgFillPrice: number;
  /** Why it was cancelled or rejected. */
  reason: string;
  /** Last bar on which the engine matched this order (internal bookkeeping). */
  matchedBar: number;
}

/** One execution, with the rule that produced it. */
export interface Fill {
  orderId: number;
  asset: number;
  bar: number;
  /** `data.time[bar]` when times were given, else the bar index. */
  time: number;
  side: OrderSide;
  quantity: number;
  price: number;
  commission: number;
  /** e.g. "market@open", "limit touched", "stop triggered, gap open". */
  rule: string;
}

/** A round trip: from a flat position to flat again (a flip closes one trade and opens another). */
export interface RoundTrip {
  asset: number;
  direction: "long" | "short";
  /** Largest absolute position during the trade. */
  quantity: number;
  entryBar: number;
  /** Average entry price (volume-weighted over the adding fills). */
  entryPrice: number;
  /** Bar of the closing fill, or −1 while open. */
  exitBar: number;
  /** Average exit price over the reducing fills (NaN while nothing was reduced). */
  exitPrice: number;
  /** Realised P&L net of the trade's commissions (open trades: realised so far). */
  pnl: number;
  commission: number;
  open: boolean;
}

/** Everything a run produces. */
export interface EventBacktestResult {
  /** Equity marked at each bar's close. */
  equity: Float64Array;
  cash: Float64Array;
  /** Time-major positions [bar·nAssets + asset], or null if not recorded. */
  positions: Float64Array | null;
  /** Σ|quantity·price| traded per bar. */
  tradedValue: Float64Array;
  fills: Fill[];
  /** Closed round trips in the order they closed, then the open ones by asset. */
  trades: RoundTrip[];
  orders: Order[];
  totals: { commission: number; borrowCost: number; dividends: number };
  finalEquity: number;
  /** Headline metrics of the bar returns, equity[0] against the starting cash first (computed on first access). */
  readonly metrics: PerformanceSummary;
  /** Statistics of the closed round trips' P&L. */
  tradeStats: TradeStatistics;
  /** Annualised one-way turnover. */
  turnover: number;
}

/** A strategy: called once per bar after the close, for all assets at once. */
export interface EventStrategy {
  init?(bt: EventBacktest): void;
  onBar(bt: EventBacktest, t: number): void;
}

interface OpenTrade {
  direction: 1 | -1;
  entryBar: number;
  entryQty: number;
  entryValue: number;
  exitQty: number;
  exitValue: number;
  maxQty: number;
  realized: number;
  commission: number;
}

/**
 * The event-driven engine. Construct with data and settings, then `run(strategy)`. Inside `onBar` the
 * strategy reads `position(a)`, `cash`, `lastPrice(a)` and submits orders with `submit`, `bracket`,
 * `oco`, `cancel`. See the file header for the order of events within a bar and matching.ts for the
 * fill rules.
 */
export class EventBacktest {
  readonly data: BarData;
  readonly nAssets: number;
  readonly nBars: number;
  /** The bar being processed (the strategy sees bar t closed). */
  t = -1;
  /** Current cash. */
  cash: number;
  private readonly cfg: Required<Omit<EventBacktestConfig, "corporateActions">>;
  private readonly actions: CorporateAction[];
  private readonly pos: Float64Array;
  private readonly avgCost: Float64Array;
  private readonly last: Float64Array;
  private readonly used: Float64Array;
  private readonly active: Order[][];
  private activeTotal = 0;
  private readonly orders: Order[] = [];
  private readonly fills: Fill[] = [];
  private readonly trades: RoundTrip[] = [];
  private readonly openTrades: (OpenTrade | null)[];
  private nextOco = 0;
  private readonly bar: BarQuote = { open: 0, high: 0, low: 0, close: 0, volume: 0 };
  private readonly out = newMatchOut();
  private tradedValue: Float64Array;
  private commissionTotal = 0;
  private borrowTotal = 0;
  private dividendTotal = 0;

  constructor(data: BarData, config: EventBacktestConfig = {}) {
    const { nAssets, nBars } = barDataShape(data);
    this.data = data;
    this.nAssets = nAssets;
    this.nBars = nBars;
    this.cfg = {
      cash: config.cash ?? 100_000,
      commission: config.commission ?? { kind: "none" },
      slippage: config.slippage ?? { kind: "none" },
      volumeShare: config.volumeShare ?? 0,
      allowShort: config.allowShort ?? true,
      borrowRate: config.borrowRate ?? 0,
      barsPerYear: config.barsPerYear ?? 252,
      recordPositions: config.recordPositions ?? true,
    };
    this.actions = [...(config.corporateActions ?? [])].sort((a, b) => a.bar - b.bar);
    this.cash = this.cfg.cash;
    this.pos = new Float64Array(nAssets);
    this.avgCost = new Float64Array(nAssets);
    this.last = new Float64Array(nAssets).fill(Number.NaN);
    this.used = new Float64Array(nAssets);
    this.active = Array.from({ length: nAssets }, () => []);
    this.openTrades = new Array(nAssets).fill(null);
    this.tradedValue = new Float64Array(nBars);
  }

  /** Current position of an asset in units (negative = short). */
  position(asset: number): number {
    return this.pos[asset];
  }

  /** Average cost of the current position (0 when flat). */
  averageCost(asset: number): number {
    return this.avgCost[asset];
  }

  /** Last known close of an asset (NaN before its first quote). */
  lastPrice(asset: number): number {
    return this.last[asset];
  }

  /** Cash plus positions at their last close. */
  equityNow(): number {
    let v = this.cash;
    for (let a = 0; a < this.nAssets; a++) if (this.pos[a] !== 0) v += this.pos[a] * this.last[a];
    return v;
  }

  /** An order by id. */
  order(id: number): Order {
    return this.orders[id];
  }

  /** Submits an order; it is eligible from the next bar. Returns its id. */
  submit(spec: OrderSpec): number {
    return this.create(spec, "active", -1, -1, false).id;
  }

  /**
   * Submits two or more orders as a one-cancels-other group: the first fill of any member cancels the
   * others. Returns their ids.
   */
  oco(...specs: OrderSpec[]): number[] {
    const g = this.nextOco++;
    return specs.map((s) => this.create(s, "active", -1, g, false).id);
  }

  /**
   * Submits a bracket: the entry order, then a stop-loss (stop) and a take-profit (limit) on the
   * opposite side for the filled quantity, waiting until the entry fills and eligible from the bar after
   * that fill. The two exits form an OCO that reduces rather than cancels, so partial exits stay covered.
   * The stop-loss is matched first, so when one bar touches both, the loss is taken (pessimistic).
   */
  bracket(spec: BracketSpec): { entry: number; stopLoss: number; takeProfit: number } {
    const entry = this.create(spec, "active", -1, -1, false);
    const exitSide: OrderSide = spec.side === "buy" ? "sell" : "buy";
    const g = this.nextOco++;
    const base = { asset: spec.asset, side: exitSide, quantity: 0, tif: "gtc" as const };
    const sl = this.create({ ...base, type: "stop", stopPrice: spec.stopLoss }, "waiting", entry.id, g, true);
    const tp = this.create(
      { ...base, type: "limit", limitPrice: spec.takeProfit },
      "waiting",
      entry.id,
      g,
      true,
    );
    return { entry: entry.id, stopLoss: sl.id, takeProfit: tp.id };
  }

  /** Cancels an order (and the waiting children of a bracket entry that never filled). */
  cancel(id: number, reason = "cancelled by strategy"): void {
    const o = this.orders[id];
    if (!o || (o.status !== "active" && o.status !== "waiting")) return;
    this.deactivate(o, "cancelled", reason);
  }

  private create(spec: OrderSpec, status: OrderStatus, parent: number, oco: number, child: boolean): Order {
    const type = spec.type ?? "market";
    if (!(spec.quantity >= 0) || (!child && spec.quantity === 0))
      throw new Error("order quantity must be > 0");
    if ((type === "limit" || type === "stopLimit") && !Number.isFinite(spec.limitPrice ?? Number.NaN))
      throw new Error(`${type} order needs limitPrice`);
    if ((type === "stop" || type === "stopLimit") && !Number.isFinite(spec.stopPrice ?? Number.NaN))
      throw new Error(`${type} order needs stopPrice`);
    if (type === "trailingStop" && !((spec.trailAmount ?? 0) > 0 || (spec.trailPercent ?? 0) > 0))
      throw new Error("trailingStop order needs trailAmount or trailPercent");
    const o: Order = {
      id: this.orders.length,
      asset: spec.asset,
      side: spec.side,
      type,
      tif: spec.tif ?? "gtc",
      quantity: spec.quantity,
      filled: 0,
      limitPrice: spec.limitPrice ?? Number.NaN,
      stopPrice: spec.stopPrice ?? Number.NaN,
      trailAmount: spec.trailAmount ?? 0,
      trailPercent: spec.trailPercent ?? 0,
      trailAnchor: this.last[spec.asset],
      triggered: false,
      eligibleBar: this.t + 1,
      status,
      submittedBar: this.t,
      parent,
      ocoGroup: oco,
      bracketChild: child,
      children: [],
      avgFillPrice: Number.NaN,
      reason: "",
      matchedBar: -1,
    };
    this.orders.push(o);
    if (parent >= 0) this.orders[parent].children.push(o.id);
    if (status === "active") {
      this.active[o.asset].push(o);
      this.activeTotal++;
    }
    return o;
  }

  private deactivate(o: Order, status: OrderStatus, reason: string): void {
    if (o.status === "active") {
      const list = this.active[o.asset];
      const i = list.indexOf(o);
      if (i >= 0) {
        list.splice(i, 1);
        this.activeTotal--;
      }
    }
    o.status = status;
    o.reason = reason;
    // A bracket entry that ends without any fill takes its exits with it.
    if (o.filled === 0) {
      for (const id of o.children) {
        const c = this.orders[id];
        if (c.status === "waiting") {
          c.status = "cancelled";
          c.reason = "bracket entry did not fill";
        }
      }
    }
  }

  /** Runs the strategy over every bar and returns the results. */
  run(strategy: EventStrategy): EventBacktestResult {
    const { nAssets, nBars, data } = this;
    const { open, high, low, close, volume } = data;
    const equity = new Float64Array(nBars);
    const cashSeries = new Float64Array(nBars);
    const positions = this.cfg.recordPositions ? new Float64Array(nBars * nAssets) : null;
    const borrowPerBar = this.cfg.borrowRate / this.cfg.barsPerYear;
    const volumeShare = this.cfg.volumeShare;
    const pos = this.pos;
    const last = this.last;
    const bar = this.bar;
    const out = this.out;
    let ai = 0;
    strategy.init?.(this);
    for (let t = 0; t < nBars; t++) {
      this.t = t;
      while (ai < this.actions.length && this.actions[ai].bar <= t) {
        if (this.actions[ai].bar === t) this.applyAction(this.actions[ai]);
        ai++;
      }
      if (this.activeTotal > 0) {
        for (let a = 0; a < nAssets; a++) {
          const list = this.active[a];
          if (list.length === 0) continue;
          bar.open = open[a][t];
          bar.high = high[a][t];
          bar.low = low[a][t];
          bar.close = close[a][t];
          bar.volume = volume[a][t];
          this.used[a] = 0;
          // Orders are matched in submission order. A fill may cancel or add orders in this list, so
          // after any change the scan restarts, skipping orders already matched on this bar.
          let k = 0;
          while (k < list.length) {
            const o = list[k];
            if (o.matchedBar === t) {
              k++;
              continue;
            }
            o.matchedBar = t;
            const len = list.length;
            const avail =
              volumeShare > 0
                ? Math.floor(volumeShare * bar.volume) - this.used[a]
                : Number.POSITIVE_INFINITY;
            if (matchOrder(o, bar, t, avail, this.cfg.slippage, out))
              this.applyFill(o, out.quantity, out.price, out.rule, t);
            if (o.status === "active" && out.done) {
              const full = o.filled >= o.quantity;
              this.deactivate(o, full ? "filled" : "cancelled", full ? "" : `${o.tif} expired`);
            }
            if (list.length !== len || list[k] !== o) k = 0;
            else k++;
          }
        }
      }
      let value = 0;
      let shortValue = 0;
      for (let a = 0; a < nAssets; a++) {
        const c = close[a][t];
        if (!Number.isNaN(c)) last[a] = c;
        const p = pos[a];
        if (p !== 0) {
          const v = p * last[a];
          value += v;
          if (p < 0) shortValue -= v;
        }
      }
      if (shortValue > 0 && borrowPerBar > 0) {
        const b = shortValue * borrowPerBar;
        this.cash -= b;
        this.borrowTotal += b;
      }
      equity[t] = this.cash + value;
      cashSeries[t] = this.cash;
      if (positions) {
        const base = t * nAssets;
        for (let a = 0; a < nAssets; a++) positions[base + a] = pos[a];
      }
      strategy.onBar(this, t);
    }
    this.t = nBars;
    // Report open round trips as they stand.
    const trades = [...this.trades];
    for (let a = 0; a < nAssets; a++) {
      const ot = this.openTrades[a];
      if (ot) trades.push(this.roundTrip(a, ot, -1, true));
    }
    const curve = new Float64Array(nBars + 1);
    curve[0] = this.cfg.cash;
    curve.set(equity, 1);
    const returns = returnsFromEquity(curve);
    const scale = this.cfg.barsPerYear;
    let metrics: PerformanceSummary | undefined;
    const closed = trades.filter((x) => !x.open).map((x) => x.pnl);
    return {
      equity,
      cash: cashSeries,
      positions,
      tradedValue: this.tradedValue,
      fills: this.fills,
      trades,
      orders: this.orders,
      totals: {
        commission: this.commissionTotal,
        borrowCost: this.borrowTotal,
        dividends: this.dividendTotal,
      },
      finalEquity: nBars ? equity[nBars - 1] : this.cfg.cash,
      get metrics() {
        metrics ??= performanceSummary(returns, { scale });
        return metrics;
      },
      tradeStats: tradeStatistics(closed),
      turnover: annualizedTurnover(this.tradedValue, equity, { scale: this.cfg.barsPerYear }),
    };
  }

  private applyAction(ca: CorporateAction): void {
    const a = ca.asset;
    if (ca.dividend) {
      const d = this.pos[a] * ca.dividend;
      this.cash += d;
      this.dividendTotal += d;
      const ot = this.openTrades[a];
      if (ot) ot.realized += d;
    }
    const r = ca.splitRatio;
    if (r && r !== 1) {
      this.pos[a] *= r;
      this.avgCost[a] /= r;
      this.last[a] /= r;
      const ot = this.openTrades[a];
      if (ot) {
        ot.entryQty *= r;
        ot.exitQty *= r;
        ot.maxQty *= r;
      }
      for (const o of this.orders) {
        if (o.asset !== a || (o.status !== "active" && o.status !== "waiting")) continue;
        o.quantity *= r;
        o.filled *= r;
        o.limitPrice /= r;
        o.stopPrice /= r;
        o.trailAmount /= r;
        o.trailAnchor /= r;
        o.avgFillPrice /= r;
      }
    }
  }

  private applyFill(o: Order, qty: number, price: number, rule: number, t: number): void {
    const a = o.asset;
    const sgn = o.side === "buy" ? 1 : -1;
    if (!this.cfg.allowShort && sgn < 0) {
      const maxSell = Math.max(0, this.pos[a]);
      if (qty > maxSell) {
        qty = maxSell;
        o.quantity = o.filled + qty; // the rest would open a short: cut the order
      }
      if (qty <= 0) {
        this.deactivate(o, "rejected", "short selling not allowed");
        return;
      }
    }
    const commission = commissionFor(this.cfg.commission, qty, price);
    this.cash -= sgn * qty * price + commission;
    this.commissionTotal += commission;
    this.tradedValue[t] += qty * price;
    this.used[a] += qty;
    o.avgFillPrice = o.filled > 0 ? (o.avgFillPrice * o.filled + price * qty) / (o.filled + qty) : price;
    o.filled += qty;
    this.fills.push({
      orderId: o.id,
      asset: a,
      bar: t,
      time: this.data.time ? this.data.time[t] : t,
      side: o.side,
      quantity: qty,
      price,
      commission,
      rule: FILL_RULES[rule],
    });
    this.updatePosition(a, sgn, qty, price, commission, t);
    if (o.filled >= o.quantity) this.deactivate(o, "filled", "");

    // Bracket entry: its exits cover what has filled so far.
    if (o.children.length > 0) {
      for (const id of o.children) {
        const c = this.orders[id];
        if (c.status !== "waiting" && c.status !== "active") continue;
        c.quantity = o.filled;
        if (c.status === "waiting") {
          c.status = "active";
          c.eligibleBar = t + 1;
          c.trailAnchor = this.last[a];
          this.active[a].push(c);
          this.activeTotal++;
        }
      }
    }
    if (o.ocoGroup >= 0) {
      for (const s of this.orders) {
        if (s === o || s.ocoGroup !== o.ocoGroup || (s.status !== "active" && s.status !== "waiting"))
          continue;
        if (o.bracketChild) {
          // Reduce: the sibling now covers only what is still open.
          s.quantity = Math.max(s.filled, s.quantity - qty);
          if (s.quantity <= s.filled) this.deactivate(s, "cancelled", `OCO sibling ${o.id} filled`);
        } else this.deactivate(s, "cancelled", `OCO sibling ${o.id} filled`);
      }
    }
  }

  private updatePosition(
    a: number,
    sgn: number,
    qty: number,
    price: number,
    commission: number,
    t: number,
  ): void {
    const old = this.pos[a];
    let remaining = qty;
    let ot = this.openTrades[a];
    // Reduce or close an opposite position first.
    if (old !== 0 && Math.sign(old) !== sgn) {
      const closing = Math.min(remaining, Math.abs(old));
      const share = closing / qty;
      const realized = closing * (price - this.avgCost[a]) * Math.sign(old);
      this.pos[a] = old + sgn * closing;
      remaining -= closing;
      if (ot) {
        ot.realized += realized;
        ot.commission += commission * share;
        ot.exitQty += closing;
        ot.exitValue += closing * price;
      }
      if (this.pos[a] === 0 || Math.abs(this.pos[a]) < 1e-12 * closing) {
        this.pos[a] = 0;
        this.avgCost[a] = 0;
        if (ot) this.trades.push(this.roundTrip(a, ot, t, false));
        this.openTrades[a] = null;
        ot = null;
      }
    }
    if (remaining > 0) {
      const p = this.pos[a];
      const share = remaining / qty;
      const np = p + sgn * remaining;
      this.avgCost[a] = (this.avgCost[a] * Math.abs(p) + price * remaining) / Math.abs(np);
      this.pos[a] = np;
      if (!ot) {
        ot = {
          direction: sgn > 0 ? 1 : -1,
          entryBar: t,
          entryQty: 0,
          entryValue: 0,
          exitQty: 0,
          exitValue: 0,
          maxQty: 0,
          realized: 0,
          commission: 0,
        };
        this.openTrades[a] = ot;
      }
      ot.entryQty += remaining;
      ot.entryValue += remaining * price;
      ot.commission += commission * share;
      if (Math.abs(np) > ot.maxQty) ot.maxQty = Math.abs(np);
    }
  }

  private roundTrip(a: number, ot: OpenTrade, exitBar: number, open: boolean): RoundTrip {
    return {
      asset: a,
      direction: ot.direction > 0 ? "long" : "short",
      quantity: ot.maxQty,
      entryBar: ot.entryBar,
      entryPrice: ot.entryValue / ot.entryQty,
      exitBar,
      exitPrice: ot.exitQty > 0 ? ot.exitValue / ot.exitQty : Number.NaN,
      pnl: ot.realized - ot.commission,
      commission: ot.commission,
      open,
    };
  }
}
