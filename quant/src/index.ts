// @bullpen/quant: pure numerical kernels. No I/O, no database, no network.
export * from "./backtest/index.ts";
export * from "./graph/index.ts";
export * from "./indicators/index.ts";
export * from "./performance/index.ts";
export * from "./stats/index.ts";
export * from "./validation/index.ts";
