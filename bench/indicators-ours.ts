// The indicator benchmark's own side (see indicators.ts for what each variant means): the default
// call (also the one checked against the oracle), with reused `out` buffers and only TA-Lib's
// columns, the same with fresh arrays, and the streaming classes fed bar by bar.
import * as Q from "@bullpen/quant/indicators";
import type { Data, Impl, Ind } from "./indicators-common.ts";

export const ours: Record<Ind, Impl> = {
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

/** "ours (out)": reused outputs, allocated once for inputs of `bars` bars, like the C program's. */
export function oursOut(bars: number): Record<Ind, (d: Data) => unknown> {
  const B = [0, 1, 2].map(() => new Float64Array(bars));
  return {
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
}

// "ours (fresh)": TA-Lib's columns, freshly allocated on every call.
export const oursFresh: Record<Ind, (d: Data) => unknown> = {
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
export const oursStream: Record<Ind, (d: Data) => number> = {
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
