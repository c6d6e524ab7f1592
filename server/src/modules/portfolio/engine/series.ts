// Market inputs: closing prices per instrument and FX rates per currency pair, as plain sorted
// arrays. Read forward only, with a cursor each, so a full valuation touches every point once.
import { dayNumber } from "./dates.ts";
import type { IsoDate } from "./types.ts";

/** Closes by date, ascending; values are floats (market data is `double precision`). */
export interface Series {
  dates: readonly IsoDate[];
  values: ArrayLike<number>;
}

export interface MarketData {
  /** Closing price per instrument id, in the instrument's currency. */
  prices: ReadonlyMap<string, Series>;
  /** Rates keyed "USD/KRW": units of KRW per one USD. The inverse pair is used when only it exists. */
  fx: ReadonlyMap<string, Series>;
}

/** A series turned to day numbers once. */
export class DaySeries {
  readonly days: Int32Array;
  readonly values: Float64Array;
  constructor(series: Series, invert = false) {
    const n = series.dates.length;
    this.days = new Int32Array(n);
    this.values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.days[i] = dayNumber(series.dates[i]);
      const v = series.values[i];
      this.values[i] = invert ? 1 / v : v;
      if (i > 0 && this.days[i] <= this.days[i - 1])
        throw new RangeError(`series dates must ascend: ${series.dates[i - 1]}, ${series.dates[i]}`);
    }
  }
}

/**
 * The last known value on or before a day, moving forward only. `exact` says whether the series has
 * a point on that very day (otherwise the value is carried and flagged stale by the caller).
 */
export class Cursor {
  private i = -1;
  value = Number.NaN;
  exact = false;
  /** Day of the last point read (−Infinity before the first). */
  lastDay = Number.NEGATIVE_INFINITY;
  private readonly s: DaySeries | null;
  constructor(series: DaySeries | null) {
    this.s = series;
  }

  at(day: number): number {
    const s = this.s;
    if (!s) {
      this.exact = false;
      return this.value;
    }
    const days = s.days;
    while (this.i + 1 < days.length && days[this.i + 1] <= day) this.i++;
    if (this.i >= 0) {
      this.value = s.values[this.i];
      this.lastDay = days[this.i];
      this.exact = days[this.i] === day;
    } else this.exact = false;
    return this.value;
  }
}
