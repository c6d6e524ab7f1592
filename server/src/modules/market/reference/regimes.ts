// Regime indicators computed from stored series: index drawdown, VIX, yield-curve slope, credit
// spread and a rule-based macro-cycle label. Pure functions; the service feeds them from the database.

export interface DatedValue {
  d: string;
  v: number | null;
  /** When the value became known (epoch ms); absent: at the end of its date (a close). */
  k?: number;
}

export interface RegimeInputs {
  /** Daily closes of the reference index (e.g. S&P 500), ascending, from its first stored bar. */
  index: DatedValue[] | null;
  vix: DatedValue[] | null;
  /** Long and short yields (percent) whose difference is the slope, e.g. 10y and 3m (or 2y, 1y). */
  long: DatedValue[] | null;
  short: DatedValue[] | null;
  /** A ready-made spread series (percentage points), e.g. Moody's Baa minus 10y. */
  credit: DatedValue[] | null;
  /** Or a corporate yield from which the spread is `corporate − long`. */
  corporate: DatedValue[] | null;
  from: string;
  to: string;
}

export interface RegimePoint {
  date: string;
  vix: number | null;
  drawdown: number | null;
  bear: boolean | null;
  slope: number | null;
  creditSpread: number | null;
  cycle: "expansion" | "late_cycle" | "contraction" | "recovery" | null;
  /**
   * When every input of the point was known (epoch ms): the end of its date (00:00 UTC the next
   * day, after the close) or a later `k` of a macro observation it used.
   */
  knownAt: number;
}

/** A bear market: the index at least 20 % below its running peak. */
export const BEAR_DRAWDOWN = -0.2;
/** A macro value older than this (calendar days) is too stale to carry forward. */
export const MAX_STALE_DAYS = 45;

const dayNo = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * As-of reader over an ascending series: the last value on or before each (ascending) date. Every
 * value it answers raises `known.at` to that value's known time.
 */
function asOf(series: DatedValue[] | null, maxStaleDays: number, known: { at: number }) {
  let i = -1;
  return (date: string): number | null => {
    if (!series) return null;
    while (i + 1 < series.length && (series[i + 1] as DatedValue).d <= date) i++;
    const p = series[i];
    if (!p || p.v === null || dayNo(date) - dayNo(p.d) > maxStaleDays) return null;
    if (p.k !== undefined && p.k > known.at) known.at = p.k;
    return p.v;
  };
}

/**
 * Computes one regime point per date in [from, to]. Dates are the index's trading days (or, with
 * no index, the long-yield observation dates).
 *
 * - drawdown_t = close_t / max(close_0..close_t) − 1 (≤ 0), over the index's whole stored history;
 *   bear_t = drawdown_t ≤ −0.20.
 * - vix_t = the VIX close on t (carried at most 5 days).
 * - slope_t = long_t − short_t, credit_t = spread_t or corporate_t − long_t, each the latest
 *   observation on or before t (carried at most 45 days), in percentage points.
 * - cycle: "contraction" in a bear market; "recovery" after a bear market until the index makes a
 *   new peak; otherwise "late_cycle" when the curve is inverted (slope < 0), else "expansion";
 *   null when neither index nor slope is known.
 */
export function computeRegimes(inp: RegimeInputs): RegimePoint[] {
  const out: RegimePoint[] = [];
  const known = { at: 0 };
  const vix = asOf(inp.vix, 5, known);
  const long = asOf(inp.long, MAX_STALE_DAYS, known);
  const short = asOf(inp.short, MAX_STALE_DAYS, known);
  const credit = asOf(inp.credit, MAX_STALE_DAYS, known);
  const corporate = asOf(inp.corporate, MAX_STALE_DAYS, known);
  const longForCredit = asOf(inp.long, MAX_STALE_DAYS, known);
  const point = (
    date: string,
    drawdown: number | null,
    bear: boolean | null,
    afterBear: boolean,
  ): RegimePoint => {
    known.at = (dayNo(date) + 1) * 86_400_000;
    const l = long(date);
    const s = short(date);
    const slope = l !== null && s !== null ? l - s : null;
    const c = credit(date);
    const corp = corporate(date);
    const l2 = longForCredit(date);
    const creditSpread = c !== null ? c : corp !== null && l2 !== null ? corp - l2 : null;
    let cycle: RegimePoint["cycle"] = null;
    if (bear) cycle = "contraction";
    else if (afterBear) cycle = "recovery";
    else if (slope !== null && slope < 0) cycle = "late_cycle";
    else if (slope !== null || drawdown !== null) cycle = "expansion";
    const v = vix(date);
    return { date, vix: v, drawdown, bear, slope, creditSpread, cycle, knownAt: known.at };
  };
  if (inp.index && inp.index.length > 0) {
    let peak = Number.NEGATIVE_INFINITY;
    let afterBear = false;
    for (const p of inp.index) {
      if (p.v === null || !(p.v > 0)) continue;
      if (p.v >= peak) {
        peak = p.v;
        afterBear = false;
      }
      const drawdown = p.v / peak - 1;
      const bear = drawdown <= BEAR_DRAWDOWN;
      if (bear) afterBear = true;
      if (p.d < inp.from || p.d > inp.to) continue;
      out.push(point(p.d, drawdown, bear, afterBear && !bear));
    }
    return out;
  }
  for (const p of inp.long ?? []) {
    if (p.d < inp.from || p.d > inp.to) continue;
    out.push(point(p.d, null, null, false));
  }
  return out;
}
