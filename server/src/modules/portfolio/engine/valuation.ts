// Daily valuation of a scope (one account, or several in one currency) with external flows and the
// running return decomposition. Quantities and ledger amounts are exact Decimals; the daily loop runs
// on floats and whole minor units of the valuation currency (see decision 0008 for why that is exact
// where it must be: every money figure is an integer below 2^53, so sums and differences of them are
// exact in a float64, and the parts add up to the total with no residual).
import { Decimal, minorUnits } from "../../../platform/money.ts";
import { dayNumber, isoDate } from "./dates.ts";
import { Cursor, DaySeries } from "./series.ts";
import { grossOf, touches } from "./transaction-facts.ts";
import type { Transaction } from "./types.ts";
import {
  type BookSummary,
  emptyValuation,
  type HoldingSeries,
  type Parts,
  type Valuation,
  type ValuationOptions,
} from "./valuation-model.ts";
import { type Book, instrumentCurrency, num, Totals } from "./valuation-state.ts";

export type { BookSummary, HoldingSeries, Parts, Valuation, ValuationOptions };

const SNAP = 6;
const ONE = new Decimal(1);

export function valuate(opts: ValuationOptions): Valuation {
  const { ledger, currency, market } = opts;
  ledger.settle();
  const scale = 10 ** minorUnits(currency);
  const scaleD = new Decimal(scale);
  const inScope = new Map(opts.accounts.map((a) => [a.id, a]));
  const txs = ledger.applied.filter((t) => inScope.has(t.accountId));
  const seriesCache = new Map<string, DaySeries | null>();
  const instruments = new Set<string>();
  const currencies = new Set<string>();
  for (const t of txs) touches(t, instruments, currencies);
  const txDays = Int32Array.from(txs, (t) => dayNumber(t.date));
  currencies.delete(currency);

  const priceSeries = (id: string): DaySeries | null => {
    if (!seriesCache.has(id)) {
      const s = market.prices.get(id);
      seriesCache.set(id, s ? new DaySeries(s) : null);
    }
    return seriesCache.get(id) ?? null;
  };
  const fxSeries = (cur: string): DaySeries | null => {
    const key = `fx:${cur}`;
    if (!seriesCache.has(key)) {
      const direct = market.fx.get(`${cur}/${currency}`);
      const inverse = market.fx.get(`${currency}/${cur}`);
      seriesCache.set(key, direct ? new DaySeries(direct) : inverse ? new DaySeries(inverse, true) : null);
    }
    return seriesCache.get(key) ?? null;
  };

  // The calendar: every day with a transaction or a market point, from the first transaction on.
  const first = txs.length ? txDays[0] : dayNumber(opts.to ?? "1970-01-01");
  let last = txs.length ? txDays[txs.length - 1] : first;
  const sources = [...[...instruments].map(priceSeries), ...[...currencies].map(fxSeries)].filter(
    (s): s is DaySeries => s !== null,
  );
  if (opts.to) last = dayNumber(opts.to);
  else for (const s of sources) if (s.days.length) last = Math.max(last, s.days[s.days.length - 1]);
  const span = Math.max(0, last - first + 1);
  const mark = new Uint8Array(span);
  for (const day of txDays) {
    const d = day - first;
    if (d >= 0 && d < span) mark[d] = 1;
  }
  for (const s of sources)
    for (let i = 0; i < s.days.length; i++) {
      const d = s.days[i] - first;
      if (d >= 0 && d < span) mark[d] = 1;
    }
  let n = 0;
  for (let d = 0; d < span; d++) n += mark[d];
  const days = new Int32Array(n);
  for (let d = 0, k = 0; d < span; d++) if (mark[d]) days[k++] = first + d;

  const out = emptyValuation(currency, scale, Array.from(days, isoDate), days, [...(opts.checkpoints ?? [])]);
  out.tracked = (opts.track ?? []).map((h) => ({
    accountId: h.accountId,
    instrumentId: h.instrumentId,
    value: new Float64Array(n),
    inflow: new Float64Array(n),
    outflow: new Float64Array(n),
  }));
  const scope = new Totals(out);
  const byAccount = new Map<string, Totals>();
  if (opts.perAccount)
    for (const a of opts.accounts) {
      const v = emptyValuation(currency, scale, out.dates, days, out.checkpoints);
      out.accounts.push({ accountId: a.id, valuation: v });
      byAccount.set(a.id, new Totals(v));
    }
  const trackedBy = new Map(out.tracked.map((h) => [`${h.accountId}\u0000${h.instrumentId}`, h]));
  const checkpointDays = out.checkpoints.map(dayNumber);
  const nCheck = checkpointDays.length;

  // FX of the day per currency: the market's rate, else the last rate a transaction stated.
  const fxCursors = new Map<string, Cursor>();
  const txRates = new Map<string, number>();
  const fxToday = new Map<string, number>();
  let today = 0;
  const fxAt = (cur: string): number => {
    if (cur === currency) return 1;
    let x = fxToday.get(cur);
    if (x !== undefined) return x;
    let c = fxCursors.get(cur);
    if (!c) {
      c = new Cursor(fxSeries(cur));
      fxCursors.set(cur, c);
    }
    x = c.at(today);
    if (Number.isNaN(x)) x = txRates.get(cur) ?? x;
    if (Number.isNaN(x))
      throw new RangeError(`no ${cur}/${currency} rate on or before ${isoDate(today)}: add the FX series`);
    fxToday.set(cur, x);
    return x;
  };

  const books = new Map<string, Book>();
  const active: Book[] = [];
  const book = (accountId: string, instrumentId: string | null, cur: string): Book => {
    const key = instrumentId === null ? `${accountId}\u0000$${cur}` : `${accountId}\u0000${instrumentId}`;
    let b = books.get(key);
    if (!b) {
      b = {
        accountId,
        instrumentId,
        currency: cur,
        qd: new Decimal(0),
        q: 0,
        minor: 0,
        qPrev: 0,
        x0: 0,
        vPrev: 0,
        cursor: instrumentId === null ? null : new Cursor(priceSeries(instrumentId)),
        tradePrice: Number.NaN,
        tradeDay: Number.NEGATIVE_INFINITY,
        dIn: 0,
        dOut: 0,
        dIncome: 0,
        dFees: 0,
        sn: 0,
        snx: 0,
        cG: 0,
        cIncome: 0,
        cFees: 0,
        cFx: 0,
        cFxLost: 0,
        fxRounded: 0,
        active: false,
        staleDays: 0,
        snaps: new Float64Array(SNAP * nCheck),
        series: trackedBy.get(key) ?? null,
        totals: byAccount.get(accountId) ?? null,
      };
      books.set(key, b);
    }
    if (!b.active) {
      b.active = true;
      active.push(b);
    }
    return b;
  };
  /** The book's price today: the market close, or a later trade's price (then flagged stale). */
  const priceOf = (b: Book): number => {
    const c = b.cursor!;
    const p = c.at(today);
    return b.tradeDay > c.lastDay || Number.isNaN(p) ? b.tradePrice : p;
  };
  const setQuantity = (b: Book, qd: Decimal) => {
    b.qd = qd;
    b.q = num(qd);
  };
  /**
   * A cash posting: the exact balance, and in the valuation's own currency the balance in minor units
   * as the sum of the postings each rounded once (as a statement shows it), so that no rounding of
   * the balance turns up as a gain.
   */
  const move = (cash: Book, amount: Decimal, minor: number) => {
    cash.minor += minor;
    // The valuation currency's balance is its minor units; the exact amount is only needed abroad.
    if (cash.currency === currency) cash.q = cash.minor;
    else setQuantity(cash, cash.qd.plus(amount));
  };
  /**
   * An amount at a rate in whole minor units, rounded half-even. The float product is within 5e-7 of
   * the exact one below 1e9 minor units (three roundings of 1.1e-16 each), so away from a tie its
   * nearest integer is the exact answer; a product that close to a tie, or larger, is done in Decimal.
   */
  const toMinor = (amount: Decimal, rate: Decimal): number => {
    if (amount.isZero()) return 0;
    const f = num(amount) * num(rate) * scale;
    if (Math.abs(f) < 1e9) {
      const frac = Math.abs(f - Math.trunc(f));
      if (Math.abs(frac - 0.5) > 1e-5) return Math.round(f) + 0;
    }
    const v = rate.eq(ONE) ? amount : amount.times(rate);
    return (scale === 1 ? v : v.times(scaleD)).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber();
  };

  const flowIn = (accountId: string, v: number) => {
    scope.inflow += v;
    const a = byAccount.get(accountId);
    if (a) a.inflow += v;
  };
  const flowOut = (accountId: string, v: number) => {
    scope.outflow += v;
    const a = byAccount.get(accountId);
    if (a) a.outflow += v;
  };
  const apply = (t: Transaction) => {
    const base = inScope.get(t.accountId)!.baseCurrency;
    // A transaction's own rate when figures are in its account's base; else the market's that day.
    const rateOf = (cur: string, stated: Decimal): Decimal => {
      if (base !== currency) return new Decimal(fxAt(cur));
      if (cur !== currency) txRates.set(cur, num(stated));
      return stated;
    };
    switch (t.type) {
      case "buy":
      case "cover":
      case "sell":
      case "short": {
        const b = book(t.accountId, t.instrumentId, t.currency);
        const cash = book(t.accountId, null, t.currency);
        const r = rateOf(t.currency, t.fxRate);
        const fee = t.fee ?? new Decimal(0);
        const amount = grossOf(t);
        const gross = toMinor(amount, r);
        const feeM = toMinor(fee, r);
        const buying = t.type === "buy" || t.type === "cover";
        setQuantity(b, buying ? b.qd.plus(t.quantity) : b.qd.minus(t.quantity));
        const sq = buying ? num(t.quantity) : -num(t.quantity);
        b.sn += sq;
        b.snx += sq * num(r);
        b.tradePrice = num(t.price);
        b.tradeDay = today;
        b.dFees -= feeM;
        if (buying) {
          b.dIn += gross + feeM;
          cash.dOut += gross + feeM;
          move(cash, amount.plus(fee).neg(), -(gross + feeM));
        } else {
          b.dOut += gross - feeM;
          cash.dIn += gross - feeM;
          move(cash, amount.minus(fee), gross - feeM);
        }
        return;
      }
      case "dividend":
      case "interest": {
        const r = rateOf(t.currency, t.fxRate);
        const tax = t.type === "dividend" ? (t.withholdingTax ?? new Decimal(0)) : new Decimal(0);
        const g = toMinor(t.amount, r);
        const w = toMinor(tax, r);
        const cash = book(t.accountId, null, t.currency);
        move(cash, t.amount.minus(tax), g - w);
        if (t.instrumentId) {
          const b = book(t.accountId, t.instrumentId, instrumentCurrency(t, books));
          b.dOut += g - w;
          b.dIncome += g;
          b.dFees -= w;
          cash.dIn += g - w;
        } else {
          cash.dIncome += g;
          cash.dFees -= w;
        }
        return;
      }
      case "fee":
      case "tax": {
        const r = rateOf(t.currency, t.fxRate);
        const f = toMinor(t.amount, r);
        const cash = book(t.accountId, null, t.currency);
        move(cash, t.amount.neg(), -f);
        if (t.instrumentId) {
          const b = book(t.accountId, t.instrumentId, instrumentCurrency(t, books));
          b.dIn += f;
          b.dFees -= f;
          cash.dOut += f;
        } else cash.dFees -= f;
        return;
      }
      case "deposit":
      case "withdrawal": {
        const r = rateOf(t.currency, t.fxRate);
        const a = toMinor(t.amount, r);
        const cash = book(t.accountId, null, t.currency);
        if (t.type === "deposit") {
          move(cash, t.amount, a);
          cash.dIn += a;
          flowIn(t.accountId, a);
        } else {
          move(cash, t.amount.neg(), -a);
          cash.dOut += a;
          flowOut(t.accountId, a);
        }
        return;
      }
      case "returnOfCapital": {
        const r = rateOf(t.currency, t.fxRate);
        const a = toMinor(t.amount, r);
        const b = book(t.accountId, t.instrumentId, instrumentCurrency(t, books));
        const cash = book(t.accountId, null, t.currency);
        move(cash, t.amount, a);
        b.dOut += a;
        cash.dIn += a;
        return;
      }
      case "conversion": {
        const from = book(t.accountId, null, t.fromCurrency);
        const to = book(t.accountId, null, t.toCurrency);
        const r1 = rateOf(t.fromCurrency, t.fromFxRate);
        const r2 = rateOf(t.toCurrency, t.toFxRate);
        const fee = t.fee ?? new Decimal(0);
        // One base amount for both legs, so the conversion moves value inside the scope exactly;
        // any spread shows as FX on the receiving balance.
        const moved = toMinor(t.fromAmount, r1);
        const feeM = toMinor(fee, r1);
        move(from, t.fromAmount.plus(fee).neg(), -(moved + feeM));
        move(to, t.toAmount, toMinor(t.toAmount, r2));
        from.dOut += moved;
        from.dFees -= feeM;
        to.dIn += moved;
        return;
      }
      case "split": {
        const b = book(t.accountId, t.instrumentId, instrumentCurrency(t, books));
        const ratio = num(t.ratio);
        setQuantity(b, b.qd.times(t.ratio));
        b.qPrev *= ratio;
        b.sn *= ratio;
        b.snx *= ratio;
        b.tradePrice /= ratio;
        return;
      }
      case "spinOff": {
        const parent = book(t.accountId, t.instrumentId, instrumentCurrency(t, books));
        const received = ledger.resolved.get(t.id)?.spunOffQuantity ?? new Decimal(0);
        const child = book(t.accountId, t.newInstrumentId, t.newCurrency ?? parent.currency);
        const x = fxAt(child.currency);
        let p = priceOf(child);
        // No price for the new line yet: value it at its share of the parent's cost split.
        if (Number.isNaN(p))
          p = (parent.vPrev * t.costFraction.toNumber()) / (received.toNumber() * x * scale) || 0;
        child.tradePrice = p;
        child.tradeDay = today;
        const moved = Math.round(received.toNumber() * p * x * scale);
        setQuantity(child, child.qd.plus(received));
        child.sn += received.toNumber();
        child.snx += received.toNumber() * x;
        child.dIn += moved;
        parent.dOut += moved;
        return;
      }
      case "transferOut":
      case "transferIn": {
        const b = book(
          t.accountId,
          t.instrumentId,
          t.type === "transferIn" ? t.currency : instrumentCurrency(t, books),
        );
        const x = fxAt(b.currency);
        let p = priceOf(b);
        if (Number.isNaN(p) && t.type === "transferIn") {
          const cost = (t.lots ?? []).reduce((a, l) => a.plus(l.cost), new Decimal(0));
          p = cost.isZero() ? 0 : cost.div(t.quantity).toNumber();
          b.tradePrice = p;
          b.tradeDay = today;
        }
        const sq = t.type === "transferIn" ? t.quantity.toNumber() : -t.quantity.toNumber();
        const moved = Math.round(Math.abs(sq) * p * x * scale);
        setQuantity(b, t.type === "transferIn" ? b.qd.plus(t.quantity) : b.qd.minus(t.quantity));
        b.sn += sq;
        b.snx += sq * x;
        if (t.type === "transferIn") {
          b.dIn += moved;
          flowIn(t.accountId, moved);
        } else {
          b.dOut += moved;
          flowOut(t.accountId, moved);
        }
        return;
      }
    }
  };

  let ti = 0;
  let nextCheck = 0;
  const order = checkpointDays.map((d, i) => ({ d, i })).sort((a, b) => a.d - b.d);
  const snapshot = (slot: number) => {
    for (const b of books.values()) {
      const o = slot * SNAP;
      b.snaps[o] = b.vPrev;
      b.snaps[o + 1] = b.cG;
      b.snaps[o + 2] = b.cIncome;
      b.snaps[o + 3] = b.cFees;
      b.snaps[o + 4] = b.fxRounded;
    }
  };
  while (nextCheck < order.length && (n === 0 || order[nextCheck].d < days[0])) nextCheck++;

  for (let k = 0; k < n; k++) {
    today = days[k];
    fxToday.clear();
    while (ti < txs.length && txDays[ti] === today) apply(txs[ti++]);

    let w = 0;
    for (let j = 0; j < active.length; j++) {
      const b = active[j];
      const x1 = fxAt(b.currency);
      let v1: number;
      let fxTerm = 0;
      if (b.instrumentId === null) v1 = b.currency === currency ? b.minor : Math.round(b.q * x1 * scale);
      else {
        let p1 = priceOf(b);
        if (b.q !== 0 && !b.cursor!.exact) {
          scope.stale++;
          if (b.totals) b.totals.stale++;
          b.staleDays++;
        }
        if (Number.isNaN(p1)) {
          if (b.q !== 0)
            throw new RangeError(`no price for ${b.instrumentId} on or before ${isoDate(today)}`);
          p1 = 0;
        }
        v1 = Math.round(b.q * p1 * x1 * scale);
        // FX on what was held since the last close, then on each trade from its own rate to today's.
        fxTerm = (b.qPrev * p1 * (x1 - b.x0) + p1 * (x1 * b.sn - b.snx)) * scale;
      }
      const g = v1 - b.vPrev + b.dOut - b.dIn;
      b.cG += g;
      b.cIncome += b.dIncome;
      b.cFees += b.dFees;
      const acc = b.totals;
      if (b.instrumentId === null) {
        scope.gC += g;
        scope.incC += b.dIncome;
        scope.feeC += b.dFees;
        if (acc) {
          acc.gC += g;
          acc.incC += b.dIncome;
          acc.feeC += b.dFees;
        }
      } else {
        // Neumaier summation keeps the float sum of daily FX effects within a rounding of exact.
        const s = b.cFx + fxTerm;
        b.cFxLost += Math.abs(b.cFx) >= Math.abs(fxTerm) ? b.cFx - s + fxTerm : fxTerm - s + b.cFx;
        b.cFx = s;
        const rounded = Math.round(b.cFx + b.cFxLost);
        scope.gI += g;
        scope.incI += b.dIncome;
        scope.feeI += b.dFees;
        scope.fxI += rounded - b.fxRounded;
        if (acc) {
          acc.gI += g;
          acc.incI += b.dIncome;
          acc.feeI += b.dFees;
          acc.fxI += rounded - b.fxRounded;
        }
        b.fxRounded = rounded;
      }
      if (b.series) {
        b.series.value[k] = v1;
        b.series.inflow[k] = b.dIn;
        b.series.outflow[k] = b.dOut;
      }
      scope.value += v1;
      if (acc) acc.value += v1;
      b.vPrev = v1;
      b.qPrev = b.q;
      b.x0 = x1;
      b.dIn = b.dOut = b.dIncome = b.dFees = b.sn = b.snx = 0;
      if (b.q === 0 && v1 === 0 && b.minor === 0) b.active = false;
      else active[w++] = b;
    }
    active.length = w;
    scope.close(k);
    for (const a of byAccount.values()) a.close(k);
    const next = k + 1 < n ? days[k + 1] : Number.POSITIVE_INFINITY;
    while (nextCheck < order.length && order[nextCheck].d < next) snapshot(order[nextCheck++].i);
  }

  for (const b of books.values()) {
    const summary: BookSummary = {
      accountId: b.accountId,
      instrumentId: b.instrumentId,
      currency: b.currency,
      staleDays: b.staleDays,
      atCheckpoints: checkpointDays.map((_, i) => {
        const o = i * SNAP;
        const [value, gain, income, fees, fxR] = [
          b.snaps[o],
          b.snaps[o + 1],
          b.snaps[o + 2],
          b.snaps[o + 3],
          b.snaps[o + 4],
        ];
        const market = gain - income - fees;
        return b.instrumentId === null
          ? { value, gain, price: 0, income, fx: market, fees }
          : { value, gain, price: market - fxR, income, fx: fxR, fees };
      }),
    };
    out.books.push(summary);
    b.totals?.out.books.push(summary);
  }
  for (const a of out.accounts) a.valuation.tracked = out.tracked.filter((h) => h.accountId === a.accountId);
  return out;
}
