// Backtest benchmarks (not part of npm test): `node bench/backtest.ts [--quick]`.
// Data: gen-ohlcv.mjs, 100 assets × 20,000 bars. Strategy (bench README): SMA(10)/SMA(30) of the close,
// buy 1 unit at market on a cross above, close on a cross below, next-bar-open fills, 0.1% commission,
// cash 1,000,000. Bar-steps = assets × bars; data generation is excluded from the timings.
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { EventBacktest, type EventStrategy, runVectorBacktest } from "@bullpen/quant/backtest";
import { parameterGrid, runSweep } from "@bullpen/quant/validation/node";
import { barData, generateShared, smaCrossTargets } from "./backtest-data.ts";

const FAST = 10;
const SLOW = 30;

/** The event-driven strategy with streaming SMAs (ring buffers, running sums; no allocation per bar). */
function smaCrossStrategy(nAssets: number): EventStrategy {
  const ringF = new Float64Array(nAssets * FAST);
  const ringS = new Float64Array(nAssets * SLOW);
  const sumF = new Float64Array(nAssets);
  const sumS = new Float64Array(nAssets);
  const prev = new Float64Array(nAssets).fill(Number.NaN);
  return {
    onBar(bt, t) {
      const close = bt.data.close;
      for (let a = 0; a < nAssets; a++) {
        const c = close[a][t];
        // Same operation order as smaCrossTargets: add the new close, then drop the oldest.
        let sf = sumF[a] + c;
        if (t >= FAST) sf -= ringF[a * FAST + (t % FAST)];
        ringF[a * FAST + (t % FAST)] = c;
        sumF[a] = sf;
        let ss = sumS[a] + c;
        if (t >= SLOW) ss -= ringS[a * SLOW + (t % SLOW)];
        ringS[a * SLOW + (t % SLOW)] = c;
        sumS[a] = ss;
        if (t < SLOW - 1) continue;
        const diff = sf / FAST - ss / SLOW;
        const p = prev[a];
        prev[a] = diff;
        const pos = bt.position(a);
        if (pos === 0) {
          if (p <= 0 && diff > 0) bt.submit({ asset: a, side: "buy", quantity: 1 });
        } else if (p >= 0 && diff < 0) bt.submit({ asset: a, side: "sell", quantity: pos });
      }
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
/** CPU time of this process in ms (user + system): less sensitive than wall time to other load. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const mb = () => process.resourceUsage().maxRSS / 1024;

// Child mode: one event-driven run in a fresh process, for an isolated peak-RSS figure.
if (process.argv[2] === "--rss-event") {
  const d = barData(generateShared());
  const r = new EventBacktest(d, { cash: 1_000_000, commission: { kind: "bps", bps: 10 } }).run(
    smaCrossStrategy(100),
  );
  console.log(JSON.stringify({ maxRssMiB: mb(), finalEquity: r.finalEquity }));
  process.exit(0);
}
if (process.argv[2] === "--rss-vector") {
  const d = barData(generateShared());
  const r = runVectorBacktest(d, smaCrossTargets(d, FAST, SLOW), {
    cash: 1_000_000,
    mode: "units",
    layout: "asset",
    rebalance: "onChange",
    costBps: 10,
  });
  console.log(JSON.stringify({ maxRssMiB: mb(), finalEquity: r.finalEquity }));
  process.exit(0);
}

const quick = process.argv.includes("--quick");
const REPS = quick ? 3 : 7;
console.log(
  `node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model}), ${new Date().toISOString()}`,
);
let t0 = performance.now();
const shared = generateShared();
const data = barData(shared);
const steps = shared.nAssets * shared.nBars;
console.log(
  `data: ${shared.nAssets} assets × ${shared.nBars} bars generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// Event-driven engine.
const evTimes: number[] = [];
const evCpu: number[] = [];
let ev = null as ReturnType<EventBacktest["run"]> | null;
for (let i = 0; i < REPS; i++) {
  const bt = new EventBacktest(data, { cash: 1_000_000, commission: { kind: "bps", bps: 10 } });
  const s = smaCrossStrategy(shared.nAssets);
  const c0 = cpuMs();
  t0 = performance.now();
  ev = bt.run(s);
  evTimes.push(performance.now() - t0);
  evCpu.push(cpuMs() - c0);
}
const evMs = median(evTimes);
console.log(
  `event-driven: median ${evMs.toFixed(1)} ms of ${REPS} → ${(steps / evMs / 1000).toFixed(2)} M bar-steps/s; ` +
    `final equity ${ev!.finalEquity.toFixed(6)}, fills ${ev!.fills.length}, round trips ${ev!.trades.length}`,
);
console.log(
  `event-driven by CPU time: median ${median(evCpu).toFixed(1)} ms → ${(steps / median(evCpu) / 1000).toFixed(2)} M bar-steps/s`,
);

// Vectorised engine: targets (signal generation) and the engine, timed separately.
const vecTimes: number[] = [];
const vecCpu: number[] = [];
const sigTimes: number[] = [];
let vec = null as ReturnType<typeof runVectorBacktest> | null;
const targets = new Float64Array(steps);
for (let i = 0; i < REPS; i++) {
  t0 = performance.now();
  smaCrossTargets(data, FAST, SLOW, targets);
  const t1 = performance.now();
  const c1 = cpuMs();
  vec = runVectorBacktest(data, targets, {
    cash: 1_000_000,
    mode: "units",
    layout: "asset",
    rebalance: "onChange",
    costBps: 10,
  });
  vecTimes.push(performance.now() - t1);
  vecCpu.push(cpuMs() - c1);
  sigTimes.push(t1 - t0);
}
const vecMs = median(vecTimes);
const sigMs = median(sigTimes);
console.log(
  `vectorised: engine median ${vecMs.toFixed(2)} ms → ${(steps / vecMs / 1000).toFixed(1)} M bar-steps/s; ` +
    `with signal generation ${(vecMs + sigMs).toFixed(2)} ms → ${(steps / (vecMs + sigMs) / 1000).toFixed(1)} M bar-steps/s; ` +
    `final equity ${vec!.finalEquity.toFixed(6)}, trades ${vec!.trades.length}`,
);
console.log(
  `vectorised engine by CPU time: median ${median(vecCpu).toFixed(2)} ms → ${(steps / median(vecCpu) / 1000).toFixed(1)} M bar-steps/s`,
);
const vecLean: number[] = [];
for (let i = 0; i < REPS; i++) {
  const t1 = performance.now();
  runVectorBacktest(data, targets, {
    cash: 1_000_000,
    mode: "units",
    layout: "asset",
    rebalance: "onChange",
    costBps: 10,
    recordPositions: false,
    recordTrades: false,
  });
  vecLean.push(performance.now() - t1);
}
console.log(
  `vectorised, no position/trade recording: median ${median(vecLean).toFixed(2)} ms → ${(steps / median(vecLean) / 1000).toFixed(1)} M bar-steps/s`,
);
console.log(
  `load average before sweep: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
let maxRel = 0;
for (let t = 0; t < shared.nBars; t++)
  maxRel = Math.max(maxRel, Math.abs(vec!.equity[t] - ev!.equity[t]) / ev!.equity[t]);
console.log(`engines agree: max relative equity difference ${maxRel.toExponential(2)}`);
console.log(`peak RSS of this process so far: ${mb().toFixed(0)} MiB`);
for (const mode of ["--rss-event", "--rss-vector"]) {
  const out = execFileSync(process.execPath, [import.meta.filename, mode], { encoding: "utf8" });
  const r = JSON.parse(out.trim().split("\n").pop()!);
  console.log(`peak RSS, fresh process, data + one ${mode.slice(6)} run: ${r.maxRssMiB.toFixed(0)} MiB`);
}

// Sweep: 1,000 settings (fast 2..26 × slow 20..59) through the vectorised engine, 1 vs 2 workers.
const grid = parameterGrid({
  fast: Array.from({ length: quick ? 5 : 25 }, (_, i) => 2 + i),
  slow: Array.from({ length: quick ? 4 : 40 }, (_, i) => 20 + i),
});
const task = new URL("./backtest-sweep-task.ts", import.meta.url);
const sweep = async (workers: number) => {
  const s = performance.now();
  const r = await runSweep<
    (typeof grid)[number],
    { fast: number; slow: number; finalEquity: number; sharpe: number }
  >(task, grid, { workers, data: shared });
  return { ms: performance.now() - s, r };
};
const one = await sweep(1);
const two = await sweep(2);
const same = JSON.stringify(one.r) === JSON.stringify(two.r);
console.log(
  `sweep of ${grid.length} settings: 1 worker ${(one.ms / 1000).toFixed(2)} s, 2 workers ${(two.ms / 1000).toFixed(2)} s, ` +
    `speed-up ${(one.ms / two.ms).toFixed(2)}×, identical results: ${same}`,
);
const best = [...two.r].sort((a, b) => b.sharpe - a.sharpe)[0];
console.log(`best setting by Sharpe: fast ${best.fast}, slow ${best.slow}, Sharpe ${best.sharpe.toFixed(4)}`);
