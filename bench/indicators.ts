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
// Run: /work/main/node_modules/.bin/node bench/indicators.ts   (BENCH_JSON=file writes the numbers;
// BENCH_BARS, BENCH_RUNS, BENCH_FAST_RUNS and BENCH_PEERS=0 below make a quick check). Not part of
// `npm test`. This file is the runner; beside it are the input and indicator list
// (indicators-common.ts), each side's calls (indicators-ours.ts, -technicalindicators.ts,
// -trading-signals.ts, -talib.ts with the C program) and the measurement (indicators-measure.ts).
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { candles, type Impl, INDICATORS, type Ind, type Plain, synth, toPlain } from "./indicators-common.ts";
import { accuracy, sunk, type Timing, time } from "./indicators-measure.ts";
import { ours, oursFresh, oursOut, oursStream } from "./indicators-ours.ts";
import { nativeKey, nativeTimes, talib, talibError, talibImpl } from "./indicators-talib.ts";
import { technical } from "./indicators-technicalindicators.ts";
import { tradingSignals } from "./indicators-trading-signals.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// Ours and the C functions take milliseconds: more samples for a steadier median.
const FAST_RUNS = Number(process.env.BENCH_FAST_RUNS ?? 15);
// BENCH_PEERS=0 times only ours and the C functions (a quick check).
const PEERS = process.env.BENCH_PEERS !== "0";
const BARS = Number(process.env.BENCH_BARS ?? 1_000_000);
// Reused outputs for "ours (out)", allocated once (like the C program's) before anything is timed.
const outFns = oursOut(BARS);

// ---------- main ----------
const load0 = loadavg()[0];
console.log(`Indicators benchmark: ${BARS.toLocaleString("en")} bars; medians of CPU time per call (ms)`);
console.log(
  `node ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model}; load average ${load0.toFixed(2)}`,
);
const d = synth(BARS);
const native = nativeTimes(d, FAST_RUNS);
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
    out: time(() => outFns[ind](d), FAST_RUNS),
    fresh: time(() => oursFresh[ind](d), FAST_RUNS),
    all: time(() => ours[ind].run(d, toPlainEmpty, []), FAST_RUNS),
    stream: time(() => oursStream[ind](d), RUNS),
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
    row.ti = time(() => technical[ind].run(d, p, c), RUNS);
    row.ts = time(() => tradingSignals[ind].run(d, p, c), RUNS);
    row.talib = talib ? time(() => talibImpl[ind].run(d, p, c), RUNS) : NA;
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
if (sunk() === 0) console.log("");
