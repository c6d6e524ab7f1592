// Returns of a scope over a period: TWR (daily-linked) and MWR (XIRR) side by side, the daily value
// series for the chart with a benchmark's return on the same days, the risk figures of
// @bullpen/quant on the same daily returns, and the decomposition of the gain into price, income, FX
// and fees (summing exactly to the total) for the scope, each holding and each sub-period.

import { ValidationError } from "../../../platform/errors.ts";
import { Decimal } from "../../../platform/money.ts";
import { dayNumber, isoDate } from "../engine/dates.ts";
import {
  analyse,
  type Decomposition,
  dailyReturns,
  holdingsBetween,
  type Period,
  partsBetween,
  periodAnchor,
  periodIndices,
  riskFigures,
  valuate,
} from "../engine/index.ts";
import { Cursor, DaySeries } from "../engine/series.ts";
import { notice } from "../notices/contracts.ts";
import type { PerformanceOut } from "./contracts.ts";
import { type Scope, valuing } from "./scope.ts";

/** The API's code for each reason the XIRR solver gives no rate. */
const MWR_REASON = {
  "no flows": "mwr.noFlows",
  "one-sided": "mwr.oneSided",
  "no root": "mwr.noRoot",
} as const;

export interface PeriodInput {
  period: Period extends infer P ? (P extends string ? P : never) : never;
  from?: string | undefined;
  to?: string | undefined;
}

/** The last of `dates` (ascending) on or before `day`, or "". */
function lastOnOrBefore(dates: readonly string[], day: string): string {
  let lo = 0;
  let hi = dates.length - 1;
  let found = "";
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = dates[mid] as string;
    if (d <= day) {
      found = d;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The last day the valuation has, up to today: its calendar is the days with a transaction or a
 * market point (a close of a held instrument, a rate), so named periods end there — for the
 * performance and the decomposition alike — rather than on a today with no prices yet.
 */
export function dataEnd(scope: Scope): string {
  let last = "";
  const held = new Set<string>();
  for (const t of scope.transactions) {
    if (t.date <= scope.today && t.date > last) last = t.date;
    if ("instrumentId" in t && t.instrumentId) held.add(t.instrumentId);
    if (t.type === "spinOff") held.add(t.newInstrumentId);
  }
  for (const id of held) {
    const s = scope.market.prices.get(id);
    const d = s ? lastOnOrBefore(s.dates, scope.today) : "";
    if (d > last) last = d;
  }
  for (const s of scope.market.fx.values()) {
    const d = lastOnOrBefore(s.dates, scope.today);
    if (d > last) last = d;
  }
  return last || scope.today;
}

/** The request's period: a custom one when from/to are given, else the named one ending on `today`. */
export function periodOf(q: PeriodInput, today: string): { period: Period; label: string; end: string } {
  if (q.from || q.to) {
    const to = q.to ?? today;
    const from = q.from ?? "1970-01-01";
    if (from > to) throw new ValidationError("is after to", "input.from");
    return { period: { from, to }, label: `${from}..${to}`, end: to };
  }
  return { period: q.period, label: q.period === "max" ? "MAX" : q.period, end: today };
}

const finite = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : x);

export function money(minor: number, scope: Scope): string {
  const digits = Math.round(Math.log10(scope.scale));
  return new Decimal(minor).div(scope.scale).toFixed(digits);
}

function decompositionOf(d: Decomposition, scope: Scope) {
  return {
    price: money(d.price, scope),
    income: money(d.income, scope),
    fx: money(d.fx, scope),
    fees: money(d.fees, scope),
    total: money(d.total, scope),
  };
}

export function performance(
  scope: Scope,
  q: PeriodInput & { benchmark?: string | undefined; riskFree?: number | undefined },
): PerformanceOut {
  const { period, label, end } = periodOf(q, dataEnd(scope));
  const analysis = valuing(() =>
    analyse({
      ledger: scope.ledger,
      accounts: scope.accounts,
      currency: scope.currency,
      market: scope.market,
      periods: [period],
      to: end,
    }),
  );
  const v = analysis.valuation;
  const f = analysis.periods[0] as (typeof analysis.periods)[number];
  const { start, end: last } = periodIndices(v, period);
  const bench = q.benchmark ? scope.market.prices.get(q.benchmark) : undefined;
  const benchSeries = bench ? new DaySeries(bench) : null;
  const from = Math.max(start, 0);
  // Chart series: the start day's close, then every valuation day of the period.
  const series: PerformanceOut["series"] = [];
  if (last >= 0) {
    const r = dailyReturns(v.value, v.inflow, v.outflow, from, last);
    const c = benchSeries ? new Cursor(benchSeries) : null;
    const b0 = c ? c.at(v.days[from] as number) : Number.NaN;
    let growth = 1;
    for (let t = from; t <= last; t++) {
      if (t > from) growth *= 1 + (r[t - from - 1] as number);
      const bt = c ? c.at(v.days[t] as number) : Number.NaN;
      series.push({
        date: v.dates[t] as string,
        value: money(v.value[t] as number, scope),
        netFlow: money((v.inflow[t] as number) - (v.outflow[t] as number), scope),
        twr: growth - 1,
        benchmark: finite(bt / b0 - 1),
      });
    }
  }
  const risk = valuing(() =>
    last > from
      ? riskFigures(v, period, {
          ...(bench ? { benchmark: bench } : {}),
          ...(q.riskFree !== undefined ? { riskFree: (1 + q.riskFree) ** (1 / 252) - 1 } : {}),
        })
      : null,
  );
  const info = q.benchmark ? scope.instruments.get(q.benchmark) : undefined;
  return {
    currency: scope.currency,
    period: label,
    startDate: f.startDate,
    endDate: f.endDate,
    startValue: money(f.startValue, scope),
    endValue: money(f.endValue, scope),
    inflow: money(f.inflow, scope),
    outflow: money(f.outflow, scope),
    gain: money(f.decomposition.total, scope),
    twr: f.twr,
    twrAnnualised: finite(f.twrAnnualised ?? undefined),
    mwr: f.mwr.ok
      ? { annual: finite(f.mwr.rate), period: finite(f.mwrPeriod ?? undefined), reason: null }
      : { annual: null, period: null, reason: notice(MWR_REASON[f.mwr.reason]) },
    decomposition: decompositionOf(f.decomposition, scope),
    staleDays: f.staleDays,
    benchmark: q.benchmark
      ? {
          instrumentId: q.benchmark,
          symbol: info?.symbol ?? null,
          return: series.length ? (series.at(-1)?.benchmark ?? null) : null,
        }
      : null,
    risk: {
      periods: risk?.periods ?? 0,
      annualizedReturn: finite(risk?.annualizedReturn),
      volatility: finite(risk?.annualizedVolatility),
      sharpe: finite(risk?.sharpeRatio),
      sortino: finite(risk?.sortinoRatio),
      maxDrawdown: finite(risk?.maxDrawdown),
      beta: finite(risk?.beta),
    },
    series,
  };
}

/** Last days of the sub-periods between two days (exclusive of `start`, inclusive of `end`). */
function boundaries(start: string, end: string, split: "none" | "month" | "quarter" | "year"): string[] {
  const out: string[] = [];
  if (split !== "none") {
    const step = split === "month" ? 1 : split === "quarter" ? 3 : 12;
    let y = Number(start.slice(0, 4));
    let m = Number(start.slice(5, 7));
    for (;;) {
      // The end of the sub-period that holds the day after `start`.
      const mEnd = Math.ceil(m / step) * step;
      const lastDay = isoDate(
        dayNumber(
          `${String(mEnd === 12 ? y + 1 : y).padStart(4, "0")}-${String((mEnd % 12) + 1).padStart(2, "0")}-01`,
        ) - 1,
      );
      if (lastDay >= end) break;
      if (lastDay > start) out.push(lastDay);
      m = mEnd + 1;
      if (m > 12) {
        m -= 12;
        y += 1;
      }
      if (out.length > 600)
        throw new ValidationError("too many sub-periods: choose a coarser split", "input.split");
    }
  }
  out.push(end);
  return out;
}

function lastIndexAtOrBefore(days: Int32Array, day: number): number {
  let lo = 0;
  let hi = days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((days[mid] as number) <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function decomposition(
  scope: Scope,
  q: PeriodInput & {
    split: "none" | "month" | "quarter" | "year";
    instrumentId?: string | undefined;
    accountId?: string | undefined;
  },
) {
  const { period, label, end } = periodOf(q, dataEnd(scope));
  const anchor = periodAnchor(period, end);
  const first = scope.transactions[0]?.date;
  const start = anchor.start ?? (first ? isoDate(dayNumber(first) - 1) : anchor.end);
  const ends = boundaries(start, anchor.end, q.split);
  const checkpoints = [start, ...ends];
  const v = valuing(() =>
    valuate({
      ledger: scope.ledger,
      accounts: scope.accounts,
      currency: scope.currency,
      market: scope.market,
      to: anchor.end,
      checkpoints,
    }),
  );
  const idx = (d: string) => lastIndexAtOrBefore(v.days, dayNumber(d));
  const startIdx = anchor.start === null ? -1 : idx(start);
  const total = partsBetween(v, startIdx, idx(anchor.end));
  const symbol = (id: string | null) => (id ? (scope.instruments.get(id)?.symbol ?? null) : null);
  const holdings = holdingsBetween(v, anchor.start === null ? null : 0, checkpoints.length - 1).map((h) => ({
    accountId: h.accountId,
    instrumentId: h.instrumentId,
    symbol: symbol(h.instrumentId),
    currency: h.currency,
    startValue: money(h.startValue, scope),
    endValue: money(h.endValue, scope),
    decomposition: decompositionOf(h.decomposition, scope),
  }));
  const periods = ends.map((to, k) => {
    const from = k === 0 ? start : (ends[k - 1] as string);
    const label = { from: isoDate(dayNumber(from) + 1), to };
    if (!q.instrumentId) {
      const a = k === 0 ? startIdx : idx(from);
      const z = idx(to);
      return {
        ...label,
        startValue: money(a < 0 ? 0 : (v.value[a] as number), scope),
        endValue: money(z < 0 ? 0 : (v.value[z] as number), scope),
        decomposition: decompositionOf(partsBetween(v, a, z), scope),
      };
    }
    const fromSlot = k === 0 && anchor.start === null ? null : k;
    const rows = holdingsBetween(v, fromSlot, k + 1).filter(
      (h) => h.instrumentId === q.instrumentId && (!q.accountId || h.accountId === q.accountId),
    );
    const sum = rows.reduce(
      (s, h) => ({
        startValue: s.startValue + h.startValue,
        endValue: s.endValue + h.endValue,
        price: s.price + h.decomposition.price,
        income: s.income + h.decomposition.income,
        fx: s.fx + h.decomposition.fx,
        fees: s.fees + h.decomposition.fees,
        total: s.total + h.decomposition.total,
      }),
      { startValue: 0, endValue: 0, price: 0, income: 0, fx: 0, fees: 0, total: 0 },
    );
    return {
      ...label,
      startValue: money(sum.startValue, scope),
      endValue: money(sum.endValue, scope),
      decomposition: decompositionOf(sum, scope),
    };
  });
  return {
    currency: scope.currency,
    period: label,
    startDate: anchor.start === null ? null : start,
    endDate: anchor.end,
    portfolio: decompositionOf(total, scope),
    holdings,
    drillDown: { split: q.split, instrumentId: q.instrumentId ?? null, periods },
  };
}
