// Rebalancing: the trades that bring one dimension's slices back toward their targets. Pure: values in
// the reporting currency are quantity × price × fx (fx = reporting units per unit of the instrument's
// or cash's currency); everything is Decimal.
//
// The rules, in order:
//  1. A slice is out of band when |current % − target %| > the tolerance; only those are traded. A
//     slice with no target has a target of 0 %.
//  2. Sells (only when the user allows selling): each over-weight slice sells, from its largest
//     holdings first, down to its target value — never below it, never more than is held, in whole
//     lots. (In the currency dimension a sale leaves cash in the same slice: only the buys it pays
//     for, in other currencies, move the slices.)
//  3. Buys: each under-weight slice, most under first, buys more of its largest holding up to its
//     target value. A buy is funded by one cash balance of one account (the same currency first), and
//     is placed in that account; it spends at most that balance, and at most what the cash's own slice
//     holds above its target — so no slice is pushed past its target, and no account spends cash it
//     does not have. Quantities round down to the instrument's lot (1 share on KRX and, unless
//     fractional shares are allowed, on US markets).
//  4. A trade worth less than the minimum trade size is dropped.
//  5. Sales whose proceeds the buys did not spend are taken back, lot by lot (cash raised only to sit
//     above its own target helps no slice).
// Cash is the settlement slice: the remainder of whole-lot rounding stays in cash (with sales, less
// than one lot — or the minimum trade — per sale).
import { Decimal } from "../../../platform/money.ts";
import { type Notice, notice } from "../notices/contracts.ts";

export interface RbHolding {
  accountId: string;
  instrumentId: string;
  symbol: string;
  /** The holding's slice in the dimension being rebalanced. */
  key: string;
  quantity: Decimal;
  price: Decimal;
  currency: string;
  fx: Decimal;
  /** The smallest quantity step that can be traded (1, or 0.0001 with fractional shares). */
  lot: Decimal;
}

export interface RbCash {
  accountId: string;
  currency: string;
  amount: Decimal;
  fx: Decimal;
}

export interface RbTarget {
  key: string;
  pct: Decimal;
}

export interface RbOptions {
  allowSell: boolean;
  /** Smallest trade worth suggesting, in the reporting currency. */
  minTradeValue: Decimal;
  /** Drift band in percentage points. */
  tolerancePct: Decimal;
  /** The slice cash of a currency belongs to (`cash`, or the currency itself in the currency dimension). */
  cashKey: (currency: string) => string;
}

export interface RbSlice {
  key: string;
  targetPct: Decimal;
  value: Decimal;
  currentPct: Decimal;
  driftPct: Decimal;
  driftValue: Decimal;
  status: "over" | "under" | "within";
  valueAfter: Decimal;
  pctAfter: Decimal;
}

export interface RbTrade {
  action: "buy" | "sell";
  accountId: string;
  instrumentId: string;
  symbol: string;
  key: string;
  quantity: Decimal;
  price: Decimal;
  currency: string;
  /** quantity × price, in the instrument's currency. */
  amount: Decimal;
  /** The same in the reporting currency. */
  value: Decimal;
  /** Buys: the cash balance that pays, in its own currency (a conversion when it differs). */
  fundedBy: { currency: string; amount: Decimal } | null;
  reason: Notice;
}

export interface RbShortfall {
  key: string;
  /** What the slice still needs to reach its target, in the reporting currency. */
  value: Decimal;
  reason: Notice;
}

export interface RbResult {
  total: Decimal;
  slices: RbSlice[];
  trades: RbTrade[];
  shortfalls: RbShortfall[];
}

const ZERO = new Decimal(0);
const HUNDRED = new Decimal(100);

export const floorToLot = (q: Decimal, lot: Decimal): Decimal => q.div(lot).floor().times(lot);

const pp = (d: Decimal) => d.toDecimalPlaces(1).toString();
const pct = (d: Decimal) => d.toDecimalPlaces(2).toString();

export function rebalance(
  holdings: readonly RbHolding[],
  cash: readonly RbCash[],
  targets: readonly RbTarget[],
  options: RbOptions,
): RbResult {
  const worth = (h: { quantity: Decimal; price: Decimal; fx: Decimal }) =>
    h.quantity.times(h.price).times(h.fx);
  const value = new Map<string, Decimal>();
  const add = (k: string, v: Decimal) => value.set(k, (value.get(k) ?? ZERO).plus(v));
  for (const t of targets) add(t.key, ZERO);
  for (const h of holdings) add(h.key, worth(h));
  for (const c of cash) add(options.cashKey(c.currency), c.amount.times(c.fx));
  const total = [...value.values()].reduce((s, v) => s.plus(v), ZERO);
  const targetPct = new Map(targets.map((t) => [t.key, t.pct]));
  const tgt = (k: string) => targetPct.get(k) ?? ZERO;
  const targetValue = (k: string) => tgt(k).times(total).div(HUNDRED);
  const pctOf = (v: Decimal) => (total.gt(0) ? v.times(HUNDRED).div(total) : ZERO);

  const before = new Map(value);
  const statusOf = (k: string): RbSlice["status"] => {
    const d = pctOf(before.get(k) ?? ZERO).minus(tgt(k));
    if (d.gt(options.tolerancePct)) return "over";
    if (d.lt(options.tolerancePct.neg())) return "under";
    return "within";
  };
  const keys = [...value.keys()];
  const trades: RbTrade[] = [];
  const shortfalls: RbShortfall[] = [];
  const held = new Map(holdings.map((h, i) => [i, h.quantity]));
  const avail = cash.map((c) => ({ ...c, key: options.cashKey(c.currency), left: c.amount, proceeds: ZERO }));
  const sales: {
    trade: RbTrade;
    pot: (typeof avail)[number];
    unit: Decimal;
    lot: Decimal;
    index: number;
    proceedsKey: string;
  }[] = [];
  /** The slice's place against its target, as a notice's params. */
  const describe = (k: string) => ({
    slice: k,
    currentPct: pct(pctOf(before.get(k) ?? ZERO)),
    targetPct: pct(tgt(k)),
    driftPct: pp(pctOf(before.get(k) ?? ZERO).minus(tgt(k))),
  });

  if (total.gt(0)) {
    // Sells: over-weight slices, furthest over first, each down to its target.
    if (options.allowSell) {
      const over = keys
        .filter((k) => statusOf(k) === "over")
        .sort((a, b) => pctOf(value.get(b) as Decimal).cmp(pctOf(value.get(a) as Decimal)));
      for (const k of over) {
        let excess = (value.get(k) as Decimal).minus(targetValue(k));
        const members = holdings
          .map((h, i) => ({ h, i }))
          .filter(({ h }) => h.key === k)
          .sort((a, b) => worth(b.h).cmp(worth(a.h)));
        for (const { h, i } of members) {
          if (excess.lte(0)) break;
          // Proceeds land in the account's cash of the instrument's currency: its slice (in the
          // currency dimension, the same slice: only the buys they pay for move it).
          const proceedsKey = options.cashKey(h.currency);
          const unit = h.price.times(h.fx);
          if (unit.lte(0)) continue;
          const qty = Decimal.min(floorToLot(excess.div(unit), h.lot), held.get(i) as Decimal);
          const v = qty.times(unit);
          if (qty.lte(0) || v.lt(options.minTradeValue)) continue;
          excess = excess.minus(v);
          held.set(i, (held.get(i) as Decimal).minus(qty));
          value.set(k, (value.get(k) as Decimal).minus(v));
          add(proceedsKey, v);
          let pot = avail.find((c) => c.accountId === h.accountId && c.currency === h.currency);
          if (!pot) {
            pot = {
              accountId: h.accountId,
              currency: h.currency,
              amount: ZERO,
              fx: h.fx,
              key: proceedsKey,
              left: ZERO,
              proceeds: ZERO,
            };
            avail.push(pot);
          }
          pot.left = pot.left.plus(qty.times(h.price));
          pot.proceeds = pot.proceeds.plus(qty.times(h.price));
          const trade: RbTrade = {
            action: "sell",
            accountId: h.accountId,
            instrumentId: h.instrumentId,
            symbol: h.symbol,
            key: k,
            quantity: qty,
            price: h.price,
            currency: h.currency,
            amount: qty.times(h.price),
            value: v,
            fundedBy: null,
            reason: notice("rebalance.sell"),
          };
          trades.push(trade);
          sales.push({ trade, pot, unit, lot: h.lot, index: i, proceedsKey });
        }
      }
    }
    // Buys: under-weight slices, furthest under first.
    const under = keys
      .filter((k) => statusOf(k) === "under")
      .sort((a, b) =>
        pctOf(value.get(a) as Decimal)
          .minus(tgt(a))
          .cmp(pctOf(value.get(b) as Decimal).minus(tgt(b))),
      );
    for (const k of under) {
      const template = holdings
        .filter((h) => h.key === k && h.price.gt(0))
        .sort((a, b) => worth(b).cmp(worth(a)))[0];
      const needOf = () => targetValue(k).minus(value.get(k) as Decimal);
      if (!template) {
        shortfalls.push({
          key: k,
          value: needOf(),
          reason: notice("rebalance.shortfall.nothingHeld", describe(k)),
        });
        continue;
      }
      const unit = template.price.times(template.fx);
      const pots = avail
        .filter((c) => c.left.gt(0) && c.key !== k)
        .sort(
          (a, b) =>
            Number(b.currency === template.currency) - Number(a.currency === template.currency) ||
            b.left.times(b.fx).cmp(a.left.times(a.fx)),
        );
      for (const pot of pots) {
        const need = needOf();
        if (need.lte(0)) break;
        const surplus = (value.get(pot.key) as Decimal).minus(targetValue(pot.key));
        if (surplus.lte(0)) continue;
        const budget = Decimal.min(need, surplus, pot.left.times(pot.fx));
        let qty = floorToLot(budget.div(unit), template.lot);
        let cost = qty.times(template.price).times(template.fx).div(pot.fx);
        // Division can leave a last-digit excess: one lot less rather than a cent more than held.
        if (cost.gt(pot.left)) {
          qty = qty.minus(template.lot);
          cost = qty.times(template.price).times(template.fx).div(pot.fx);
        }
        const v = qty.times(unit);
        if (qty.lte(0) || v.lt(options.minTradeValue)) continue;
        pot.left = pot.left.minus(cost);
        value.set(pot.key, (value.get(pot.key) as Decimal).minus(v));
        value.set(k, (value.get(k) as Decimal).plus(v));
        trades.push({
          action: "buy",
          accountId: pot.accountId,
          instrumentId: template.instrumentId,
          symbol: template.symbol,
          key: k,
          quantity: qty,
          price: template.price,
          currency: template.currency,
          amount: qty.times(template.price),
          value: v,
          fundedBy: { currency: pot.currency, amount: cost },
          reason: notice(pot.currency === template.currency ? "rebalance.buy" : "rebalance.buyConverting", {
            quantity: qty.toString(),
            symbol: template.symbol,
            ...describe(k),
            cashCurrency: pot.currency,
            ...(pot.currency === template.currency ? {} : { instrumentCurrency: template.currency }),
          }),
        });
      }
      const rest = needOf();
      if (rest.gt(options.minTradeValue) && rest.gt(0))
        shortfalls.push({
          key: k,
          value: rest,
          reason: notice(
            options.allowSell ? "rebalance.shortfall.noCash" : "rebalance.shortfall.allowSell",
            describe(k),
          ),
        });
    }
  }

  // Sales whose proceeds the buys did not spend are taken back, lot by lot, latest first: cash
  // raised only to sit idle above its target helps no slice. What stays is under one lot a sale.
  for (const s of [...sales].reverse()) {
    const t = s.trade;
    const unspent = Decimal.min(s.pot.left, s.pot.proceeds);
    if (unspent.lte(0)) continue;
    let room = unspent.times(s.pot.fx);
    if (s.proceedsKey !== t.key)
      room = Decimal.min(room, (value.get(s.proceedsKey) as Decimal).minus(targetValue(s.proceedsKey)));
    let back = Decimal.min(floorToLot(room.div(s.unit), s.lot), t.quantity);
    let keep = t.quantity.minus(back);
    if (keep.gt(0) && keep.times(s.unit).lt(options.minTradeValue)) {
      // What would remain is under the minimum: keep the smallest sale that meets it instead.
      keep = Decimal.min(t.quantity, options.minTradeValue.div(s.unit).div(s.lot).ceil().times(s.lot));
      back = t.quantity.minus(keep);
    }
    if (back.lte(0)) continue;
    const v = back.times(s.unit);
    s.pot.left = s.pot.left.minus(back.times(t.price));
    s.pot.proceeds = s.pot.proceeds.minus(back.times(t.price));
    held.set(s.index, (held.get(s.index) as Decimal).plus(back));
    value.set(t.key, (value.get(t.key) as Decimal).plus(v));
    value.set(s.proceedsKey, (value.get(s.proceedsKey) as Decimal).minus(v));
    t.quantity = keep;
    t.amount = keep.times(t.price);
    t.value = keep.times(s.unit);
  }
  for (const s of sales)
    s.trade.reason = notice("rebalance.sell", {
      quantity: s.trade.quantity.toString(),
      symbol: s.trade.symbol,
      ...describe(s.trade.key),
    });
  const done = trades.filter((t) => t.quantity.gt(0));

  const slices: RbSlice[] = keys.map((k) => {
    const v0 = before.get(k) as Decimal;
    const cur = pctOf(v0);
    const v1 = value.get(k) as Decimal;
    return {
      key: k,
      targetPct: tgt(k),
      value: v0,
      currentPct: cur,
      driftPct: cur.minus(tgt(k)),
      driftValue: v0.minus(targetValue(k)),
      status: statusOf(k),
      valueAfter: v1,
      pctAfter: pctOf(v1),
    };
  });
  slices.sort((a, b) => b.targetPct.cmp(a.targetPct) || b.value.cmp(a.value) || a.key.localeCompare(b.key));
  return { total, slices, trades: done, shortfalls };
}
