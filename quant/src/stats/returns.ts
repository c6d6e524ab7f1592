// Period returns from a price series.

/**
 * Simple (arithmetic) returns r_t = P_t/P_{t−1} − 1.
 * Output has length n − 1 (one return per consecutive pair, dated on the later bar); no NaN padding.
 * A non-finite price propagates NaN into the returns that touch it.
 */
export function simpleReturns(prices: ArrayLike<number>): Float64Array {
  const n = prices.length;
  const out = new Float64Array(Math.max(0, n - 1));
  for (let t = 1; t < n; t++) out[t - 1] = prices[t] / prices[t - 1] - 1;
  return out;
}

/**
 * Log (continuously compounded) returns r_t = ln P_t − ln P_{t−1} (as numpy `np.diff(np.log(p))`).
 * Output has length n − 1, dated on the later bar.
 */
export function logReturns(prices: ArrayLike<number>): Float64Array {
  const n = prices.length;
  const out = new Float64Array(Math.max(0, n - 1));
  let prev = Math.log(prices[0]);
  for (let t = 1; t < n; t++) {
    const cur = Math.log(prices[t]);
    out[t - 1] = cur - prev;
    prev = cur;
  }
  return out;
}
