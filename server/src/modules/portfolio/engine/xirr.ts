// Money-weighted return: the annual rate r at which the dated cash flows are worth nothing,
//   Σ c_i (1 + r)^(−(d_i − d_0)/365) = 0,
// the convention of Excel's and LibreOffice's XIRR (actual days over 365; d_0 the first date: any d_0
// gives the same root, as it only scales the sum). Solved in x = ln(1 + r), where each term is a
// smooth exponential and r > −1 holds by construction: the nearest sign change to r = 0 is bracketed
// and Brent's method (bisection, secant and inverse quadratic steps) closes it to machine precision.

export interface Flow {
  /** Day number (days since 1970-01-01). */
  day: number;
  /** From the investor's side: money put in is negative, money taken out (and the end value) positive. */
  amount: number;
}

export type XirrResult =
  | {
      ok: true;
      /** Annual rate. */
      rate: number;
      /** ln(1 + rate), the solver's own variable: exact where 1 + rate rounds to 0 (a near-total loss). */
      logRate: number;
      /** One sign change in the dated flows: Descartes' rule says the rate is the only one. */
      unique: boolean;
      iterations: number;
    }
  | { ok: false; reason: "no flows" | "one-sided" | "no root"; message: string };

// Below x = −37 the rate is −1 in a float; logRate still says how close to a total loss it came.
const X_MIN = -1e6;
const X_MAX = 700; // r ≈ 1e304: a week's gain annualised can be that large
const STEP = 0.02;

export function xirr(flows: readonly Flow[]): XirrResult {
  const f = flows.filter((c) => c.amount !== 0 && Number.isFinite(c.amount));
  if (f.length === 0)
    return { ok: false, reason: "no flows", message: "there are no cash flows to solve for" };
  const sorted = [...f].sort((a, b) => a.day - b.day);
  const d0 = sorted[0].day;
  const t = Float64Array.from(sorted, (c) => (c.day - d0) / 365);
  const c = Float64Array.from(sorted, (c) => c.amount);
  let changes = 0;
  for (let i = 1; i < c.length; i++) if (Math.sign(c[i]) !== Math.sign(c[i - 1])) changes++;
  if (changes === 0)
    return {
      ok: false,
      reason: "one-sided",
      message: "every flow goes the same way: no rate makes them balance",
    };
  const tMax = t[t.length - 1];
  // Σ c_i e^(−x t_i), divided by its largest exponential so it never overflows; same sign, same roots.
  const g = (x: number): number => {
    const shift = x >= 0 ? 0 : -x * tMax;
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i] * Math.exp(-x * t[i] - shift);
    return s;
  };
  // Walk out from r = 0 both ways at once; the first sign change found is the root nearest r = 0.
  let bracket: [number, number, number, number] | null = null;
  const g0 = g(0);
  if (g0 === 0) return { ok: true, rate: 0, logRate: 0, unique: changes === 1, iterations: 0 };
  let lo = 0;
  let glo = g0;
  let hi = 0;
  let ghi = g0;
  while (!bracket && (lo > X_MIN || hi < X_MAX)) {
    if (hi < X_MAX) {
      const x = Math.min(X_MAX, hi + STEP * (1 + hi));
      const gx = g(x);
      if (Math.sign(gx) !== Math.sign(ghi)) bracket = [hi, ghi, x, gx];
      hi = x;
      ghi = gx;
    }
    if (!bracket && lo > X_MIN) {
      const x = Math.max(X_MIN, lo - STEP * (1 - lo));
      const gx = g(x);
      if (Math.sign(gx) !== Math.sign(glo)) bracket = [x, gx, lo, glo];
      lo = x;
      glo = gx;
    }
  }
  if (!bracket)
    return {
      ok: false,
      reason: "no root",
      message: "no rate a year above −100 % and below 10^306 % makes the flows balance",
    };
  const { x, iterations } = brent(g, ...bracket);
  return { ok: true, rate: Math.expm1(x), logRate: x, unique: changes === 1, iterations };
}

/** Brent's root finder on a bracket [a, b] with g(a), g(b) of opposite signs, to machine precision. */
export function brent(
  g: (x: number) => number,
  a: number,
  fa: number,
  b: number,
  fb: number,
): { x: number; iterations: number } {
  if (fa === 0) return { x: a, iterations: 0 };
  if (fb === 0) return { x: b, iterations: 0 };
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 1; it <= 200; it++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 1e-300;
    const m = (c - b) / 2;
    if (Math.abs(m) <= tol || fb === 0) return { x: b, iterations: it };
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Interpolate: secant when two points are known, inverse quadratic with three.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = d;
      }
    } else {
      d = m;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = g(b);
  }
  return { x: b, iterations: 200 };
}
