export * from "./costs.ts";
export * from "./data.ts";
export * from "./event.ts";
export * from "./matching.ts";
export * from "./vector.ts";
