// Event-driven backtest: bar by bar over many assets with one cash account. The order-matching rules
// live in matching.ts (shared with paper trading), the orders in event-orders.ts, positions and round
// trips in event-positions.ts; this file keeps the engine: the bar loop, the strategy's view of the
// account, cash, fills, corporate actions, borrow costs and the records that explain every fill.
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
import { type BracketSpec, type Order, OrderBook, type OrderSpec, type OrderStatus } from "./event-orders.ts";
import { Positions, type RoundTrip } from "./event-positions.ts";
import { type BarQuote, FILL_RULES, matchOrder, newMatchOut, type OrderSide } from "./matching.ts";

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
  private readonly book: OrderBook;
  private readonly holdings: Positions;
  private readonly last: Float64Array;
  private readonly used: Float64Array;
  private readonly fills: Fill[] = [];
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
    this.book = new OrderBook(nAssets);
    this.holdings = new Positions(nAssets);
    this.last = new Float64Array(nAssets).fill(Number.NaN);
    this.used = new Float64Array(nAssets);
    this.tradedValue = new Float64Array(nBars);
  }

  /** Current position of an asset in units (negative = short). */
  position(asset: number): number {
    return this.holdings.pos[asset];
  }

  /** Average cost of the current position (0 when flat). */
  averageCost(asset: number): number {
    return this.holdings.avgCost[asset];
  }

  /** Last known close of an asset (NaN before its first quote). */
  lastPrice(asset: number): number {
    return this.last[asset];
  }

  /** Cash plus positions at their last close. */
  equityNow(): number {
    const pos = this.holdings.pos;
    let v = this.cash;
    for (let a = 0; a < this.nAssets; a++) if (pos[a] !== 0) v += pos[a] * this.last[a];
    return v;
  }

  /** An order by id. */
  order(id: number): Order {
    return this.book.orders[id];
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
    const g = this.book.newOcoGroup();
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
    const g = this.book.newOcoGroup();
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
    this.book.cancel(id, reason);
  }

  // Orders are created while bar t is current; a trailing stop starts from the asset's last close.
  private create(spec: OrderSpec, status: OrderStatus, parent: number, oco: number, child: boolean): Order {
    return this.book.create(spec, status, parent, oco, child, this.t, this.last[spec.asset]);
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
    const book = this.book;
    const pos = this.holdings.pos;
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
      if (book.activeTotal > 0) {
        for (let a = 0; a < nAssets; a++) {
          const list = book.active[a];
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
              book.deactivate(o, full ? "filled" : "cancelled", full ? "" : `${o.tif} expired`);
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
    const trades = this.holdings.roundTrips();
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
      orders: book.orders,
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
      const d = this.holdings.pos[a] * ca.dividend;
      this.cash += d;
      this.dividendTotal += d;
      this.holdings.dividend(a, d);
    }
    const r = ca.splitRatio;
    if (r && r !== 1) {
      this.holdings.split(a, r);
      this.last[a] /= r;
      this.book.split(a, r);
    }
  }

  private applyFill(o: Order, qty: number, price: number, rule: number, t: number): void {
    const a = o.asset;
    const sgn = o.side === "buy" ? 1 : -1;
    if (!this.cfg.allowShort && sgn < 0) {
      const maxSell = Math.max(0, this.holdings.pos[a]);
      if (qty > maxSell) {
        qty = maxSell;
        o.quantity = o.filled + qty; // the rest would open a short: cut the order
      }
      if (qty <= 0) {
        this.book.deactivate(o, "rejected", "short selling not allowed");
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
    this.holdings.trade(a, sgn, qty, price, commission, t);
    if (o.filled >= o.quantity) this.book.deactivate(o, "filled", "");
    this.book.afterFill(o, qty, t, this.last[a]);
  }
}
