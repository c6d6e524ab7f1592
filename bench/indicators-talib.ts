// TA-Lib in the indicator benchmark, two ways: the talib node binding (timed and checked like the
// JS peers) and TA-Lib's C functions called from bench/native/talib_bench.c, with no JS at all.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { alignEnd, type Cols, type Data, type Impl, type Ind } from "./indicators-common.ts";
import type { Timing } from "./indicators-measure.ts";

const here = import.meta.dirname;

interface TalibBinding {
  version: string;
  execute(params: Record<string, unknown>): {
    begIndex: number;
    nbElement: number;
    result: Record<string, number[]>;
  };
}
let talib: TalibBinding | undefined;
let talibError = "";
try {
  talib = createRequire(import.meta.url)("talib") as TalibBinding;
} catch (err) {
  talibError = String(err).split("\n")[0];
}

// The binding, or undefined and why (a binding built for another node ABI does not load).
export { talib, talibError };

const tl = (name: string, n: number, params: Record<string, unknown>) =>
  talib!.execute({ name, startIdx: 0, endIdx: n - 1, ...params });
const tlCols = (r: unknown, n: number, spec: Record<string, [string, number?]>): Cols => {
  const res = (r as { result: Record<string, number[]> }).result;
  const out: Cols = {};
  for (const [key, [field, scale]] of Object.entries(spec)) out[key] = alignEnd(res[field], n, scale ?? 1);
  return out;
};
export const talibImpl: Record<Ind, Impl> = {
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

/** Per-call CPU and wall medians of the C functions over `runs` calls, or why they are unavailable. */
export function nativeTimes(d: Data, runs: number): Record<string, Timing> | string {
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
    const out = execFileSync(bin, [file, String(runs)], { encoding: "utf8" });
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
export const nativeKey: Record<Ind, string> = {
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
