// The event-driven engine's positions (see event.ts): units and average cost per asset, and the round
// trips they make, from flat to flat. Cash and the fills themselves are the engine's.

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

// A round trip in progress: running sums from which its RoundTrip is made when it closes.
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

/** Positions and round trips of every asset. */
export class Positions {
  /** Units per asset (negative = short). */
  readonly pos: Float64Array;
  /** Average cost of each position (0 when flat). */
  readonly avgCost: Float64Array;
  /** Closed round trips, in the order they closed. */
  private readonly trades: RoundTrip[] = [];
  private readonly openTrades: (OpenTrade | null)[];

  constructor(nAssets: number) {
    this.pos = new Float64Array(nAssets);
    this.avgCost = new Float64Array(nAssets);
    this.openTrades = new Array(nAssets).fill(null);
  }

  /**
   * Books a fill of qty units at price in asset a (sgn = +1 buy, −1 sell) at bar t: it reduces or
   * closes an opposite position first (realising P&L), then adds the rest; `commission` is shared
   * between the two parts by quantity.
   */
  trade(a: number, sgn: number, qty: number, price: number, commission: number, t: number): void {
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

  /** A dividend payment d on asset a's position counts towards its round trip's P&L. */
  dividend(a: number, d: number): void {
    const ot = this.openTrades[a];
    if (ot) ot.realized += d;
  }

  /** A split of ratio r in asset a: r times the units at 1/r the cost. */
  split(a: number, r: number): void {
    this.pos[a] *= r;
    this.avgCost[a] /= r;
    const ot = this.openTrades[a];
    if (ot) {
      ot.entryQty *= r;
      ot.exitQty *= r;
      ot.maxQty *= r;
    }
  }

  /** The closed round trips in the order they closed, then the open ones by asset, as they stand. */
  roundTrips(): RoundTrip[] {
    const trades = [...this.trades];
    for (let a = 0; a < this.openTrades.length; a++) {
      const ot = this.openTrades[a];
      if (ot) trades.push(this.roundTrip(a, ot, -1, true));
    }
    return trades;
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
