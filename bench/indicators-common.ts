// Shared by the indicator benchmark (indicators.ts) and its per-library modules: the synthetic
// OHLCV input, the indicator list and the shape every implementation takes.

export interface Data {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}
export interface Plain {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** Seeded random-walk OHLCV (mulberry32 + Box–Muller), reproducible bit for bit. */
export function synth(n: number, seed = 20240601): Data {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-300)) * Math.cos(2 * Math.PI * rnd());
  const d: Data = {
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const o = prev;
    const c = o * Math.exp(0.01 * gauss());
    d.open[i] = o;
    d.close[i] = c;
    d.high[i] = Math.max(o, c) * (1 + 0.005 * Math.abs(gauss()));
    d.low[i] = Math.min(o, c) * (1 - 0.005 * Math.abs(gauss()));
    d.volume[i] = Math.round(1e6 * (0.5 + rnd()));
    prev = c;
  }
  return d;
}

export const toPlain = (d: Data): Plain => ({
  open: Array.from(d.open),
  high: Array.from(d.high),
  low: Array.from(d.low),
  close: Array.from(d.close),
  volume: Array.from(d.volume),
});
export const candles = (p: Plain) =>
  p.close.map((c, i) => ({ open: p.open[i], high: p.high[i], low: p.low[i], close: c, volume: p.volume[i] }));

// Each library maps an indicator to a timed call; `cols` turns its result into series aligned to
// the input (NaN where it has no value), keyed "<oracle file>.<column>" for the accuracy check.
export type Cols = Record<string, Float64Array>;
export interface Impl {
  run(d: Data, p: Plain, c: ReturnType<typeof candles>): unknown;
  cols(r: unknown, len: number): Cols;
}

export const alignEnd = (vals: ArrayLike<number>, len: number, scale = 1): Float64Array => {
  const out = new Float64Array(len).fill(Number.NaN);
  const off = len - vals.length;
  for (let i = 0; i < vals.length; i++) out[off + i] = vals[i] * scale;
  return out;
};
export const pick = <T>(arr: T[], f: (x: T) => number) => arr.map((x) => (x == null ? Number.NaN : f(x)));

export const INDICATORS = [
  "SMA(20)",
  "EMA(20)",
  "RSI(14)",
  "MACD(12,26,9)",
  "BBands(20,2)",
  "ATR(14)",
  "ADX(14)",
  "OBV",
  "Stoch(14,3,3)",
] as const;
export type Ind = (typeof INDICATORS)[number];
