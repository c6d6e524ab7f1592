// trading-signals in the indicator benchmark, fed bar by bar with update(value, false).
import * as TS from "trading-signals";
import type { Impl, Ind } from "./indicators-common.ts";

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
export const tradingSignals: Record<Ind, Impl> = {
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
