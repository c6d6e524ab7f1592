// Time-weighted return, linked day by day. Each day's return compares the close with the previous
// close, money coming in counted at the start of the day (it was there to earn the day's return) and
// money going out at its end (it earned the day's return before leaving):
//   r_t = (V_t + out_t) / (V_{t-1} + in_t) − 1,   in/out = the day's net external flow by sign.
// A day that starts from nothing and receives nothing has no return (r = 0) instead of 0/0, so a
// holding or an account that goes to zero and comes back links on, never falling to −100 %. A
// negative base (a short position, an overdrawn account) divides by its magnitude so that a loss
// stays a negative return.

/** Daily returns for the days after `from` up to `to` (indices into the valuation arrays). */
export function dailyReturns(
  value: ArrayLike<number>,
  inflow: ArrayLike<number>,
  outflow: ArrayLike<number>,
  from: number,
  to: number,
): Float64Array {
  const r = new Float64Array(Math.max(0, to - from));
  for (let t = from + 1, k = 0; t <= to; t++, k++) {
    const net = inflow[t] - outflow[t];
    const start = (t > 0 ? value[t - 1] : 0) + Math.max(net, 0);
    const end = value[t] + (net < 0 ? -net : 0);
    r[k] = start === 0 ? 0 : (end - start) / Math.abs(start);
  }
  return r;
}

/** Links daily returns: Π(1 + r) − 1. */
export function link(returns: ArrayLike<number>): number {
  let g = 1;
  for (let i = 0; i < returns.length; i++) g *= 1 + returns[i];
  return g - 1;
}

/** A period return stated per year over `days` calendar days (Actual/365, as XIRR). */
export function annualise(periodReturn: number, days: number): number {
  return days <= 0 ? Number.NaN : (1 + periodReturn) ** (365 / days) - 1;
}
