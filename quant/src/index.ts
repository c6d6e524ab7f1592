// @bullpen/quant: pure numerical kernels. No I/O, no database, no network. This aggregate re-exports
// every browser-safe family; prefer the subpath entries (`@bullpen/quant/indicators`, `/stats`,
// `/graph`, `/performance`, `/backtest`, `/validation`) so a bundle pulls in only what it uses.
// The worker-thread sweep is Node-only and is not here: import it from `@bullpen/quant/validation/node`.
export * from "./backtest/index.ts";
export * from "./graph/index.ts";
export * from "./indicators/index.ts";
export * from "./performance/index.ts";
export * from "./stats/index.ts";
export * from "./validation/index.ts";
