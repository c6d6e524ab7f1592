export * from "./metrics.ts";
export * from "./normal.ts";
export * from "./sharpe-inference.ts";
export * from "./summary.ts";
export * from "./trades.ts";
