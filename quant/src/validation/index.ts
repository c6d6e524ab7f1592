export * from "./splits.ts";
export * from "./sweep.ts";
