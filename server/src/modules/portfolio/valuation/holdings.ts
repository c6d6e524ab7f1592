// Holdings at a day's close: the ledger's replay (quantity, moving-average cost, FIFO lots), the last
// close on or before the day, market value and unrealised P&L in the instrument's currency and in the
// account's base (at the day's FX rate), each holding's value in the answer's currency and weight,
// cash per currency, and the realised P&L of every sale (FIFO or picked lots, and moving average).
import { Decimal, minorUnits } from "../../../platform/money.ts";
import { replay } from "../engine/index.ts";
import type { HoldingsOut } from "./contracts.ts";
import { valueAt } from "./market-data.ts";
import type { Scope } from "./scope.ts";
import { valuing } from "./scope.ts";

const ZERO = new Decimal(0);
const round = (d: Decimal, currency: string) =>
  d.toDecimalPlaces(minorUnits(currency), Decimal.ROUND_HALF_EVEN).toFixed(minorUnits(currency));
const ratio = (a: Decimal, b: Decimal) => (b.isZero() ? null : a.div(b.abs()).toNumber());

/** A rate of `from` in `to` on `date` from the scope's FX series (1 for the same currency). */
export function rateOn(scope: Scope, from: string, to: string, date: string): Decimal | null {
  if (from === to) return new Decimal(1);
  const direct = valueAt(scope.market.fx.get(`${from}/${to}`), date);
  if (!Number.isNaN(direct.value)) return new Decimal(direct.value);
  const inverse = valueAt(scope.market.fx.get(`${to}/${from}`), date);
  if (!Number.isNaN(inverse.value)) return new Decimal(1).div(inverse.value);
  return null;
}

export function holdingsAt(scope: Scope, asOf: string): HoldingsOut {
  const inScope = new Set(scope.accounts.map((a) => a.id));
  const bases = new Map(scope.allAccounts.map((a) => [a.id, a.baseCurrency]));
  const ledger =
    scope.ledger.applied.length && (scope.ledger.applied.at(-1)?.date ?? "") > asOf
      ? valuing(() =>
          replay(
            scope.allAccounts,
            scope.ledger.applied.filter((t) => t.date <= asOf),
          ),
        )
      : scope.ledger;
  const cur = scope.currency;
  const unvalued: string[] = [];
  let holdingsTotal = ZERO;
  let cashTotal = ZERO;
  const holdings: HoldingsOut["holdings"] = [];
  const cash: HoldingsOut["cash"] = [];
  for (const acc of ledger.holdings()) {
    if (!inScope.has(acc.accountId)) continue;
    const base = acc.baseCurrency;
    for (const h of acc.holdings) {
      const info = scope.instruments.get(h.instrumentId);
      const close = valueAt(scope.market.prices.get(h.instrumentId), asOf);
      const price = Number.isNaN(close.value) ? null : new Decimal(close.value);
      const mv = price ? h.quantity.times(price) : null;
      const toBase = rateOn(scope, h.currency, base, asOf);
      const toCur = rateOn(scope, h.currency, cur, asOf);
      const mvBase = mv && toBase ? mv.times(toBase) : null;
      // A short's book is what its sale brought in: its P&L is that less the buy-back value.
      const sign = h.side === "short" ? -1 : 1;
      const pnl = mv ? mv.minus(h.averageCost.times(sign)) : null;
      const pnlBase = mvBase ? mvBase.minus(h.averageCostBase.times(sign)) : null;
      const value = mv && toCur ? mv.times(toCur) : null;
      if (mv && !toCur) unvalued.push(`${info?.symbol ?? h.instrumentId}: no ${h.currency}/${cur} rate`);
      if (!mv) unvalued.push(`${info?.symbol ?? h.instrumentId}: no price on or before ${asOf}`);
      if (value) holdingsTotal = holdingsTotal.plus(value);
      holdings.push({
        accountId: h.accountId,
        accountName: scope.accountNames.get(h.accountId) ?? "",
        instrumentId: h.instrumentId,
        symbol: info?.symbol ?? null,
        name: info?.name ?? null,
        nameLocal: info?.nameLocal ?? null,
        assetClass: info?.assetClass ?? null,
        side: h.side,
        quantity: h.quantity.toString(),
        currency: h.currency,
        baseCurrency: base,
        averagePrice: h.averagePrice.toDecimalPlaces(6).toString(),
        averageCost: round(h.averageCost, h.currency),
        averageCostBase: round(h.averageCostBase, base),
        fifoCost: round(h.lotCost, h.currency),
        fifoCostBase: round(h.lotCostBase, base),
        lots: h.lots.map((l) => ({
          id: l.id,
          quantity: l.quantity.toString(),
          cost: round(l.cost, h.currency),
          costBase: round(l.costBase, base),
          acquiredDate: l.acquiredDate,
          transactionId: l.transactionId,
          origin: l.origin,
        })),
        price: price ? price.toNumber() : null,
        priceDate: close.date,
        stale: close.date !== null && close.date < asOf,
        marketValue: mv ? round(mv, h.currency) : null,
        marketValueBase: mvBase ? round(mvBase, base) : null,
        unrealisedPnl: pnl ? round(pnl, h.currency) : null,
        unrealisedPnlPct: pnl ? ratio(pnl, h.averageCost) : null,
        unrealisedPnlBase: pnlBase ? round(pnlBase, base) : null,
        unrealisedPnlBasePct: pnlBase ? ratio(pnlBase, h.averageCostBase) : null,
        value: value ? round(value, cur) : null,
        weight: null,
      });
    }
    for (const c of acc.cash) {
      const r = rateOn(scope, c.currency, cur, asOf);
      const value = r ? c.amount.times(r) : null;
      if (value) cashTotal = cashTotal.plus(value);
      else unvalued.push(`${c.currency} cash: no ${c.currency}/${cur} rate`);
      cash.push({
        accountId: acc.accountId,
        currency: c.currency,
        amount: round(c.amount, c.currency),
        value: value ? round(value, cur) : null,
      });
    }
  }
  const total = holdingsTotal.plus(cashTotal);
  for (const h of holdings)
    h.weight = h.value && !total.isZero() ? new Decimal(h.value).div(total).toNumber() : null;
  holdings.sort((a, b) => Number(b.value ?? 0) - Number(a.value ?? 0));
  const realised = ledger.realisations
    .filter((r) => inScope.has(r.accountId))
    .map((r) => {
      const base = bases.get(r.accountId) ?? cur;
      const currency = scope.instruments.get(r.instrumentId)?.currency ?? base;
      return {
        transactionId: r.transactionId,
        accountId: r.accountId,
        instrumentId: r.instrumentId,
        symbol: scope.instruments.get(r.instrumentId)?.symbol ?? null,
        date: r.date,
        kind: r.kind,
        quantity: r.quantity.toString(),
        currency,
        baseCurrency: base,
        proceeds: round(r.proceeds, currency),
        proceedsBase: round(r.proceedsBase, base),
        cost: round(r.cost, currency),
        costBase: round(r.costBase, base),
        pnl: round(r.pnl, currency),
        pnlBase: round(r.pnlBase, base),
        averageCost: round(r.averageCost, currency),
        pnlAverage: round(r.pnlAverage, currency),
        pnlAverageBase: round(r.pnlAverageBase, base),
        lots: r.lots.map((l) => ({
          lotId: l.lotId,
          quantity: l.quantity.toString(),
          cost: round(l.cost, currency),
          costBase: round(l.costBase, base),
          acquiredDate: l.acquiredDate,
        })),
        origin: r.origin,
      };
    })
    .reverse();
  return {
    asOf,
    currency: cur,
    totalValue: round(total, cur),
    holdingsValue: round(holdingsTotal, cur),
    cashValue: round(cashTotal, cur),
    holdings,
    cash,
    realised,
    unvalued,
  };
}
