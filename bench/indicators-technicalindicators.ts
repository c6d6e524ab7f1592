// technicalindicators in the indicator benchmark: one `calculate` call over plain arrays.
import { createRequire } from "node:module";
import { alignEnd, type Impl, type Ind, pick } from "./indicators-common.ts";

type TI = Record<string, { calculate(input: Record<string, unknown>): unknown[] }>;
const ti = createRequire(import.meta.url)("technicalindicators") as TI;

export const technical: Record<Ind, Impl> = {
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
