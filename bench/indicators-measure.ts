// How the indicator benchmark measures: per-call medians of process CPU time (and wall time), each
// implementation after a forced GC and a pause (see indicators.ts for why), and the largest
// disagreement with the TTR oracle on AAPL.
import { resolve } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as Q from "@bullpen/quant/indicators";
import { readCsv } from "../quant/oracles/compare.ts";
import { candles, type Data, type Impl, INDICATORS, type Ind, toPlain } from "./indicators-common.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const pause = new Int32Array(new SharedArrayBuffer(4));

export interface Timing {
  cpu: number;
  wall: number;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
// Every result is folded in here, so V8 cannot drop a timed call as dead code.
let blackhole = 0;
/** CPU and wall medians of `runs` timed calls of f, after a GC, a pause and an untimed warm-up call. */
export function time(f: () => unknown, runs: number): Timing {
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

/** What the timed calls returned, folded (read at the end so that it stays live). */
export const sunk = (): number => blackhole;

// ---------- accuracy vs the TTR oracle on AAPL ----------
const fixtures = resolve(import.meta.dirname, "../quant/test/fixtures");
export function accuracy(lib: Record<Ind, Impl>): Record<Ind, string> {
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
