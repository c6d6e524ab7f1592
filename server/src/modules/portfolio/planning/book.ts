// The portfolio as planning sees it: the ledger replayed (positions and cash per account), each
// position priced at its last close on or before today (its average cost when the market has no
// close, flagged), every figure converted to one reporting currency at the last rate on or before
// today, and — for projections and the X-ray — the daily valuation of the last year: the yearly
// return (time-weighted), the yearly volatility of daily returns, the average value and the fees paid.
import type { Ctx } from "../../../platform/context.ts";
import { NotFoundError } from "../../../platform/errors.ts";
import { Decimal } from "../../../platform/money.ts";
import { fxRate } from "../../market/index.ts";
import { dayNumber, isoDate } from "../engine/dates.ts";
import { dailyReturns, link, replay, valuate } from "../engine/index.ts";
import { type Notice, notice } from "../notices/contracts.ts";
import { toTransaction } from "../transactions/rows.ts";
import { loadCloses, loadMarket, valueAt } from "../valuation/market-data.ts";
import * as repo from "./repository.ts";

export interface BookPosition {
  accountId: string;
  instrumentId: string;
  symbol: string;
  name: string;
  assetClass: string;
  country: string | null;
  mic: string;
  sector: string | null;
  currency: string;
  quantity: Decimal;
  price: Decimal;
  priceDate: string | null;
  /** `market`: the last close; `cost`: no close is stored, the average cost stands in. */
  pricedAt: "market" | "cost";
  /** Reporting-currency units per unit of `currency`. */
  fx: Decimal;
  value: Decimal;
}

export interface BookCash {
  accountId: string;
  currency: string;
  amount: Decimal;
  fx: Decimal;
  value: Decimal;
}

export interface Book {
  currency: string;
  asOf: string;
  accounts: repo.AccountLite[];
  positions: BookPosition[];
  /** Instruments not held that were asked to be priced (quantity 0): what an instrument target may buy. */
  candidates: BookPosition[];
  cash: BookCash[];
  total: Decimal;
  /** Things the figures leave out or approximate, as coded sentences. */
  warnings: Notice[];
}

export interface History {
  /** Days valued in the window. */
  days: number;
  firstDate: string | null;
  /** Time-weighted return over the window, stated per year, in percent (null under 90 days). */
  yearlyReturnPct: Decimal | null;
  /** Standard deviation of daily returns × √(returns per year), in percent (null under 60 returns). */
  volatilityPct: Decimal | null;
  averageValue: Decimal | null;
  feesLastYear: Decimal;
}

const ZERO = new Decimal(0);

/** The reporting currency: the one asked for, else the scope's first account's base, else USD. */
export function reportingCurrency(accounts: readonly repo.AccountLite[], asked?: string): string {
  return asked ?? accounts[0]?.baseCurrency ?? "USD";
}

export async function loadBook(
  ctx: Ctx,
  userId: string,
  opts: { accountIds?: readonly string[]; currency?: string; alsoPrice?: readonly string[] },
): Promise<Book & { ledgerRows: repo.LedgerRow[] }> {
  const asOf = ctx.clock.now().toISOString().slice(0, 10);
  const all = await repo.listAccounts(ctx.db, userId);
  const accounts = opts.accountIds ? all.filter((a) => opts.accountIds?.includes(a.id)) : all;
  const currency = reportingCurrency(accounts, opts.currency);
  const rows = await repo.ledgerRows(
    ctx.db,
    userId,
    accounts.map((a) => a.id),
  );
  const ledger = replay(
    accounts.map((a) => ({ id: a.id, baseCurrency: a.baseCurrency })),
    rows.map(toTransaction),
  );
  const books = ledger.holdings();
  const held = books.flatMap((b) => b.holdings).filter((h) => h.side === "long" && h.quantity.gt(0));
  const shorts = books.flatMap((b) => b.holdings).filter((h) => h.side === "short").length;
  const heldIds = new Set(held.map((h) => h.instrumentId));
  const extra = [...new Set(opts.alsoPrice ?? [])].filter((id) => !heldIds.has(id));
  const meta = new Map((await repo.instrumentsByIds(ctx.db, [...heldIds, ...extra])).map((i) => [i.id, i]));
  const prices = await loadCloses(ctx, [...heldIds, ...extra], asOf);
  const warnings: Notice[] = [];
  if (shorts) warnings.push(notice("planning.shortsLeftOut", { count: shorts }));
  // Rates as exact decimals from the market's own rate (direct, inverse or through USD).
  const rates = new Map<string, Decimal | null>();
  const currencies = new Set([
    ...held.map((h) => h.currency),
    ...books.flatMap((b) => b.cash.map((c) => c.currency)),
    ...extra.map((id) => meta.get(id)?.currency ?? currency),
  ]);
  for (const c of currencies) rates.set(c, await rateOn(ctx, c, currency, asOf));
  const fxOf = (c: string): Decimal | null => rates.get(c) ?? null;
  const positions: BookPosition[] = [];
  for (const h of held) {
    const m = meta.get(h.instrumentId);
    const fx = fxOf(h.currency);
    if (!fx) {
      warnings.push(
        notice("planning.noRatePosition", {
          currency: h.currency,
          reportingCurrency: currency,
          symbol: m?.symbol ?? h.instrumentId,
        }),
      );
      continue;
    }
    const close = valueAt(prices.get(h.instrumentId), asOf);
    const priced = !Number.isNaN(close.value);
    const price = priced ? new Decimal(close.value) : h.averagePrice;
    if (!priced) warnings.push(notice("planning.noClose", { symbol: m?.symbol ?? h.instrumentId }));
    positions.push({
      accountId: h.accountId,
      instrumentId: h.instrumentId,
      symbol: m?.symbol ?? h.instrumentId,
      name: m?.name ?? h.instrumentId,
      assetClass: m?.assetClass ?? "equity",
      country: m?.country ?? null,
      mic: m?.mic ?? "XXXX",
      sector: m?.sector ?? null,
      currency: h.currency,
      quantity: h.quantity,
      price,
      priceDate: close.date,
      pricedAt: priced ? "market" : "cost",
      fx,
      value: h.quantity.times(price).times(fx),
    });
  }
  // Instruments asked about but not held (instrument targets): priced, with no quantity.
  const candidates: BookPosition[] = [];
  for (const id of extra) {
    const m = meta.get(id);
    const fx = m ? fxOf(m.currency) : null;
    const close = valueAt(prices.get(id), asOf);
    if (!m || !fx || Number.isNaN(close.value)) {
      warnings.push(notice("planning.cannotBuy", { symbol: m?.symbol ?? id }));
      continue;
    }
    candidates.push({
      accountId: "",
      instrumentId: id,
      symbol: m.symbol,
      name: m.name,
      assetClass: m.assetClass,
      country: m.country,
      mic: m.mic,
      sector: m.sector,
      currency: m.currency,
      quantity: ZERO,
      price: new Decimal(close.value),
      priceDate: close.date,
      pricedAt: "market",
      fx,
      value: ZERO,
    });
  }
  const cash: BookCash[] = [];
  for (const b of books)
    for (const c of b.cash) {
      if (c.amount.isZero()) continue;
      const fx = fxOf(c.currency);
      if (!fx) {
        warnings.push(
          notice("planning.noRateCash", {
            currency: c.currency,
            reportingCurrency: currency,
            amount: c.amount.toString(),
          }),
        );
        continue;
      }
      cash.push({
        accountId: b.accountId,
        currency: c.currency,
        amount: c.amount,
        fx,
        value: c.amount.times(fx),
      });
    }
  const total = [...positions, ...cash].reduce((s, x) => s.plus(x.value), ZERO);
  return { currency, asOf, accounts, positions, candidates, cash, total, warnings, ledgerRows: rows };
}

/** The last year of the scope's daily valuation in the reporting currency, and the fees paid in it. */
export async function loadHistory(ctx: Ctx, book: Book & { ledgerRows: repo.LedgerRow[] }): Promise<History> {
  const from = isoDate(dayNumber(book.asOf) - 365);
  const empty: History = {
    days: 0,
    firstDate: null,
    yearlyReturnPct: null,
    volatilityPct: null,
    averageValue: null,
    feesLastYear: ZERO,
  };
  if (!book.ledgerRows.length) return empty;
  const txs = book.ledgerRows.map(toTransaction);
  const accounts = book.accounts.map((a) => ({ id: a.id, baseCurrency: a.baseCurrency }));
  const ledger = replay(accounts, txs);
  const instrumentIds = new Set<string>();
  const currencies = new Set<string>();
  for (const r of book.ledgerRows) {
    if (r.instrumentId) instrumentIds.add(r.instrumentId);
    if (r.newInstrumentId) instrumentIds.add(r.newInstrumentId);
    if (r.currency) currencies.add(r.currency);
    if (r.toCurrency) currencies.add(r.toCurrency);
  }
  for (const a of accounts) currencies.add(a.baseCurrency);
  const first = book.ledgerRows[0]?.tradeDate as string;
  const market = await loadMarket(ctx, {
    instrumentIds,
    currencies,
    targets: [book.currency],
    from: first,
    to: book.asOf,
  });
  let v: ReturnType<typeof valuate>;
  try {
    v = valuate({ ledger, accounts, currency: book.currency, market, to: book.asOf });
  } catch (err) {
    // A missing price or rate somewhere in the past: no history, said in words, the rest stands.
    if (!(err instanceof RangeError)) throw err;
    book.warnings.push(notice("planning.historyUnvalued", { detail: err.message }));
    return { ...empty, feesLastYear: await feesSince(ctx, book, from) };
  }
  // The window: the valued days within the last 365 days.
  let start = v.dates.findIndex((d) => d >= from);
  if (start < 0) start = v.dates.length - 1;
  const end = v.dates.length - 1;
  const returns = end > start ? dailyReturns(v.value, v.inflow, v.outflow, start, end) : new Float64Array(0);
  const spanDays = end > start ? (v.days[end] as number) - (v.days[start] as number) : 0;
  let yearlyReturnPct: Decimal | null = null;
  if (spanDays >= 90) {
    const g = 1 + link(returns);
    yearlyReturnPct =
      g > 0 && Number.isFinite(g)
        ? new Decimal(g ** (365 / spanDays) - 1).times(100).toDecimalPlaces(4)
        : null;
  }
  let volatilityPct: Decimal | null = null;
  if (returns.length >= 60 && spanDays > 0) {
    let mean = 0;
    for (const r of returns) mean += r;
    mean /= returns.length;
    let ss = 0;
    for (const r of returns) ss += (r - mean) ** 2;
    const sd = Math.sqrt(ss / (returns.length - 1));
    const perYear = (returns.length * 365) / spanDays;
    const vol = sd * Math.sqrt(perYear) * 100;
    volatilityPct = Number.isFinite(vol) ? new Decimal(vol).toDecimalPlaces(4) : null;
  }
  let sum = 0;
  for (let i = Math.max(0, start); i <= end; i++) sum += v.value[i] as number;
  const n = end - Math.max(0, start) + 1;
  const averageValue =
    n > 0 && Number.isFinite(sum) ? new Decimal(sum / n / v.scale).toDecimalPlaces(6) : null;
  return {
    days: n,
    firstDate: v.dates[Math.max(0, start)] ?? null,
    yearlyReturnPct,
    volatilityPct,
    averageValue,
    feesLastYear: await feesSince(ctx, book, from),
  };
}

/** Commissions and fee rows dated after `from`, converted at the last rate on or before today. */
async function feesSince(
  ctx: Ctx,
  book: Book & { ledgerRows: repo.LedgerRow[] },
  from: string,
): Promise<Decimal> {
  const paid = new Map<string, Decimal>();
  for (const r of book.ledgerRows) {
    if (r.tradeDate <= from || !r.currency) continue;
    let fee = r.fee ? new Decimal(r.fee) : ZERO;
    if (r.type === "fee" && r.amount) fee = fee.plus(new Decimal(r.amount));
    if (!fee.isZero()) paid.set(r.currency, (paid.get(r.currency) ?? ZERO).plus(fee));
  }
  if (!paid.size) return ZERO;
  let total = ZERO;
  for (const [c, amount] of paid) {
    const rate = await rateOn(ctx, c, book.currency, book.asOf);
    if (rate) total = total.plus(amount.times(rate));
    else
      book.warnings.push(
        notice("planning.noRateFees", {
          currency: c,
          reportingCurrency: book.currency,
          amount: amount.toString(),
        }),
      );
  }
  return total;
}

/** Units of `to` per unit of `from` on or before `date` (the market's rate), or null when there is none. */
async function rateOn(ctx: Ctx, from: string, to: string, date: string): Promise<Decimal | null> {
  if (from === to) return new Decimal(1);
  try {
    const r = await fxRate({ ctx, input: { base: from, quote: to, date } });
    return new Decimal(r.rate);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}
