// The event-driven engine's order book (see event.ts): every order submitted, the live ones per
// asset in the order they are matched, bracket links and one-cancels-other groups. It only moves
// orders between states; the fill rules are in matching.ts, the money in event.ts and
// event-positions.ts.
import type { MatchableOrder, OrderSide, OrderType, TimeInForce } from "./matching.ts";

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

/**
 * Orders by id (an order's id is its index in `orders`) and, per asset, the active ones in submission
 * order, which is the order the engine matches them in. A waiting bracket exit joins its asset's
 * active list when its entry fills.
 */
export class OrderBook {
  readonly orders: Order[] = [];
  readonly active: Order[][];
  /** Active orders over all assets: on a bar with none the engine skips matching. */
  activeTotal = 0;
  private nextOco = 0;

  constructor(nAssets: number) {
    this.active = Array.from({ length: nAssets }, () => []);
  }

  /** A new one-cancels-other group id. */
  newOcoGroup(): number {
    return this.nextOco++;
  }

  /**
   * Validates and records an order submitted while bar t is current (eligible from t + 1). `anchor`
   * is the asset's last close, where a trailing stop starts.
   */
  create(
    spec: OrderSpec,
    status: OrderStatus,
    parent: number,
    oco: number,
    child: boolean,
    t: number,
    anchor: number,
  ): Order {
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
      trailAnchor: anchor,
      triggered: false,
      eligibleBar: t + 1,
      status,
      submittedBar: t,
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

  /** Cancels a live order (and the waiting exits of a bracket entry that never filled). */
  cancel(id: number, reason: string): void {
    const o = this.orders[id];
    if (!o || (o.status !== "active" && o.status !== "waiting")) return;
    this.deactivate(o, "cancelled", reason);
  }

  /** Ends an order's life: off its asset's active list, with the status and the reason. */
  deactivate(o: Order, status: OrderStatus, reason: string): void {
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

  /**
   * What a fill of `qty` units of o at bar t does to the other orders: a bracket entry's exits cover
   * what has filled so far (waiting ones become active from t + 1, their trailing anchor the asset's
   * last close `anchor`); an OCO sibling is cancelled, or reduced when o is a bracket exit.
   */
  afterFill(o: Order, qty: number, t: number, anchor: number): void {
    const a = o.asset;
    // Bracket entry: its exits cover what has filled so far.
    if (o.children.length > 0) {
      for (const id of o.children) {
        const c = this.orders[id];
        if (c.status !== "waiting" && c.status !== "active") continue;
        c.quantity = o.filled;
        if (c.status === "waiting") {
          c.status = "active";
          c.eligibleBar = t + 1;
          c.trailAnchor = anchor;
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

  /** A split of ratio r in asset a: the live orders' quantities and prices follow it. */
  split(a: number, r: number): void {
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
