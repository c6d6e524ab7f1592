// The speed options of the batch kernels (`out` buffers, `columns`) and their fast paths
// (block min/max, segmented BBands M2, branch-free RSI/OBV/DM) against the plain definitions
// and the streaming forms, including the inputs that must fall back (NaN, ±∞, zeros, spikes).
import { resolve } from "node:path";
import * as I from "@bullpen/quant/indicators";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCsv } from "../oracles/compare.ts";
import { rollingExtreme, rollingMaxMin } from "../src/indicators/core.ts";

const t = readCsv(resolve(import.meta.dirname, "fixtures/inputs/AAPL.csv"));
const H = t.column("high");
const L = t.column("low");
const C = t.column("close");
const V = t.column("volume");
const N = C.length;

function same(a: ArrayLike<number>, b: ArrayLike<number>, label: string) {
  expect(a.length, label).toBe(b.length);
  for (let i = 0; i < a.length; i++)
    if (!Object.is(a[i], b[i])) throw new Error(`${label}: row ${i}: ${a[i]} vs ${b[i]}`);
}

/** A buffer full of garbage, so a kernel that skips an index is caught. */
const dirty = (n: number) => new Float64Array(n).fill(12345.678);

describe("`out` buffers give the fresh result, in place", () => {
  const single: [string, (out?: Float64Array) => Float64Array][] = [
    ["sma", (out) => I.sma(C, 20, { out })],
    ["ema", (out) => I.ema(C, 20, { out })],
    ["ema wilder", (out) => I.ema(C, 20, { wilder: true, out })],
    ["rsi", (out) => I.rsi(C, 14, { out })],
    ["obv", (out) => I.obv(C, V, { out })],
    ["runSd", (out) => I.runSd(C, 20, true, { out })],
  ];
  for (const [name, f] of single) {
    it(name, () => {
      const fresh = f();
      const buf = dirty(N);
      const r = f(buf);
      expect(r).toBe(buf);
      same(r, fresh, name);
      // reused a second time (the bench's hot loop)
      same(f(buf), fresh, `${name} again`);
    });
  }

  it("multi-column functions write into every supplied array", () => {
    const cases: [string, () => Record<string, Float64Array>, (o: Record<string, Float64Array>) => object][] =
      [
        ["macd", () => ({ ...I.macd(C, 12, 26, 9) }), (out) => I.macd(C, 12, 26, 9, { out })],
        [
          "macd percent",
          () => ({ ...I.macd(C, 12, 26, 9, { percent: true }) }),
          (out) => I.macd(C, 12, 26, 9, { percent: true, out }),
        ],
        ["bbands", () => ({ ...I.bbands(C, 20, 2) }), (out) => I.bbands(C, 20, 2, { out })],
        ["atr", () => ({ ...I.atr(H, L, C, 14) }), (out) => I.atr(H, L, C, 14, { out })],
        ["adx", () => ({ ...I.adx(H, L, C, 14) }), (out) => I.adx(H, L, C, 14, { out })],
        ["stoch", () => ({ ...I.stoch(H, L, C, 14, 3, 3) }), (out) => I.stoch(H, L, C, 14, 3, 3, { out })],
      ];
    for (const [name, fresh, into] of cases) {
      const ref = fresh();
      const bufs: Record<string, Float64Array> = {};
      for (const k of Object.keys(ref)) bufs[k] = dirty(N);
      const r = into(bufs) as Record<string, Float64Array>;
      for (const k of Object.keys(ref)) {
        expect(r[k], `${name}.${k}`).toBe(bufs[k]);
        same(r[k], ref[k], `${name}.${k}`);
      }
    }
  });

  it("rejects an out array of the wrong length or type", () => {
    expect(() => I.sma(C, 20, { out: new Float64Array(N - 1) })).toThrow(RangeError);
    expect(() => I.atr(H, L, C, 14, { out: { atr: new Float64Array(3) } })).toThrow(RangeError);
    expect(() => I.rsi(C, 14, { out: new Array(N).fill(0) as unknown as Float64Array })).toThrow(RangeError);
  });
});

describe("`columns` returns exactly the requested columns, equal to the full result", () => {
  it("each function, each single column and the TA-Lib-like subsets", () => {
    const specs: [string, () => Record<string, Float64Array>, (cols: string[]) => object][] = [
      [
        "macd",
        () => ({ ...I.macd(C) }),
        (c) => I.macd(C, 12, 26, 9, { columns: c as (keyof I.MacdResult)[] }),
      ],
      [
        "bbands",
        () => ({ ...I.bbands(C) }),
        (c) => I.bbands(C, 20, 2, { columns: c as (keyof I.BBandsResult)[] }),
      ],
      [
        "atr",
        () => ({ ...I.atr(H, L, C) }),
        (c) => I.atr(H, L, C, 14, { columns: c as (keyof I.AtrResult)[] }),
      ],
      [
        "adx",
        () => ({ ...I.adx(H, L, C) }),
        (c) => I.adx(H, L, C, 14, { columns: c as (keyof I.AdxResult)[] }),
      ],
      [
        "stoch",
        () => ({ ...I.stoch(H, L, C) }),
        (c) => I.stoch(H, L, C, 14, 3, 3, { columns: c as (keyof I.StochResult)[] }),
      ],
    ];
    for (const [name, full, pick] of specs) {
      const ref = full();
      const keys = Object.keys(ref);
      const subsets = [...keys.map((k) => [k]), keys.slice(0, 2), keys.slice(1), keys];
      for (const cols of subsets) {
        const r = pick(cols) as Record<string, Float64Array>;
        expect(Object.keys(r).sort(), `${name} ${cols}`).toEqual([...cols].sort());
        for (const k of cols) same(r[k], ref[k], `${name}[${cols}].${k}`);
      }
    }
  });

  it("types: the result of a column subset has only those columns", () => {
    const r = I.adx(H, L, C, 14, { columns: ["adx"] });
    // @ts-expect-error diPlus was not requested
    expect(r.diPlus).toBeUndefined();
    expect(r.adx.length).toBe(N);
  });

  it("an out array of a column not requested is neither written nor returned", () => {
    const spare = dirty(N);
    const r = I.stoch(H, L, C, 14, 3, 3, { columns: ["slowD"], out: { fastK: spare } });
    expect(Object.keys(r)).toEqual(["slowD"]);
    same(r.slowD, I.stoch(H, L, C).slowD, "slowD");
    expect(spare.every((v) => v === 12345.678)).toBe(true);
  });
});

// Random bars with the awkward cases the fast paths must handle: ties, flat stretches, zeros.
const barArb = (withZeros: boolean) =>
  fc
    .array(
      fc.record({
        c: fc.integer({ min: withZeros ? 0 : 1, max: 40 }),
        up: fc.integer({ min: 0, max: 5 }),
        dn: fc.integer({ min: 0, max: 5 }),
      }),
      { minLength: 0, maxLength: 120 },
    )
    .map((rows) => {
      const n = rows.length;
      const h = new Float64Array(n);
      const l = new Float64Array(n);
      const c = new Float64Array(n);
      rows.forEach((r, i) => {
        c[i] = r.c;
        h[i] = r.c + r.up;
        l[i] = withZeros ? Math.max(0, r.c - r.dn) : r.c - r.dn + 0.5;
      });
      return { h, l, c };
    });

describe("block min/max (van Herk / Gil-Werman)", () => {
  it("equals the deque on random data with ties, any window and length", () => {
    fc.assert(
      fc.property(barArb(false), fc.integer({ min: 1, max: 30 }), ({ h, l }, n) => {
        const a = new Float64Array(h.length);
        const b = new Float64Array(h.length);
        rollingMaxMin(h, l, n, a, b);
        same(a, rollingExtreme(h, n, "max", new Float64Array(h.length)), "max");
        same(b, rollingExtreme(l, n, "min", new Float64Array(h.length)), "min");
      }),
      { numRuns: 300 },
    );
  });

  it("falls back to the deque for zeros, NaN and ±∞ (same values, signed zeros included)", () => {
    const h = new Float64Array([3, 0, -0, 2, Number.NaN, 5, Number.POSITIVE_INFINITY, 1, 1, 0]);
    const l = new Float64Array([1, -0, 0, 1, 2, Number.NEGATIVE_INFINITY, 0, Number.NaN, 1, -0]);
    for (const n of [1, 2, 3, 4]) {
      const a = new Float64Array(h.length);
      const b = new Float64Array(h.length);
      rollingMaxMin(h, l, n, a, b);
      same(a, rollingExtreme(h, n, "max", new Float64Array(h.length)), `max n=${n}`);
      same(b, rollingExtreme(l, n, "min", new Float64Array(h.length)), `min n=${n}`);
    }
  });

  it("stochastic batch equals the stream on bars with ties, flat ranges and zero lows", () => {
    fc.assert(
      fc.property(barArb(true), fc.integer({ min: 1, max: 16 }), ({ h, l, c }, nK) => {
        const b = I.stoch(h, l, c, nK, 3, 2);
        const s = new I.StochStream(nK, 3, 2);
        const rows = Array.from(c, (_, i) => ({ ...s.update({ high: h[i], low: l[i], close: c[i] }) }));
        same(
          rows.map((r) => r.fastK),
          b.fastK,
          "fastK",
        );
        same(
          rows.map((r) => r.fastD),
          b.fastD,
          "fastD",
        );
        same(
          rows.map((r) => r.slowD),
          b.slowD,
          "slowD",
        );
      }),
      { numRuns: 200 },
    );
  });
});

/** Two-pass population SD of each full window (the definition). */
function twoPassSd(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(Number.NaN);
  for (let i = n - 1; i < x.length; i++) {
    let m = 0;
    for (let j = i - n + 1; j <= i; j++) m += x[j];
    m /= n;
    let q = 0;
    for (let j = i - n + 1; j <= i; j++) q += (x[j] - m) ** 2;
    out[i] = Math.sqrt(q / n);
  }
  return out;
}

describe("segmented BBands kernel", () => {
  // A quiet series at a high level with huge spikes: when a spike leaves the window the sliding
  // M2 update cancels catastrophically, so the guard must fire mid-segment and the segment be redone.
  const x = new Float64Array(400);
  for (let i = 0; i < x.length; i++) x[i] = 1e6 + (i % 7) * 1e-3 + (i % 53 === 17 ? 1e9 : 0);

  it("matches a two-pass SD where the cancellation guard fires", () => {
    const n = 20;
    const r = I.bbands(x, n, 2);
    const sd = twoPassSd(x, n);
    for (let i = n - 1; i < x.length; i++) {
      const got = (r.up[i] - r.mavg[i]) / 2;
      expect(Math.abs(got - sd[i]), `row ${i}`).toBeLessThanOrEqual(1e-9 * sd[i] + 1e-10 * 1e6);
    }
  });

  it("equals the stream bit for bit there (guard and periodic recomputes at the same steps)", () => {
    for (const n of [2, 5, 20, 21]) {
      const b = I.bbands(x, n, 2);
      const s = new I.BBandsStream(n, 2);
      const rows = Array.from(x, (v) => ({ ...s.update(v) }));
      for (const k of ["dn", "mavg", "up", "pctB"] as const)
        same(
          rows.map((r) => r[k]),
          b[k],
          `n=${n} ${k}`,
        );
    }
  });
});

describe("branch-free RSI, OBV and DM keep the reference semantics on awkward inputs", () => {
  const awkward = new Float64Array([
    10,
    11,
    11,
    10.5,
    Number.NaN,
    12,
    12,
    Number.POSITIVE_INFINITY,
    13,
    12,
    11,
    -0,
    0,
    1e-300,
    1e308,
    -1e308,
    5,
    6,
    7,
    6,
    5,
    4,
  ]);

  it("RSI: NaN/∞/overflow take the reference pass; batch equals the stream", () => {
    for (const x of [awkward, C]) {
      const b = I.rsi(x, 3);
      const s = new I.RsiStream(3);
      same(
        Array.from(x, (v) => s.update(v)),
        b,
        "rsi",
      );
    }
  });

  it("OBV: sign steps, near-threshold moves, negative and non-finite prices; batch equals the stream", () => {
    const c = new Float64Array([
      100,
      100 * (1 + 1e-9),
      100,
      100 * (1 - 2e-8),
      -5,
      -5.0000001,
      -4,
      ...awkward,
    ]);
    const v = Float64Array.from(c, (_, i) => 1000 + i);
    const b = I.obv(c, v);
    const s = new I.ObvStream();
    same(
      Array.from(c, (x, i) => s.update({ close: x, volume: v[i] })),
      b,
      "obv",
    );
    // tiny relative moves are flat (TTR's √ε rule), clear moves count
    expect(b[1] - b[0]).toBe(0);
    expect(b[3] - b[2]).toBe(-v[3]);
  });

  it("ADX: batch equals the stream with NaN bars and ties", () => {
    const h = Float64Array.from(awkward, (x, i) => x + (i % 3));
    const l = Float64Array.from(awkward, (x, i) => x - (i % 2));
    const b = I.adx(h, l, awkward, 3);
    const s = new I.AdxStream(3);
    const rows = Array.from(awkward, (x, i) => ({ ...s.update({ high: h[i], low: l[i], close: x }) }));
    for (const k of ["diPlus", "diMinus", "dx", "adx"] as const)
      same(
        rows.map((r) => r[k]),
        b[k],
        k,
      );
  });
});
