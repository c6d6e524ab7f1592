// Figures for a period: TWR and MWR side by side, the decomposition of the gain (for the scope and
// for each holding), and the risk figures of @bullpen/quant on the same daily series.
import { capmBeta, type PerformanceSummary, performanceSummary } from "@bullpen/quant/performance";
import { dayNumber } from "./dates.ts";
import type { Ledger } from "./ledger.ts";
import { type Period, periodAnchor } from "./periods.ts";
import { Cursor, DaySeries, type MarketData, type Series } from "./series.ts";
import { annualise, dailyReturns, link } from "./twr.ts";
import type { Account, IsoDate } from "./types.ts";
import { type Parts, type Valuation, valuate } from "./valuation.ts";
import { type XirrResult, xirr } from "./xirr.ts";

/** A gain split into its causes, in minor units; `total` is exactly price + income + fx + fees. */
export interface Decomposition {
  price: number;
  income: number;
  fx: number;
  fees: number;
  total: number;
}

export interface PeriodFigures {
  period: Period;
  /** The day whose close starts the period (null: it starts from nothing), and its last day. */
  startDate: IsoDate | null;
  endDate: IsoDate;
  startValue: number;
  endValue: number;
  inflow: number;
  outflow: number;
  /** Time-weighted return over the period, and per year when the period is a year or longer. */
  twr: number;
  twrAnnualised: number | null;
  /** Money-weighted return: XIRR's annual rate, and the same rate over the period's length. */
  mwr: XirrResult;
  mwrPeriod: number | null;
  decomposition: Decomposition;
  /** Days in the period with at least one holding valued at a carried price. */
  staleDays: number;
}

/** Start and end indices into the valuation's arrays (start −1: before the first day). */
export function periodIndices(
  v: Valuation,
  period: Period,
): { start: number; end: number; anchor: ReturnType<typeof periodAnchor> } {
  const lastDate = v.dates[v.dates.length - 1] ?? "1970-01-01";
  const anchor = periodAnchor(period, typeof period === "object" ? period.to : lastDate);
  const end = lastIndexAtOrBefore(v.days, dayNumber(anchor.end));
  const start =
    anchor.start === null ? -1 : Math.min(end, lastIndexAtOrBefore(v.days, dayNumber(anchor.start)));
  return { start, end, anchor };
}

function lastIndexAtOrBefore(days: Int32Array, day: number): number {
  let lo = 0;
  let hi = days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid] <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const at = (a: Float64Array, i: number) => (i < 0 ? 0 : a[i]);

export function periodFigures(v: Valuation, period: Period): PeriodFigures {
  const { start, end } = periodIndices(v, period);
  let inflow = 0;
  let outflow = 0;
  let staleDays = 0;
  const flows = [];
  const startValue = at(v.value, start);
  if (start >= 0 && startValue !== 0) flows.push({ day: v.days[start], amount: -startValue });
  for (let t = start + 1; t <= end; t++) {
    inflow += v.inflow[t];
    outflow += v.outflow[t];
    if (v.stale[t] > 0) staleDays++;
    const net = v.inflow[t] - v.outflow[t];
    if (net !== 0) flows.push({ day: v.days[t], amount: -net });
  }
  const endValue = at(v.value, end);
  if (end >= 0 && endValue !== 0) flows.push({ day: v.days[end], amount: endValue });
  const twr = link(dailyReturns(v.value, v.inflow, v.outflow, start, end));
  const firstDay = start >= 0 ? v.days[start] : (flows[0]?.day ?? 0);
  const length = end >= 0 ? v.days[end] - firstDay : 0;
  const mwr = xirr(flows);
  const decomposition = partsBetween(v, start, end);
  return {
    period,
    startDate: start >= 0 ? v.dates[start] : null,
    endDate: v.dates[end] ?? "",
    startValue,
    endValue,
    inflow,
    outflow,
    twr,
    twrAnnualised: length >= 365 ? annualise(twr, length) : null,
    mwr,
    mwrPeriod: mwr.ok ? Math.expm1((mwr.logRate * length) / 365) : null,
    decomposition,
    staleDays,
  };
}

/** The scope's decomposition between two closes (start −1: from nothing). */
export function partsBetween(v: Valuation, start: number, end: number): Decomposition {
  const price = at(v.price, end) - at(v.price, start);
  const income = at(v.income, end) - at(v.income, start);
  const fx = at(v.fx, end) - at(v.fx, start);
  const fees = at(v.fees, end) - at(v.fees, start);
  return { price, income, fx, fees, total: price + income + fx + fees };
}

export interface HoldingFigures {
  accountId: string;
  instrumentId: string | null;
  currency: string;
  startValue: number;
  endValue: number;
  decomposition: Decomposition;
}

/** Each holding's decomposition between two checkpoints of the valuation (by their index). */
export function holdingsBetween(v: Valuation, from: number | null, to: number): HoldingFigures[] {
  const zero: Parts = { value: 0, gain: 0, price: 0, income: 0, fx: 0, fees: 0 };
  return v.books
    .map((b) => {
      const a = from === null ? zero : b.atCheckpoints[from];
      const z = b.atCheckpoints[to];
      const d = {
        price: z.price - a.price,
        income: z.income - a.income,
        fx: z.fx - a.fx,
        fees: z.fees - a.fees,
        total: z.gain - a.gain,
      };
      return {
        accountId: b.accountId,
        instrumentId: b.instrumentId,
        currency: b.currency,
        startValue: a.value,
        endValue: z.value,
        decomposition: d,
      };
    })
    .filter(
      (h) =>
        h.startValue !== 0 ||
        h.endValue !== 0 ||
        h.decomposition.total !== 0 ||
        h.decomposition.fees !== 0 ||
        h.decomposition.income !== 0,
    );
}

export interface RiskFigures extends PerformanceSummary {
  /** Against the benchmark's daily returns over the same days (absent without a benchmark). */
  beta?: number;
}

/**
 * Volatility, Sharpe, Sortino, drawdown … of the period's daily TWR returns, computed by
 * @bullpen/quant. `periodsPerYear` defaults to the valuation days per year actually in the series.
 */
export function riskFigures(
  v: Valuation,
  period: Period,
  opts: { benchmark?: Series; periodsPerYear?: number; riskFree?: number } = {},
): RiskFigures {
  const { start, end } = periodIndices(v, period);
  const from = Math.max(start, 0);
  const r = dailyReturns(v.value, v.inflow, v.outflow, from, end);
  const years = end > from ? (v.days[end] - v.days[from]) / 365 : 0;
  const scale = opts.periodsPerYear ?? (years > 0 ? r.length / years : 252);
  const summary: RiskFigures = performanceSummary(r, { scale, rf: opts.riskFree ?? 0 });
  if (opts.benchmark) {
    const c = new Cursor(new DaySeries(opts.benchmark));
    const rb = new Float64Array(r.length);
    let prev = c.at(v.days[from]);
    for (let t = from + 1, k = 0; t <= end; t++, k++) {
      const p = c.at(v.days[t]);
      rb[k] = Number.isNaN(prev) || Number.isNaN(p) ? Number.NaN : p / prev - 1;
      prev = p;
    }
    summary.beta = capmBeta(r, rb);
  }
  return summary;
}

export interface AnalysisOptions {
  ledger: Ledger;
  accounts: readonly Account[];
  currency: string;
  market: MarketData;
  periods: readonly Period[];
  to?: IsoDate;
  /** Also each account's figures, from the same pass over the days. */
  perAccount?: boolean;
}

export interface Analysis {
  valuation: Valuation;
  periods: (PeriodFigures & { holdings: HoldingFigures[] })[];
  accounts: {
    accountId: string;
    valuation: Valuation;
    periods: (PeriodFigures & { holdings: HoldingFigures[] })[];
  }[];
}

/**
 * The whole recompute for a scope: valuation, then for each period TWR, MWR, the decomposition of
 * the scope and of each holding (checkpoints are put at the periods' boundaries).
 */
export function analyse(opts: AnalysisOptions): Analysis {
  // Without `to`, periods end at the last market point or transaction the valuation reaches.
  const end = opts.to ?? lastDay(opts);
  const anchors = opts.periods.map((p) => periodAnchor(p, typeof p === "object" ? p.to : end));
  const checkpoints: IsoDate[] = [];
  const slot = (d: IsoDate) => {
    const i = checkpoints.indexOf(d);
    return i >= 0 ? i : checkpoints.push(d) - 1;
  };
  const slots = anchors.map((a) => ({ start: a.start === null ? null : slot(a.start), end: slot(a.end) }));
  const valuation = valuate({ ...opts, to: end, checkpoints });
  const figures = (v: Valuation) =>
    opts.periods.map((p, i) => ({
      ...periodFigures(v, p),
      holdings: holdingsBetween(v, slots[i].start, slots[i].end),
    }));
  return {
    valuation,
    periods: figures(valuation),
    accounts: valuation.accounts.map((a) => ({ ...a, periods: figures(a.valuation) })),
  };
}

function _lastDay(opts: AnalysisOptions): IsoDate {
  let last = "";
  for (const t of opts.ledger.applied) if (t.date > last) last = t.date;
  for (const s of opts.market.prices.values()) {
    const d = s.dates[s.dates.length - 1];
    if (d && d > last) last = d;
  }
  return last || "1970-01-01";
}

function lastDay(opts: AnalysisOptions): IsoDate {
  let last = "";
  for (const t of opts.ledger.applied) if (t.date > last) last = t.date;
  for (const s of opts.market.prices.values()) {
    const d = s.dates[s.dates.length - 1];
    if (d && d > last) last = d;
  }
  return last || "1970-01-01";
}
