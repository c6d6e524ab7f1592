// Timings for @bullpen/quant statistics and graph features (no peers run in-process here;
// the references are Python/R). Run: node bench/stats-graph.ts
import {
  betweennessCentrality,
  closenessCentrality,
  correlationGraphFromReturns,
  correlationMst,
  eigenvectorCentrality,
  louvainCommunities,
  spectralEmbedding,
} from "@bullpen/quant/graph";
import {
  acf,
  adfTest,
  correlationMatrix,
  hurstExponent,
  pacfOls,
  pacfYuleWalker,
  rollingSkewness,
  wavedec,
  waverec,
} from "@bullpen/quant/stats";

let seed = 12345;
const uniform = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const noise = (n: number) => Float64Array.from({ length: n }, () => uniform() - 0.5);

function time(label: string, f: () => unknown, reps = 5): void {
  f(); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const s = performance.now();
    f();
    runs.push(performance.now() - s);
  }
  runs.sort((a, b) => a - b);
  console.log(`| ${label} | ${runs[Math.floor(reps / 2)].toFixed(2)} |`);
}

const big = noise(1_000_000);
const mid = noise(5000);
const walk = new Float64Array(5000);
for (let i = 1; i < 5000; i++) walk[i] = walk[i - 1] + mid[i];
const market = noise(1000);
const assets = Array.from({ length: 100 }, (_, j) =>
  noise(1000).map((v, i) => v + (j % 4) * 0.5 * market[i]),
);
const { correlation, graph } = correlationGraphFromReturns(assets, { threshold: 0.3 });

console.log("| operation | median ms |\n|---|---|");
time("rollingSkewness, 1e6 values, window 60", () => rollingSkewness(big, 60));
time("acf, 1e6 values, 20 lags", () => acf(big, 20));
time("pacfYuleWalker, 5000 values, 20 lags", () => pacfYuleWalker(mid, 20));
time("pacfOls, 5000 values, 20 lags", () => pacfOls(mid, 20));
time("adfTest (AIC, maxlag 32), 5000 values", () => adfTest(walk));
time("hurstExponent, 5000 values", () => hurstExponent(mid));
time("wavedec db4 level 5, 1e6 values", () => wavedec(big, "db4", 5));
time("waverec db4 level 5, 1e6 values", () => waverec(wavedec(big, "db4", 5), "db4"));
time("correlationMatrix, 100 assets × 1000", () => correlationMatrix(assets));
console.log(
  `\n100-asset threshold graph (ρ ≥ 0.3): ${graph.size} edges\n\n| operation | median ms |\n|---|---|`,
);
time("correlationMst (complete graph, 4950 edges)", () => correlationMst(correlation));
time("betweennessCentrality (distance)", () => betweennessCentrality(graph, { weight: "distance" }));
time("closenessCentrality (distance)", () => closenessCentrality(graph));
time("eigenvectorCentrality (tol 1e-12)", () => eigenvectorCentrality(graph, { maxIter: 10000, tol: 1e-12 }));
time("louvainCommunities (8 seeded restarts)", () => louvainCommunities(graph));
time("spectralEmbedding (2 dims, Jacobi 100×100)", () => spectralEmbedding(graph, 2));
