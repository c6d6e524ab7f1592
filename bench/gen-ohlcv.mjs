// Copied unchanged (apart from this note and formatting) from /work/shared/bench/gen-ohlcv.mjs, the
// shared benchmark-data specification, so that bench/ runs without ../shared. Peer figures for this
// data are in /work/shared/bench/README.md (backtrader, numpy).
// Deterministic synthetic daily OHLCV for backtest benchmarks: 100 assets x 20,000 weekday bars
// (the shape of backtrader's published "2M candles" benchmark). Bit-for-bit reproducible.
//
//   node gen-ohlcv.mjs OUTDIR [ASSETS=100] [BARS=20000]    writes assetNNN.csv files
//   import { generateAsset } from './gen-ohlcv.mjs'          Float64Array columns, no files
//
// The walk: SplitMix64 as a counter-based generator from SEED; the i-th uniform is
//   z = SEED + (i+1)*0x9E3779B97F4A7C15; z = (z^(z>>30))*0xBF58476D1CE4E5B9; z = (z^(z>>27))*0x94D049BB133111EB;
//   z ^= z>>31; u_i = (z>>11) * 2^-53          (all mod 2^64)
// Asset k, bar t, field j (0 open gap, 1 close return, 2 high, 3 low, 4 volume) uses i = (k*BARS + t)*5 + j.
//   open  = prev*(1 + GAP*(ug-0.5));  close = prev*(K + VOL*(ur-0.5)), K = 1 + MU
//   high  = max(open,close)*(1 + RANGE*uh);  low = min(open,close)*(1 - RANGE*ul)
//   volume = 1000 + floor(9000*uv);  prev starts at 100 and becomes close
// Dates: weekdays from 1950-01-02, bar t on day 7*floor(t/5) + t%5.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const SEED = 20191025n;
const P0 = 100.0,
  GAP = 0.004,
  VOL = 0.03,
  MU = 0.00005,
  RANGE = 0.01;
const MASK = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n,
  M1 = 0xbf58476d1ce4e5b9n,
  M2 = 0x94d049bb133111ebn;

function uniform(i) {
  let z = (SEED + (i + 1n) * GAMMA) & MASK;
  z = ((z ^ (z >> 30n)) * M1) & MASK;
  z = ((z ^ (z >> 27n)) * M2) & MASK;
  z = z ^ (z >> 31n);
  return Number(z >> 11n) * 2 ** -53;
}

/** Asset k (0-based) as columns; dates as epoch-day numbers (days since 1970-01-01). */
export function generateAsset(k, bars = 20000) {
  const open = new Float64Array(bars),
    high = new Float64Array(bars),
    low = new Float64Array(bars);
  const close = new Float64Array(bars),
    volume = new Float64Array(bars),
    day = new Int32Array(bars);
  const start = Date.UTC(1950, 0, 2) / 86400000;
  const K = 1.0 + MU;
  let prev = P0;
  for (let t = 0; t < bars; t++) {
    const base = BigInt((k * bars + t) * 5);
    const ug = uniform(base),
      ur = uniform(base + 1n),
      uh = uniform(base + 2n),
      ul = uniform(base + 3n),
      uv = uniform(base + 4n);
    open[t] = prev * (1.0 + GAP * (ug - 0.5));
    close[t] = prev * (K + VOL * (ur - 0.5));
    high[t] = Math.max(open[t], close[t]) * (1.0 + RANGE * uh);
    low[t] = Math.min(open[t], close[t]) * (1.0 - RANGE * ul);
    volume[t] = 1000 + Math.floor(9000.0 * uv);
    day[t] = start + 7 * Math.floor(t / 5) + (t % 5);
    prev = close[t];
  }
  return { open, high, low, close, volume, day };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [dir, assets = "100", bars = "20000"] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node gen-ohlcv.mjs OUTDIR [ASSETS] [BARS]");
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < Number(assets); k++) {
    const a = generateAsset(k, Number(bars));
    const lines = ["date,open,high,low,close,volume"];
    for (let t = 0; t < a.close.length; t++) {
      const d = new Date(a.day[t] * 86400000).toISOString().slice(0, 10);
      lines.push(`${d},${a.open[t]},${a.high[t]},${a.low[t]},${a.close[t]},${a.volume[t]}`);
    }
    writeFileSync(join(dir, `asset${String(k).padStart(3, "0")}.csv`), lines.join("\n") + "\n");
  }
}
