import { resolve } from "node:path";
import * as I from "@bullpen/quant/indicators";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCsv } from "../oracles/compare.ts";
import { mean3 } from "../src/indicators/core.ts";

const t = readCsv(resolve(import.meta.dirname, "fixtures/inputs/AAPL.csv"));
const H = t.column("high");
const L = t.column("low");
const C = t.column("close");
const V = t.column("volume");
const N = C.length;
const bars: I.Bar[] = Array.from({ length: N }, (_, i) => ({
  high: H[i],
  low: L[i],
  close: C[i],
  volume: V[i],
}));

/** Bit-identical comparison (NaN equals NaN; −0 ≠ +0 would be caught too). */
function expectSame(stream: number[], batch: Float64Array, label: string) {
  expect(stream.length).toBe(batch.length);
  for (let i = 0; i < batch.length; i++) {
    if (!Object.is(stream[i], batch[i]))
      throw new Error(`${label}: row ${i} stream ${stream[i]} batch ${batch[i]}`);
  }
}

function run<T>(n: number, step: (i: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(step(i));
  return out;
}

// Each case: batch outputs by column, and a stream fed bar by bar returning those columns.
type Case = [string, () => Record<string, Float64Array>, () => (i: number) => Record<string, number>];

const one =
  <S extends { update(x: number): number }>(s: S, src: Float64Array, key: string) =>
  (i: number) => ({ [key]: s.update(src[i]) });

const cases: Case[] = [
  ["SMA", () => ({ v: I.sma(C, 20) }), () => one(new I.SmaStream(20), C, "v")],
  ["EMA", () => ({ v: I.ema(C, 20) }), () => one(new I.EmaStream(20), C, "v")],
  [
    "EMA wilder",
    () => ({ v: I.ema(C, 20, { wilder: true }) }),
    () => one(new I.EmaStream(20, { wilder: true }), C, "v"),
  ],
  ["WMA", () => ({ v: I.wma(C, 20) }), () => one(new I.WmaStream(20), C, "v")],
  ["DEMA", () => ({ v: I.dema(C, 20) }), () => one(new I.DemaStream(20), C, "v")],
  ["ZLEMA", () => ({ v: I.zlema(C, 20) }), () => one(new I.ZlemaStream(20), C, "v")],
  ["ZLEMA odd n (integral lag)", () => ({ v: I.zlema(C, 9) }), () => one(new I.ZlemaStream(9), C, "v")],
  [
    "EVWMA",
    () => ({ v: I.evwma(C, V, 20) }),
    () => {
      const s = new I.EvwmaStream(20);
      return (i) => ({ v: s.update(bars[i]) });
    },
  ],
  [
    "TRIX",
    () => ({ ...I.trix(C, 20) }),
    () => {
      const s = new I.TrixStream(20);
      return (i) => ({ ...s.update(C[i]) });
    },
  ],
  [
    "TRIX compat",
    () => ({ ...I.trix(C, 20, { compat: "ttr" }) }),
    () => {
      const s = new I.TrixStream(20, { compat: "ttr" });
      return (i) => ({ ...s.update(C[i]) });
    },
  ],
  ["RSI", () => ({ v: I.rsi(C, 14) }), () => one(new I.RsiStream(14), C, "v")],
  [
    "MACD",
    () => ({ ...I.macd(C, 12, 26, 9) }),
    () => {
      const s = new I.MacdStream(12, 26, 9);
      return (i) => ({ ...s.update(C[i]) });
    },
  ],
  [
    "MACD percent",
    () => ({ ...I.macd(C, 12, 26, 9, { percent: true }) }),
    () => {
      const s = new I.MacdStream(12, 26, 9, { percent: true });
      return (i) => ({ ...s.update(C[i]) });
    },
  ],
  [
    "ROC discrete",
    () => ({ v: I.roc(C, 10, "discrete") }),
    () => one(new I.RocStream(10, "discrete"), C, "v"),
  ],
  [
    "ROC continuous",
    () => ({ v: I.roc(C, 10, "continuous") }),
    () => one(new I.RocStream(10, "continuous"), C, "v"),
  ],
  ["momentum", () => ({ v: I.momentum(C, 10) }), () => one(new I.MomentumStream(10), C, "v")],
  [
    "KST",
    () => ({ ...I.kst(C) }),
    () => {
      const s = new I.KstStream();
      return (i) => ({ ...s.update(C[i]) });
    },
  ],
  [
    "stoch",
    () => ({ ...I.stoch(H, L, C, 14, 3, 3) }),
    () => {
      const s = new I.StochStream(14, 3, 3);
      return (i) => ({ ...s.update(bars[i]) });
    },
  ],
  [
    "WPR",
    () => ({ v: I.wpr(H, L, C, 14) }),
    () => {
      const s = new I.WprStream(14);
      return (i) => ({ v: s.update(bars[i]) });
    },
  ],
  [
    "CCI",
    () => ({ v: I.cci(H, L, C, 20) }),
    () => {
      const s = new I.CciStream(20);
      return (i) => ({ v: s.update(bars[i]) });
    },
  ],
  [
    "ultimateOscillator",
    () => ({ v: I.ultimateOscillator(H, L, C) }),
    () => {
      const s = new I.UltimateOscillatorStream();
      return (i) => ({ v: s.update(bars[i]) });
    },
  ],
  [
    "aroon",
    () => ({ ...I.aroon(H, L, 20) }),
    () => {
      const s = new I.AroonStream(20);
      return (i) => ({ ...s.update(bars[i]) });
    },
  ],
  [
    "MFI",
    () => ({ v: I.mfi(H, L, C, V, 14) }),
    () => {
      const s = new I.MfiStream(14);
      return (i) => ({ v: s.update(bars[i]) });
    },
  ],
  [
    "CMF",
    () => ({ v: I.cmf(H, L, C, V, 20) }),
    () => {
      const s = new I.CmfStream(20);
      return (i) => ({ v: s.update(bars[i]) });
    },
  ],
  [
    "OBV",
    () => ({ v: I.obv(C, V) }),
    () => {
      const s = new I.ObvStream();
      return (i) => ({ v: s.update(bars[i]) });
    },
  ],
  ["runSD sample", () => ({ v: I.runSd(C, 20) }), () => one(new I.RunSdStream(20), C, "v")],
  ["runSD population", () => ({ v: I.runSd(C, 5, false) }), () => one(new I.RunSdStream(5, false), C, "v")],
  [
    "BBands (HLC)",
    () => ({ ...I.bbandsHlc(H, L, C, 20, 2) }),
    () => {
      const s = new I.BBandsStream(20, 2);
      return (i) => ({ ...s.update(mean3(H[i], L[i], C[i])) });
    },
  ],
  ["volatility", () => ({ v: I.volatility(C, 20) }), () => one(new I.VolatilityStream(20), C, "v")],
  [
    "ATR",
    () => ({ ...I.atr(H, L, C, 14) }),
    () => {
      const s = new I.AtrStream(14);
      return (i) => ({ ...s.update(bars[i]) });
    },
  ],
  [
    "ADX",
    () => ({ ...I.adx(H, L, C, 14) }),
    () => {
      const s = new I.AdxStream(14);
      return (i) => ({ ...s.update(bars[i]) });
    },
  ],
  [
    "Donchian",
    () => ({ ...I.donchian(H, L, 20) }),
    () => {
      const s = new I.DonchianStream(20);
      return (i) => ({ ...s.update(bars[i]) });
    },
  ],
  [
    "Keltner",
    () => ({ ...I.keltner(H, L, C) }),
    () => {
      const s = new I.KeltnerStream();
      return (i) => ({ ...s.update(bars[i]) });
    },
  ],
  [
    "SAR",
    () => ({ v: I.sar(H, L) }),
    () => {
      const s = new I.SarStream({ initialGap: I.sarInitialGap(H, L) });
      return (i) => ({ v: s.update(bars[i]) });
    },
  ],
  [
    "SAR compat",
    () => ({ v: I.sar(H, L, { compat: "ttr" }) }),
    () => {
      const s = new I.SarStream({ compat: "ttr", initialGap: I.sarInitialGap(H, L) });
      return (i) => ({ v: s.update(bars[i]) });
    },
  ],
  [
    "Ichimoku",
    () => {
      const r = I.ichimoku(H, L, C);
      return { tenkan: r.tenkan, kijun: r.kijun, senkouA: r.senkouA, senkouB: r.senkouB };
    },
    () => {
      const s = new I.IchimokuStream();
      return (i) => ({ ...s.update(bars[i]) });
    },
  ],
  [
    "VWAP anchored",
    () => ({ v: I.vwap(H, L, C, V) }),
    () => {
      const s = new I.VwapStream();
      return (i) => ({ v: s.update(bars[i]) });
    },
  ],
  [
    "VWAP rolling",
    () => ({ v: I.vwap(H, L, C, V, 20) }),
    () => {
      const s = new I.VwapStream(20);
      return (i) => ({ v: s.update(bars[i]) });
    },
  ],
];

describe("streaming equals batch, bit for bit, on AAPL", () => {
  for (const [name, batchFn, streamFn] of cases) {
    it(name, () => {
      const batch = batchFn();
      const step = streamFn();
      const rows = run(N, step);
      const keys = Object.keys(batch);
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) {
        expect(batch[k].length).toBe(N);
        expectSame(
          rows.map((r) => r[k]),
          batch[k],
          `${name}.${k}`,
        );
        // a stream that only ever produced NaN would match an all-NaN batch: guard against that
        expect(
          batch[k].some((x) => !Number.isNaN(x)),
          `${name}.${k} has values`,
        ).toBe(true);
      }
    });
  }
});

describe("warm-up and edge cases", () => {
  it("input shorter than the period gives all-NaN output of the input's length", () => {
    const x = new Float64Array([1, 2, 3]);
    for (const out of [
      I.sma(x, 5),
      I.ema(x, 5),
      I.wma(x, 5),
      I.zlema(x, 5),
      I.rsi(x, 5),
      I.runSd(x, 5),
      I.roc(x, 5),
    ]) {
      expect(out.length).toBe(3);
      expect(out.every(Number.isNaN)).toBe(true);
    }
    const m = I.macd(x);
    expect(m.macd.every(Number.isNaN) && m.signal.every(Number.isNaN)).toBe(true);
    expect(I.atr(x, x, x, 14).atr.every(Number.isNaN)).toBe(true);
    expect(I.adx(x, x, x, 14).adx.every(Number.isNaN)).toBe(true);
    expect(I.sma(new Float64Array(0), 3).length).toBe(0);
    expect(I.obv(new Float64Array(0), new Float64Array(0)).length).toBe(0);
    expect(I.sar(new Float64Array(0), new Float64Array(0)).length).toBe(0);
  });

  it("warm-up lengths follow the documented counts", () => {
    const lead = (a: Float64Array) => a.findIndex((v) => !Number.isNaN(v));
    expect(lead(I.sma(C, 20))).toBe(19);
    expect(lead(I.dema(C, 20))).toBe(38);
    expect(lead(I.rsi(C, 14))).toBe(14);
    expect(lead(I.macd(C).signal)).toBe(33);
    expect(lead(I.trix(C, 20).trix)).toBe(58);
    expect(lead(I.trix(C, 20).signal)).toBe(58 + 8);
    expect(lead(I.adx(H, L, C, 14).adx)).toBe(27);
    expect(lead(I.kst(C).kst)).toBe(44);
    expect(lead(I.ichimoku(H, L, C).senkouB)).toBe(77);
    expect(lead(I.keltner(H, L, C).high)).toBe(19);
  });

  it("constant series: flat averages, zero spread, neutral oscillators", () => {
    const x = new Float64Array(60).fill(42.5);
    const last = (a: Float64Array) => a[a.length - 1];
    expect(last(I.sma(x, 10))).toBe(42.5);
    expect(last(I.ema(x, 10))).toBe(42.5);
    expect(last(I.wma(x, 10))).toBe(42.5);
    expect(last(I.dema(x, 10))).toBe(42.5);
    expect(last(I.runSd(x, 10))).toBe(0);
    expect(last(I.bbands(x, 10).up)).toBe(42.5);
    expect(Number.isNaN(last(I.rsi(x, 14)))).toBe(true); // 0/0: no movement at all
    expect(last(I.stoch(x, x, x).fastK)).toBe(0.5); // TTR: 0/0 → 0.5
    expect(last(I.wpr(x, x, x))).toBe(0.5);
    expect(last(I.obv(x, x))).toBe(42.5); // only V_0; no price change adds nothing
    expect(last(I.atr(x, x, x).atr)).toBe(0);
    expect(last(I.mfi(x, x, x, x))).toBe(50);
    expect(last(I.aroon(x, x, 20).oscillator)).toBe(0);
  });

  it("leading NaNs are skipped: the warm-up counts from the first valid value", () => {
    const x = new Float64Array([Number.NaN, Number.NaN, 1, 2, 3, 4, 5]);
    expect(Array.from(I.sma(x, 3))).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN, 2, 3, 4]);
    const e = I.ema(x, 3);
    expect(e[4]).toBe(2);
    expect(e[5]).toBe(4 * 0.5 + 2 * 0.5);
    const s = new I.SmaStream(3);
    expect(Array.from(x, (v) => s.update(v))).toEqual(Array.from(I.sma(x, 3)));
  });

  it("an interior NaN poisons later running-sum outputs (documented policy)", () => {
    const x = Float64Array.from({ length: 30 }, (_, i) => i + 1);
    x[10] = Number.NaN;
    const out = I.sma(x, 5);
    expect(Number.isNaN(out[9])).toBe(false);
    expect(out.slice(10).every(Number.isNaN)).toBe(true);
  });

  it("rejects invalid periods", () => {
    expect(() => I.sma(C, 0)).toThrow(RangeError);
    expect(() => I.ema(C, 2.5)).toThrow(RangeError);
    expect(() => new I.SmaStream(-1)).toThrow(RangeError);
  });

  it("mean3 is correctly rounded where plain (a+b+c)/3 is not", () => {
    // Exact check in BigInt units of 2^-60 (every price here is a multiple of that): m is the
    // correctly rounded mean iff |3m − (a+b+c)| ≤ 3·ulp(m)/2.
    const big = (x: number) => BigInt(x * 2 ** 60);
    let plainWrong = 0;
    for (let i = 0; i < N; i++) {
      const m = mean3(H[i], L[i], C[i]);
      const err = 3n * big(m) - (big(H[i]) + big(L[i]) + big(C[i]));
      const ulp = big(2 ** (Math.floor(Math.log2(m)) - 52));
      expect((err < 0n ? -err : err) * 2n <= 3n * ulp).toBe(true);
      if ((H[i] + L[i] + C[i]) / 3 !== m) plainWrong++;
    }
    expect(plainWrong).toBeGreaterThan(0);
  });

  it("SAR compat reproduces TTR's uncapped af; the default caps it at the maximum", () => {
    const a = I.sar(H, L, { compat: "ttr" });
    const b = I.sar(H, L);
    expect(Array.from(a.slice(0, 69))).toEqual(Array.from(b.slice(0, 69)));
    expect(a[69]).not.toBe(b[69]);
  });

  it("MACD hist = macd − signal; Donchian mid is the midpoint", () => {
    const m = I.macd(C);
    for (let i = 40; i < N; i += 97) expect(m.hist[i]).toBe(m.macd[i] - m.signal[i]);
    const d = I.donchian(H, L, 20);
    for (let i = 19; i < N; i += 97) expect(d.mid[i]).toBe((d.high[i] + d.low[i]) / 2);
  });
});

describe("properties (fast-check)", () => {
  const series = fc
    .array(fc.double({ min: 1, max: 1000, noNaN: true, noDefaultInfinity: true }), {
      minLength: 0,
      maxLength: 80,
    })
    .map((a) => Float64Array.from(a));
  const period = fc.integer({ min: 1, max: 30 });

  it("outputs have the input's length", () => {
    fc.assert(
      fc.property(series, period, (x, n) => {
        for (const out of [
          I.sma(x, n),
          I.ema(x, n),
          I.wma(x, n),
          I.zlema(x, n),
          I.rsi(x, n),
          I.momentum(x, n),
        ]) {
          if (out.length !== x.length) return false;
        }
        return (
          I.stoch(x, x, x, n, 3, 3).slowD.length === x.length &&
          I.adx(x, x, x, Math.max(2, n)).adx.length === x.length
        );
      }),
    );
  });

  it("SMA/EMA/WMA of a constant equal the constant (to rounding)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        period,
        fc.integer({ min: 0, max: 40 }),
        (c, n, extra) => {
          const x = new Float64Array(n + extra).fill(c);
          for (const out of [I.sma(x, n), I.ema(x, n), I.wma(x, n)]) {
            for (let i = n - 1; i < x.length; i++)
              if (Math.abs(out[i] - c) > 1e-12 * Math.abs(c) + 1e-300) return false;
          }
          return true;
        },
      ),
    );
  });

  it("rolling SD matches a two-pass recomputation and min/max windows match a scan", () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 2, max: 12 }), (x, n) => {
        const sd = I.runSd(x, n);
        const dc = I.donchian(x, x, n);
        for (let i = n - 1; i < x.length; i++) {
          const w = x.slice(i - n + 1, i + 1);
          const m = w.reduce((a, b) => a + b, 0) / n;
          const ref = Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
          if (Math.abs(sd[i] - ref) > 1e-9 * ref + 1e-9) return false;
          if (dc.high[i] !== Math.max(...w) || dc.low[i] !== Math.min(...w)) return false;
        }
        return true;
      }),
    );
  });

  it("RSI of a nearly all-gain series stays at 100, not one rounding step above (fast-check counterexample)", () => {
    const x = Float64Array.from([
      1.0000000418115187, 1.0000000418115187, 1.5231776373271262, 5.948864301706799, 5.9488646535137955,
      955.9582144951466,
    ]);
    const r = I.rsi(x, 5);
    expect(r[5]).toBeLessThanOrEqual(100);
    expect(r[5]).toBeCloseTo(100, 10);
    const s = new I.RsiStream(5);
    let last = Number.NaN;
    for (const v of x) last = s.update(v);
    expect(last).toBe(r[5]);
  });

  it("bounded oscillators stay in range", () => {
    fc.assert(
      fc.property(series, (x) => {
        const h = x.map((v) => v * 1.01);
        const l = x.map((v) => v * 0.99);
        const k = I.stoch(h, l, x).fastK;
        const r = I.rsi(x, 5);
        const w = I.wpr(h, l, x);
        for (let i = 0; i < x.length; i++) {
          if (k[i] < 0 || k[i] > 1 || w[i] < 0 || w[i] > 1 || r[i] < 0 || r[i] > 100) return false;
        }
        return true;
      }),
    );
  });

  it("streaming equals batch on random bars", () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 2, max: 15 }), (x, n) => {
        const h = x.map((v, i) => v + (i % 3));
        const l = x.map((v, i) => v - (i % 2));
        const s1 = new I.BBandsStream(n);
        const s2 = new I.AdxStream(n);
        const s3 = new I.StochStream(n, 3, 3);
        const b1 = I.bbands(x, n);
        const b2 = I.adx(h, l, x, n);
        const b3 = I.stoch(h, l, x, n, 3, 3);
        for (let i = 0; i < x.length; i++) {
          const bar = { high: h[i], low: l[i], close: x[i] };
          if (!Object.is(s1.update(x[i]).up, b1.up[i])) return false;
          if (!Object.is(s2.update(bar).adx, b2.adx[i])) return false;
          if (!Object.is(s3.update(bar).slowD, b3.slowD[i])) return false;
        }
        return true;
      }),
    );
  });
});
