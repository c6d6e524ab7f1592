export * from "./moments.ts";
