// Goal projections. Deterministic compound growth, month by month: the yearly return R (effective)
// becomes a monthly rate r = (1 + R)^(1/12) − 1; each month the balance grows by r and then receives
// the month's contribution C (end of month). After n whole months:
//   FV = PV·(1 + r)^n + C·((1 + r)^n − 1) / r        (FV = PV + C·n when r = 0)
// The contribution that reaches a target amount A in n months solves the same equation for C:
//   C = (A − PV·(1 + r)^n) · r / ((1 + r)^n − 1)      (C = (A − PV) / n when r = 0), never below 0.
// The range (when the portfolio has enough history to know its volatility σ, yearly): the same growth
// at the yearly returns R ± 1.645·σ/√T, T the years to the target date — the 5th and 95th percentiles
// of the average yearly return over T years if yearly returns are independent with that volatility.
import { Decimal } from "../../../platform/money.ts";

const ONE = new Decimal(1);
/** The 95th percentile of the standard normal distribution. */
export const Z90 = new Decimal("1.6448536269514722");

/** Whole months from `from` to `to` (ISO dates): a month counts once its day of month is reached. */
export function monthsBetween(from: string, to: string): number {
  const [y0, m0, d0] = from.split("-").map(Number) as [number, number, number];
  const [y1, m1, d1] = to.split("-").map(Number) as [number, number, number];
  let n = (y1 - y0) * 12 + (m1 - m0);
  if (d1 < d0) n -= 1;
  return Math.max(0, n);
}

/** The monthly rate equivalent to a yearly (effective) return in percent. */
export function monthlyRate(yearlyPct: Decimal): Decimal {
  const g = ONE.plus(yearlyPct.div(100));
  if (g.lte(0)) return ONE.neg();
  return g.pow(ONE.div(12)).minus(ONE);
}

export function futureValue(pv: Decimal, monthly: Decimal, rate: Decimal, months: number): Decimal {
  if (rate.isZero()) return pv.plus(monthly.times(months));
  const g = ONE.plus(rate).pow(months);
  return pv.times(g).plus(monthly.times(g.minus(ONE)).div(rate));
}

/** The monthly contribution that reaches `target` in `months` months; null when no month is left. */
export function requiredMonthly(target: Decimal, pv: Decimal, rate: Decimal, months: number): Decimal | null {
  if (months <= 0) return null;
  let c: Decimal;
  if (rate.isZero()) c = target.minus(pv).div(months);
  else {
    const g = ONE.plus(rate).pow(months);
    c = target.minus(pv.times(g)).times(rate).div(g.minus(ONE));
  }
  return Decimal.max(0, c);
}

export interface ProjectionInput {
  currentValue: Decimal;
  monthlyContribution: Decimal;
  expectedReturnPct: Decimal;
  /** Yearly volatility in percent, or null when unknown. */
  volatilityPct: Decimal | null;
  target: Decimal;
  asOf: string;
  targetDate: string;
}

export interface ProjectionPoint {
  date: string;
  months: number;
  expected: Decimal;
  low: Decimal | null;
  high: Decimal | null;
}

export interface Projection {
  months: number;
  monthlyRate: Decimal;
  projected: Decimal;
  low: Decimal | null;
  high: Decimal | null;
  lowReturnPct: Decimal | null;
  highReturnPct: Decimal | null;
  onTrack: boolean;
  requiredMonthly: Decimal | null;
  /** One point a year (and the target date), for a chart. */
  points: ProjectionPoint[];
}

function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const yy = Math.floor(total / 12);
  const mm = (total % 12) + 1;
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  return `${String(yy).padStart(4, "0")}-${String(mm).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export function project(p: ProjectionInput): Projection {
  const months = monthsBetween(p.asOf, p.targetDate);
  const r = monthlyRate(p.expectedReturnPct);
  // The range at n months uses the spread of an n-month horizon: narrow in return terms far out,
  // wide near (a one-year point carries a one-year spread).
  const spreadAt = (n: number): Decimal | null =>
    p.volatilityPct && n > 0 ? Z90.times(p.volatilityPct).div(new Decimal(n).div(12).sqrt()) : null;
  const bound = (n: number, sign: 1 | -1): Decimal | null => {
    const s = spreadAt(n);
    if (s === null) return p.volatilityPct && n === 0 ? p.currentValue : null;
    const pct = sign > 0 ? p.expectedReturnPct.plus(s) : Decimal.max(-99, p.expectedReturnPct.minus(s));
    return futureValue(p.currentValue, p.monthlyContribution, monthlyRate(pct), n);
  };
  const spread = spreadAt(months);
  const lowPct = spread ? Decimal.max(-99, p.expectedReturnPct.minus(spread)) : null;
  const highPct = spread ? p.expectedReturnPct.plus(spread) : null;
  const points: ProjectionPoint[] = [];
  const point = (n: number) =>
    points.push({
      date: addMonths(p.asOf, n),
      months: n,
      expected: futureValue(p.currentValue, p.monthlyContribution, r, n),
      low: bound(n, -1),
      high: bound(n, 1),
    });
  for (let n = 0; n <= months; n += 12) point(n);
  if (months % 12 !== 0) point(months);
  const projected = futureValue(p.currentValue, p.monthlyContribution, r, months);
  return {
    months,
    monthlyRate: r,
    projected,
    low: months > 0 ? bound(months, -1) : null,
    high: months > 0 ? bound(months, 1) : null,
    lowReturnPct: lowPct,
    highReturnPct: highPct,
    onTrack: projected.gte(p.target),
    requiredMonthly: requiredMonthly(p.target, p.currentValue, r, months),
    points,
  };
}
