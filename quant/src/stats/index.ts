export * from "./adf.ts";
export * from "./autocorrelation.ts";
export * from "./correlation.ts";
export * from "./hurst.ts";
export * from "./moments.ts";
export * from "./returns.ts";
export * from "./rolling.ts";
export * from "./wavelets.ts";
