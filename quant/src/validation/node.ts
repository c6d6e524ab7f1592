// @bullpen/quant/validation/node — parameter sweeps over node:worker_threads (Node only). Everything
// in `@bullpen/quant/validation` is re-exported, so a Node caller needs one import.
export * from "./index.ts";
export { runSweep, type SweepOptions, type SweepTaskModule } from "./sweep.ts";
