// Indicator benchmark: 1,000,000 synthetic bars, the common set, against technicalindicators,
// trading-signals (bar by bar), the talib node binding and TA-Lib's C functions called from
// bench/native (no JS). Times are per-call medians of process CPU time (process.cpuUsage / the
// single-threaded C program's CLOCK_PROCESS_CPUTIME_ID), because the shared 2-core machine's load
// inflates wall-clock times unevenly (wall medians are printed too). Before each implementation
// is timed, a forced GC, a pause and an untimed warm-up call let V8's background threads finish
// with the previous implementation's garbage, so it is not billed to the next one (a GC before
// every sample does worse: under load its background sweeping spills into the sample; and
// process.threadCpuUsage only advances at scheduler ticks on Linux). Garbage an implementation
// makes itself is its own cost.
// What each side does:
//   ours (out)    reused caller-supplied output buffers (the `out` option) and only the columns
//                 TA-Lib returns (`columns`), like the C program, which allocates its output
//                 buffers once; TA-Lib's MACD and STOCH still malloc scratch per call (two EMA
//                 buffers; a fastK buffer), ours need none
//   ours (fresh)  the same calls without `out`: fresh Float64Arrays for TA-Lib's columns, as
//                 the JS peers allocate their results (the like-for-like with them)
//   ours (all)    the plain default call: fresh arrays for every column we return (ATR/ADX 4,
//                 BBands 4, Stoch 3, MACD 3), informational
//   ours (stream) our O(1) streaming classes fed bar by bar (trading-signals' way)
// Also reports each library's max disagreement with the TTR oracle on AAPL.
// Run: /work/main/node_modules/.bin/node bench/indicators.ts   (BENCH_JSON=file writes the numbers)
// Not part of `npm test`.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as Q from "@bullpen/quant/indicators";
import * as TS from "trading-signals";
import { readCsv } from "../quant/oracles/compare.ts";

const require = createRequire(import.meta.url);
const here = import.meta.dirname;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// Ours and the C functions take milliseconds: more samples for a steadier median.
const FAST_RUNS = Number(process.env.BENCH_FAST_RUNS ?? 15);
// BENCH_PEERS=0 times only ours and the C functions (a quick check).
const PEERS = process.env.BENCH_PEERS !== "0";
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const pause = new Int32Array(new SharedArrayBuffer(4));
const BARS = Number(process.env.BENCH_BARS ?? 1_000_000);

// ---------- data ----------
interface Data {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}
interface Plain {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** Seeded random-walk OHLCV (mulberry32 + Box–Muller), reproducible bit for bit. */
function synth(n: number, seed = 20240601): Data {
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

const toPlain = (d: Data): Plain => ({
  open: Array.from(d.open),
  high: Array.from(d.high),
  low: Array.from(d.low),
  close: Array.from(d.close),
  volume: Array.from(d.volume),
});
const candles = (p: Plain) =>
  p.close.map((c, i) => ({ open: p.open[i], high: p.high[i], low: p.low[i], close: c, volume: p.volume[i] }));

// ---------- peers ----------
interface TalibBinding {
  version: string;
  execute(params: Record<string, unknown>): {
    begIndex: number;
    nbElement: number;
    result: Record<string, number[]>;
  };
}
type TI = Record<string, { calculate(input: Record<string, unknown>): unknown[] }>;
let talib: TalibBinding | undefined;
let talibError = "";
try {
  talib = require("talib") as TalibBinding;
} catch (err) {
  talibError = String(err).split("\n")[0];
}
const ti = require("technicalindicators") as TI;

// Each library maps an indicator to a timed call; `cols` turns its result into series aligned to
// the input (NaN where it has no value), keyed "<oracle file>.<column>" for the accuracy check.
type Cols = Record<string, Float64Array>;
interface Impl {
  run(d: Data, p: Plain, c: ReturnType<typeof candles>): unknown;
  cols(r: unknown, len: number): Cols;
}

const alignEnd = (vals: ArrayLike<number>, len: number, scale = 1): Float64Array => {
  const out = new Float64Array(len).fill(Number.NaN);
  const off = len - vals.length;
  for (let i = 0; i < vals.length; i++) out[off + i] = vals[i] * scale;
  return out;
};
const pick = <T>(arr: T[], f: (x: T) => number) => arr.map((x) => (x == null ? Number.NaN : f(x)));

const INDICATORS = [
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
type Ind = (typeof INDICATORS)[number];

const ours: Record<Ind, Impl> = {
  "SMA(20)": { run: (d) => Q.sma(d.close, 20), cols: (r) => ({ "SMA_20.SMA": r as Float64Array }) },
  "EMA(20)": { run: (d) => Q.ema(d.close, 20), cols: (r) => ({ "EMA_20.EMA": r as Float64Array }) },
  "RSI(14)": { run: (d) => Q.rsi(d.close, 14), cols: (r) => ({ "RSI_14.rsi": r as Float64Array }) },
  "MACD(12,26,9)": {
    run: (d) => Q.macd(d.close, 12, 26, 9),
    cols: (r) => ({
      "MACD_12_26_9.macd": (r as Q.MacdResult).macd,
      "MACD_12_26_9.signal": (r as Q.MacdResult).signal,
    }),
  },
  "BBands(20,2)": {
    run: (d) => Q.bbands(d.close, 20, 2),
    cols: (r) => ({ "BBands_20_2.up": (r as Q.BBandsResult).up, "BBands_20_2.dn": (r as Q.BBandsResult).dn }),
  },
  "ATR(14)": {
    run: (d) => Q.atr(d.high, d.low, d.close, 14),
    cols: (r) => ({ "ATR_14.atr": (r as Q.AtrResult).atr }),
  },
  "ADX(14)": {
    run: (d) => Q.adx(d.high, d.low, d.close, 14),
    cols: (r) => ({ "ADX_14.ADX": (r as Q.AdxResult).adx }),
  },
  OBV: { run: (d) => Q.obv(d.close, d.volume), cols: (r) => ({ "OBV.obv": r as Float64Array }) },
  "Stoch(14,3,3)": {
    run: (d) => Q.stoch(d.high, d.low, d.close, 14, 3, 3),
    cols: (r) => ({
      "stoch_14_3_3.fastD": (r as Q.StochResult).fastD,
      "stoch_14_3_3.slowD": (r as Q.StochResult).slowD,
    }),
  },
};

// Reused outputs for "ours (out)": allocated once, like the C program's.
const B = [0, 1, 2].map(() => new Float64Array(BARS));
const oursOut: Record<Ind, (d: Data) => unknown> = {
  "SMA(20)": (d) => Q.sma(d.close, 20, { out: B[0] }),
  "EMA(20)": (d) => Q.ema(d.close, 20, { out: B[0] }),
  "RSI(14)": (d) => Q.rsi(d.close, 14, { out: B[0] }),
  "MACD(12,26,9)": (d) => Q.macd(d.close, 12, 26, 9, { out: { macd: B[0], signal: B[1], hist: B[2] } }),
  "BBands(20,2)": (d) =>
    Q.bbands(d.close, 20, 2, { columns: ["up", "mavg", "dn"], out: { up: B[0], mavg: B[1], dn: B[2] } }),
  "ATR(14)": (d) => Q.atr(d.high, d.low, d.close, 14, { columns: ["atr"], out: { atr: B[0] } }),
  "ADX(14)": (d) => Q.adx(d.high, d.low, d.close, 14, { columns: ["adx"], out: { adx: B[0] } }),
  OBV: (d) => Q.obv(d.close, d.volume, { out: B[0] }),
  // TA-Lib's slowK/slowD are our fastD/slowD
  "Stoch(14,3,3)": (d) =>
    Q.stoch(d.high, d.low, d.close, 14, 3, 3, {
      columns: ["fastD", "slowD"],
      out: { fastD: B[0], slowD: B[1] },
    }),
};

// "ours (fresh)": TA-Lib's columns, freshly allocated on every call.
const oursFresh: Record<Ind, (d: Data) => unknown> = {
  "SMA(20)": (d) => Q.sma(d.close, 20),
  "EMA(20)": (d) => Q.ema(d.close, 20),
  "RSI(14)": (d) => Q.rsi(d.close, 14),
  "MACD(12,26,9)": (d) => Q.macd(d.close, 12, 26, 9),
  "BBands(20,2)": (d) => Q.bbands(d.close, 20, 2, { columns: ["up", "mavg", "dn"] }),
  "ATR(14)": (d) => Q.atr(d.high, d.low, d.close, 14, { columns: ["atr"] }),
  "ADX(14)": (d) => Q.adx(d.high, d.low, d.close, 14, { columns: ["adx"] }),
  OBV: (d) => Q.obv(d.close, d.volume),
  "Stoch(14,3,3)": (d) => Q.stoch(d.high, d.low, d.close, 14, 3, 3, { columns: ["fastD", "slowD"] }),
};

/** Our streaming classes fed bar by bar (the like-for-like comparison with trading-signals). */
const oursStream: Record<Ind, (d: Data) => number> = {
  "SMA(20)": (d) => feed(new Q.SmaStream(20), d.close),
  "EMA(20)": (d) => feed(new Q.EmaStream(20), d.close),
  "RSI(14)": (d) => feed(new Q.RsiStream(14), d.close),
  "MACD(12,26,9)": (d) => {
    const s = new Q.MacdStream(12, 26, 9);
    let acc = 0;
    for (let i = 0; i < d.close.length; i++) acc += s.update(d.close[i]).hist || 0;
    return acc;
  },
  "BBands(20,2)": (d) => {
    const s = new Q.BBandsStream(20, 2);
    let acc = 0;
    for (let i = 0; i < d.close.length; i++) acc += s.update(d.close[i]).up || 0;
    return acc;
  },
  "ATR(14)": (d) => feedBars(d, new Q.AtrStream(14), (v) => v.atr),
  "ADX(14)": (d) => feedBars(d, new Q.AdxStream(14), (v) => v.adx),
  OBV: (d) => feedBars(d, new Q.ObvStream(), (v) => v),
  "Stoch(14,3,3)": (d) => feedBars(d, new Q.StochStream(14, 3, 3), (v) => v.slowD),
};
function feed(s: { update(x: number): number }, x: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < x.length; i++) acc += s.update(x[i]) || 0;
  return acc;
}
// One reused bar object: the streams copy what they need.
function feedBars<V>(d: Data, s: { update(b: Q.Bar): V }, f: (v: V) => number): number {
  const bar = { high: 0, low: 0, close: 0, volume: 0 };
  let acc = 0;
  for (let i = 0; i < d.close.length; i++) {
    bar.high = d.high[i];
    bar.low = d.low[i];
    bar.close = d.close[i];
    bar.volume = d.volume[i];
    acc += f(s.update(bar)) || 0;
  }
  return acc;
}

const technical: Record<Ind, Impl> = {
  "SMA(20)": {
    run: (_d, p) => ti.SMA.calculate({ period: 20, values: p.close }),
    cols: (r, n) => ({ "SMA_20.SMA": alignEnd(r as number[], n) }),
  },
  "EMA(20)": {
    run: (_d, p) => ti.EMA.calculate({ period: 20, values: p.close }),
    cols: (r, n) => ({ "EMA_20.EMA": alignEnd(r as number[], n) }),
  },
  "RSI(14)": {
    run: (_d, p) => ti.RSI.calculate({ period: 14, values: p.close }),
    cols: (r, n) => ({ "RSI_14.rsi": alignEnd(r as number[], n) }),
  },
  "MACD(12,26,9)": {
    run: (_d, p) =>
      ti.MACD.calculate({
        values: p.close,
        fastPeriod: 12,
        slowPeriod: 26,
        signalPeriod: 9,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
      }),
    cols: (r, n) => {
      const a = r as { MACD?: number; signal?: number }[];
      return {
        "MACD_12_26_9.macd": alignEnd(
          pick(a, (x) => x.MACD ?? Number.NaN),
          n,
        ),
        "MACD_12_26_9.signal": alignEnd(
          pick(a, (x) => x.signal ?? Number.NaN),
          n,
        ),
      };
    },
  },
  "BBands(20,2)": {
    run: (_d, p) => ti.BollingerBands.calculate({ period: 20, values: p.close, stdDev: 2 }),
    cols: (r, n) => {
      const a = r as { upper: number; lower: number }[];
      return {
        "BBands_20_2.up": alignEnd(
          pick(a, (x) => x.upper),
          n,
        ),
        "BBands_20_2.dn": alignEnd(
          pick(a, (x) => x.lower),
          n,
        ),
      };
    },
  },
  "ATR(14)": {
    run: (_d, p) => ti.ATR.calculate({ high: p.high, low: p.low, close: p.close, period: 14 }),
    cols: (r, n) => ({ "ATR_14.atr": alignEnd(r as number[], n) }),
  },
  "ADX(14)": {
    run: (_d, p) => ti.ADX.calculate({ high: p.high, low: p.low, close: p.close, period: 14 }),
    cols: (r, n) => ({
      "ADX_14.ADX": alignEnd(
        pick(r as { adx: number }[], (x) => x.adx),
        n,
      ),
    }),
  },
  OBV: {
    run: (_d, p) => ti.OBV.calculate({ close: p.close, volume: p.volume }),
    cols: (r, n) => ({ "OBV.obv": alignEnd(r as number[], n) }),
  },
  "Stoch(14,3,3)": {
    // technicalindicators has only the fast stochastic (period, signalPeriod): k = fast %K, d = SMA3(k)
    run: (_d, p) =>
      ti.Stochastic.calculate({ high: p.high, low: p.low, close: p.close, period: 14, signalPeriod: 3 }),
    cols: (r, n) => {
      const a = r as { k: number; d?: number }[];
      return {
        "stoch_14_3_3.fastK": alignEnd(
          pick(a, (x) => x.k),
          n,
          0.01,
        ),
        "stoch_14_3_3.fastD": alignEnd(
          pick(a, (x) => x.d ?? Number.NaN),
          n,
          0.01,
        ),
      };
    },
  },
};

// trading-signals, fed bar by bar with update(value, false).
type TSInd<V> = { update(x: V, replace: boolean): unknown };
function tsRun<V>(make: () => TSInd<V>, inputs: V[], get: (r: unknown) => number): Float64Array {
  const ind = make();
  const out = new Float64Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const r = ind.update(inputs[i], false);
    out[i] = r == null ? Number.NaN : get(r);
  }
  return out;
}
const num = (r: unknown) => r as number;
const tradingSignals: Record<Ind, Impl> = {
  "SMA(20)": {
    run: (_d, p) => tsRun(() => new TS.SMA(20), p.close, num),
    cols: (r) => ({ "SMA_20.SMA": r as Float64Array }),
  },
  "EMA(20)": {
    run: (_d, p) => tsRun(() => new TS.EMA(20), p.close, num),
    cols: (r) => ({ "EMA_20.EMA": r as Float64Array }),
  },
  "RSI(14)": {
    run: (_d, p) => tsRun(() => new TS.RSI(14), p.close, num),
    cols: (r) => ({ "RSI_14.rsi": r as Float64Array }),
  },
  "MACD(12,26,9)": {
    run: (_d, p) => {
      const m = new TS.MACD(new TS.EMA(12), new TS.EMA(26), new TS.EMA(9));
      const a = new Float64Array(p.close.length);
      const b = new Float64Array(p.close.length);
      for (let i = 0; i < p.close.length; i++) {
        const r = m.update(p.close[i], false);
        a[i] = r ? r.macd : Number.NaN;
        b[i] = r ? r.signal : Number.NaN;
      }
      return [a, b];
    },
    cols: (r) => ({
      "MACD_12_26_9.macd": (r as Float64Array[])[0],
      "MACD_12_26_9.signal": (r as Float64Array[])[1],
    }),
  },
  "BBands(20,2)": {
    run: (_d, p) => {
      const bb = new TS.BollingerBands(20, 2);
      const u = new Float64Array(p.close.length);
      const l = new Float64Array(p.close.length);
      for (let i = 0; i < p.close.length; i++) {
        const r = bb.update(p.close[i], false);
        u[i] = r ? r.upper : Number.NaN;
        l[i] = r ? r.lower : Number.NaN;
      }
      return [u, l];
    },
    cols: (r) => ({ "BBands_20_2.up": (r as Float64Array[])[0], "BBands_20_2.dn": (r as Float64Array[])[1] }),
  },
  "ATR(14)": {
    run: (_d, _p, c) => tsRun(() => new TS.ATR(14), c, num),
    cols: (r) => ({ "ATR_14.atr": r as Float64Array }),
  },
  "ADX(14)": {
    run: (_d, _p, c) => tsRun(() => new TS.ADX(14), c, num),
    cols: (r) => ({ "ADX_14.ADX": r as Float64Array }),
  },
  OBV: {
    run: (_d, _p, c) => tsRun(() => new TS.OBV(2), c, num),
    cols: (r) => ({ "OBV.obv": r as Float64Array }),
  },
  "Stoch(14,3,3)": {
    run: (_d, _p, c) => {
      const s = new TS.StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 });
      const k = new Float64Array(c.length);
      const dd = new Float64Array(c.length);
      for (let i = 0; i < c.length; i++) {
        const r = s.update(c[i], false);
        k[i] = r ? r.stochK / 100 : Number.NaN;
        dd[i] = r ? r.stochD / 100 : Number.NaN;
      }
      return [k, dd];
    },
    cols: (r) => ({
      "stoch_14_3_3.fastD": (r as Float64Array[])[0],
      "stoch_14_3_3.slowD": (r as Float64Array[])[1],
    }),
  },
};

const tl = (name: string, n: number, params: Record<string, unknown>) =>
  talib!.execute({ name, startIdx: 0, endIdx: n - 1, ...params });
const tlCols = (r: unknown, n: number, spec: Record<string, [string, number?]>): Cols => {
  const res = (r as { result: Record<string, number[]> }).result;
  const out: Cols = {};
  for (const [key, [field, scale]] of Object.entries(spec)) out[key] = alignEnd(res[field], n, scale ?? 1);
  return out;
};
const talibImpl: Record<Ind, Impl> = {
  "SMA(20)": {
    run: (_d, p) => tl("SMA", p.close.length, { inReal: p.close, optInTimePeriod: 20 }),
    cols: (r, n) => tlCols(r, n, { "SMA_20.SMA": ["outReal"] }),
  },
  "EMA(20)": {
    run: (_d, p) => tl("EMA", p.close.length, { inReal: p.close, optInTimePeriod: 20 }),
    cols: (r, n) => tlCols(r, n, { "EMA_20.EMA": ["outReal"] }),
  },
  "RSI(14)": {
    run: (_d, p) => tl("RSI", p.close.length, { inReal: p.close, optInTimePeriod: 14 }),
    cols: (r, n) => tlCols(r, n, { "RSI_14.rsi": ["outReal"] }),
  },
  "MACD(12,26,9)": {
    run: (_d, p) =>
      tl("MACD", p.close.length, {
        inReal: p.close,
        optInFastPeriod: 12,
        optInSlowPeriod: 26,
        optInSignalPeriod: 9,
      }),
    cols: (r, n) =>
      tlCols(r, n, { "MACD_12_26_9.macd": ["outMACD"], "MACD_12_26_9.signal": ["outMACDSignal"] }),
  },
  "BBands(20,2)": {
    run: (_d, p) =>
      tl("BBANDS", p.close.length, {
        inReal: p.close,
        optInTimePeriod: 20,
        optInNbDevUp: 2,
        optInNbDevDn: 2,
        optInMAType: 0,
      }),
    cols: (r, n) =>
      tlCols(r, n, { "BBands_20_2.up": ["outRealUpperBand"], "BBands_20_2.dn": ["outRealLowerBand"] }),
  },
  "ATR(14)": {
    run: (_d, p) =>
      tl("ATR", p.close.length, { high: p.high, low: p.low, close: p.close, optInTimePeriod: 14 }),
    cols: (r, n) => tlCols(r, n, { "ATR_14.atr": ["outReal"] }),
  },
  "ADX(14)": {
    run: (_d, p) =>
      tl("ADX", p.close.length, { high: p.high, low: p.low, close: p.close, optInTimePeriod: 14 }),
    cols: (r, n) => tlCols(r, n, { "ADX_14.ADX": ["outReal"] }),
  },
  OBV: {
    run: (_d, p) => tl("OBV", p.close.length, { inReal: p.close, volume: p.volume }),
    cols: (r, n) => tlCols(r, n, { "OBV.obv": ["outReal"] }),
  },
  "Stoch(14,3,3)": {
    run: (_d, p) =>
      tl("STOCH", p.close.length, {
        high: p.high,
        low: p.low,
        close: p.close,
        optInFastK_Period: 14,
        optInSlowK_Period: 3,
        optInSlowK_MAType: 0,
        optInSlowD_Period: 3,
        optInSlowD_MAType: 0,
      }),
    cols: (r, n) =>
      tlCols(r, n, { "stoch_14_3_3.fastD": ["outSlowK", 0.01], "stoch_14_3_3.slowD": ["outSlowD", 0.01] }),
  },
};

// ---------- timing ----------
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
let blackhole = 0;
interface Timing {
  cpu: number;
  wall: number;
}
function time(f: () => unknown, runs = RUNS): Timing {
  gc();
  Atomics.wait(pause, 0, 0, 50);
  const r0 = f(); // warm-up (JIT)
  blackhole += typeof r0 === "number" ? r0 : 1;
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    blackhole += typeof r === "number" ? r : 1;
  }
  return { cpu: median(cpu), wall: median(wall) };
}

function nativeTimes(d: Data): Record<string, Timing> | string {
  const cache = resolve(here, ".cache");
  const bin = resolve(cache, "talib_bench");
  try {
    // (re)build when missing or older than its source (the output format changed once)
    const src = resolve(here, "native/talib_bench.c");
    if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs)
      execFileSync("sh", [resolve(here, "native/build.sh")], { stdio: "inherit" });
    mkdirSync(cache, { recursive: true });
    const file = resolve(cache, `ohlcv-${d.close.length}.bin`);
    const n = d.close.length;
    const buf = new Float64Array(1 + 5 * n);
    buf[0] = n;
    for (const [k, a] of [d.open, d.high, d.low, d.close, d.volume].entries()) buf.set(a, 1 + k * n);
    writeFileSync(file, buf);
    const out = execFileSync(bin, [file, String(FAST_RUNS)], { encoding: "utf8" });
    const m: Record<string, Timing> = {};
    for (const line of out.trim().split("\n")) {
      const [k, cpu, wall] = line.split(" ");
      m[k] = { cpu: Number(cpu), wall: Number(wall) };
    }
    return m;
  } catch (err) {
    return `native TA-Lib unavailable: ${String(err).split("\n")[0]}`;
  }
}
const nativeKey: Record<Ind, string> = {
  "SMA(20)": "SMA",
  "EMA(20)": "EMA",
  "RSI(14)": "RSI",
  "MACD(12,26,9)": "MACD",
  "BBands(20,2)": "BBands",
  "ATR(14)": "ATR",
  "ADX(14)": "ADX",
  OBV: "OBV",
  "Stoch(14,3,3)": "Stoch",
};

// ---------- accuracy vs the TTR oracle on AAPL ----------
const fixtures = resolve(here, "../quant/test/fixtures");
function accuracy(lib: Record<Ind, Impl>): Record<Ind, string> {
  const t = readCsv(`${fixtures}/inputs/AAPL.csv`);
  const d: Data = {
    open: t.column("open"),
    high: t.column("high"),
    low: t.column("low"),
    close: t.column("close"),
    volume: t.column("volume"),
  };
  const len = d.close.length;
  const out = {} as Record<Ind, string>;
  for (const ind of INDICATORS) {
    // TTR's BBands work on the typical price: give every library that series.
    const dd = ind === "BBands(20,2)" ? { ...d, close: Q.typicalPrice(d.high, d.low, d.close) } : d;
    const p = toPlain(dd);
    let worst = 0;
    let cells = 0;
    let err = "";
    try {
      const cols = lib[ind].cols(lib[ind].run(dd, p, candles(p)), len);
      for (const [key, ours] of Object.entries(cols)) {
        const [file, col] = key.split(".");
        const oracle = readCsv(`${fixtures}/oracles/ttr/AAPL/${file}.csv`).column(col);
        for (let i = 0; i < len; i++) {
          if (Number.isNaN(oracle[i]) || Number.isNaN(ours[i])) continue;
          cells++;
          const rel = Math.abs(ours[i] - oracle[i]) / Math.max(Math.abs(oracle[i]), 1e-12);
          if (rel > worst) worst = rel;
        }
      }
      out[ind] = cells === 0 ? "no overlap" : worst.toExponential(1);
    } catch (e) {
      err = String(e).split("\n")[0];
      out[ind] = `error: ${err}`;
    }
  }
  return out;
}

// ---------- main ----------
const load0 = loadavg()[0];
console.log(`Indicators benchmark: ${BARS.toLocaleString("en")} bars; medians of CPU time per call (ms)`);
console.log(
  `node ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model}; load average ${load0.toFixed(2)}`,
);
const d = synth(BARS);
const native = nativeTimes(d);
if (typeof native === "string") console.log(native);
if (!talib) console.log(`talib binding unavailable: ${talibError} (run bench/native/build-talib-binding.sh)`);

const NA: Timing = { cpu: Number.NaN, wall: Number.NaN };
// ours[ind].run takes the peers' signature; ours only reads the typed arrays
const toPlainEmpty: Plain = { open: [], high: [], low: [], close: [], volume: [] };
interface Row {
  ind: Ind;
  out: Timing;
  fresh: Timing;
  all: Timing;
  stream: Timing;
  ti: Timing;
  ts: Timing;
  talib: Timing;
  c: Timing;
}
// Ours first, while the heap is small: the peers' inputs (plain arrays and a million candle
// objects) would make every GC that our fresh allocations trigger mark that heap too, a cost of
// this bench's layout, not of our functions.
const rows: Row[] = [];
for (const ind of INDICATORS) {
  rows.push({
    ind,
    out: time(() => oursOut[ind](d), FAST_RUNS),
    fresh: time(() => oursFresh[ind](d), FAST_RUNS),
    all: time(() => ours[ind].run(d, toPlainEmpty, []), FAST_RUNS),
    stream: time(() => oursStream[ind](d)),
    ti: NA,
    ts: NA,
    talib: NA,
    c: typeof native === "string" ? NA : native[nativeKey[ind]],
  });
  process.stderr.write(`  ${ind}: ours done\n`);
}
if (PEERS) {
  const p = toPlain(d);
  const c = candles(p);
  for (const row of rows) {
    const ind = row.ind;
    row.ti = time(() => technical[ind].run(d, p, c));
    row.ts = time(() => tradingSignals[ind].run(d, p, c));
    row.talib = talib ? time(() => talibImpl[ind].run(d, p, c)) : NA;
    process.stderr.write(`  ${ind}: peers done\n`);
  }
}
const load1 = loadavg()[0];

type Col = keyof Omit<Row, "ind">;
const f = (x: number) => (Number.isNaN(x) ? "—" : x < 10 ? x.toFixed(2) : x.toFixed(0));
const r = (peer: number, us: number) => (Number.isNaN(peer) ? "—" : `${(peer / us).toFixed(1)}×`);
const sum = (k: Col, w: keyof Timing = "cpu") => rows.reduce((a, x) => a + x[k][w], 0);
const cols: [Col, string][] = [
  ["out", "ours (out)"],
  ["fresh", "ours (fresh)"],
  ["all", "ours (all columns)"],
  ["stream", "ours (stream)"],
  ["ti", "technicalindicators"],
  ["ts", "trading-signals (bar by bar)"],
  ["talib", "talib binding"],
  ["c", "TA-Lib C (native)"],
];
console.log("\nCPU ms per call (median):\n");
console.log(`| indicator | ${cols.map(([, h]) => h).join(" | ")} |`);
console.log(`|---|${cols.map(() => "---:").join("|")}|`);
for (const x of rows) console.log(`| ${x.ind} | ${cols.map(([k]) => f(x[k].cpu)).join(" | ")} |`);
console.log(`| **total** | ${cols.map(([k]) => f(sum(k))).join(" | ")} |`);

console.log("\nRatios peer/ours (>1× means we are faster), CPU time:\n");
const ratioCols: [string, (x: (k: Col) => number) => string][] = [
  ["technicalindicators / ours (fresh)", (g) => r(g("ti"), g("fresh"))],
  ["trading-signals / ours (fresh)", (g) => r(g("ts"), g("fresh"))],
  ["trading-signals / ours (stream)", (g) => r(g("ts"), g("stream"))],
  ["talib binding / ours (fresh)", (g) => r(g("talib"), g("fresh"))],
  ["TA-Lib C / ours (out)", (g) => r(g("c"), g("out"))],
  ["TA-Lib C / ours (fresh)", (g) => r(g("c"), g("fresh"))],
];
console.log(`| indicator | ${ratioCols.map(([h]) => h).join(" | ")} |`);
console.log(`|---|${ratioCols.map(() => "---:").join("|")}|`);
for (const x of rows)
  console.log(`| ${x.ind} | ${ratioCols.map(([, g]) => g((k) => x[k].cpu)).join(" | ")} |`);
console.log(`| **total** | ${ratioCols.map(([, g]) => g((k) => sum(k))).join(" | ")} |`);

console.log("\nWall-clock ms per call (median; inflated by the machine's load):\n");
console.log(`| indicator | ${cols.map(([, h]) => h).join(" | ")} |`);
console.log(`|---|${cols.map(() => "---:").join("|")}|`);
for (const x of rows) console.log(`| ${x.ind} | ${cols.map(([k]) => f(x[k].wall)).join(" | ")} |`);
console.log(`| **total** | ${cols.map(([k]) => f(sum(k, "wall"))).join(" | ")} |`);
console.log(`\nload average ${load0.toFixed(2)} at start, ${load1.toFixed(2)} at end`);
if (process.env.BENCH_JSON)
  writeFileSync(process.env.BENCH_JSON, JSON.stringify({ load: [load0, load1], rows }, null, 1));

console.log(
  "\nMax relative disagreement with the TTR oracle on AAPL (overlapping non-NA cells; BBands fed the typical price):\n",
);
const acc: [string, Record<Ind, Impl>][] = [
  ["ours", ours],
  ["technicalindicators", technical],
  ["trading-signals", tradingSignals],
];
if (talib) acc.push(["talib (= TA-Lib C)", talibImpl]);
const accRows = acc.map(([name, lib]) => [name, accuracy(lib)] as const);
console.log(`| library | ${INDICATORS.join(" | ")} |`);
console.log(`|---|${INDICATORS.map(() => "---:").join("|")}|`);
for (const [name, a] of accRows) console.log(`| ${name} | ${INDICATORS.map((i) => a[i]).join(" | ")} |`);
if (blackhole === 0) console.log("");
