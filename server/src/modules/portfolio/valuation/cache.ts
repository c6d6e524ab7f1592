// The holdings cache (portfolio.holdings) is the ledger's replay, refreshed after every change to
// it: quantity, moving-average cost, and the last close on or before the day (market value and
// unrealised P&L in the instrument's currency). `average_cost` is per unit; `cost_basis` the book's
// total (moving average, fees included).
import type { Ctx } from "../../../platform/context.ts";
import { Decimal } from "../../../platform/money.ts";
import type { Ledger } from "../engine/index.ts";
import { lastCloses, valueAt } from "./market-data.ts";
import * as repo from "./repository.ts";

export async function refreshHoldingsCache(
  ctx: Ctx,
  ledger: Ledger,
  accountIds: readonly string[],
  asOf: string,
): Promise<void> {
  const wanted = new Set(accountIds);
  const books = ledger.holdings().filter((a) => wanted.has(a.accountId));
  const held = books.flatMap((a) => a.holdings);
  const closes = await lastCloses(
    ctx,
    held.map((h) => h.instrumentId),
    asOf,
  );
  const rows = held.map((h) => {
    const close = valueAt(closes.get(h.instrumentId), asOf);
    const price = Number.isNaN(close.value) ? null : new Decimal(close.value);
    const value = price ? h.quantity.times(price) : null;
    // A short's cost is what its sale brought in; its P&L is proceeds − buy-back value.
    const signedCost = h.side === "short" ? h.averageCost.neg() : h.averageCost;
    const pnl = value ? value.minus(signedCost) : null;
    return {
      accountId: h.accountId,
      instrumentId: h.instrumentId,
      side: h.side,
      quantity: h.quantity.toString(),
      averageCost: h.averagePrice.toString(),
      costBasis: h.averageCost.toString(),
      currency: h.currency,
      price: price ? price.toString() : null,
      marketValue: value ? value.toString() : null,
      unrealizedPnl: pnl ? pnl.toString() : null,
      unrealizedPnlPct:
        pnl && !h.averageCost.isZero()
          ? pnl.div(h.averageCost).times(100).toDecimalPlaces(6).toString()
          : null,
      asOf: close.date ?? asOf,
    };
  });
  await repo.replaceHoldings(ctx.db, [...wanted], rows);
}
