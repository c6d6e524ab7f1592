// Technical indicators: batch functions over Float64Array (NaN during warm-up, same length as the
// input) and bit-identical O(1) streaming twins. Conventions: R TTR 0.24.3 unless stated.
export * from "./core.ts";
export * from "./ma.ts";
export * from "./oscillators.ts";
export * from "./trend.ts";
export * from "./volatility.ts";
