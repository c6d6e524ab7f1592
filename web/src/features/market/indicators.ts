// Client-side overlays for the chart. Pure functions over plain arrays.

/**
 * Simple moving average of `values` over `period`: out[i] is the mean of values[i-period+1..i], and
 * NaN for the first period-1 positions. The running sum is recomputed from scratch every `period`
 * steps so rounding error cannot build up over long series.
 */
export function sma(values: readonly number[], period: number): number[] {
  const n = values.length;
  const out = new Array<number>(n).fill(Number.NaN);
  if (!Number.isInteger(period) || period < 1 || period > n) return out;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i] as number;
    if (i >= period) sum -= values[i - period] as number;
    if (i >= period - 1) {
      if ((i + 1) % period === 0) {
        sum = 0;
        for (let k = i - period + 1; k <= i; k++) sum += values[k] as number;
      }
      out[i] = sum / period;
    }
  }
  return out;
}
