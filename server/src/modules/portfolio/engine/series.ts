// Market inputs: closing prices per instrument and FX rates per currency pair, as plain sorted
// arrays. Read forward only, with a cursor each, so a full valuation touches every point once.
import { dayNumber } from "./dates.ts";
import type { IsoDate } from "./types.ts";

/** Closes by date, ascending; values are floats (market data is `double precision`). */
export interface Series {
  dates: readonly IsoDate[];
  values: ArrayLike<number>;
  /** The same dates as day numbers, when the source has them (saves parsing every date again). */
  days?: Int32Array;
}

export interface MarketData {
  /** Closing price per instrument id, in the instrument's currency. */
  prices: ReadonlyMap<string, Series>;
  /** Rates keyed "USD/KRW": units of KRW per one USD. The inverse pair is used when only it exists. */
  fx: ReadonlyMap<string, Series>;
}

/** Day numbers of a dates array, converted once however many series share the array. */
const converted = new WeakMap<readonly IsoDate[], Int32Array>();

function daysOf(dates: readonly IsoDate[]): Int32Array {
  let days = converted.get(dates);
  if (!days) {
    days = new Int32Array(dates.length);
    for (let i = 0; i < dates.length; i++) {
      days[i] = dayNumber(dates[i]);
      if (i > 0 && days[i] <= days[i - 1])
        throw new RangeError(`series dates must ascend: ${dates[i - 1]}, ${dates[i]}`);
    }
    converted.set(dates, days);
  }
  return days;
}

/** A series turned to day numbers. */
export class DaySeries {
  readonly days: Int32Array;
  readonly values: ArrayLike<number>;
  constructor(series: Series, invert = false) {
    this.days = series.days ?? daysOf(series.dates);
    if (series.values.length !== this.days.length)
      throw new RangeError(`a series has ${this.days.length} dates and ${series.values.length} values`);
    this.values = invert ? Float64Array.from(series.values, (v) => 1 / v) : series.values;
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
