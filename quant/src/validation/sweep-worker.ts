// Worker entry of runSweep: loads the task module, builds its context once, then evaluates the chunks
// of settings it is sent until it receives null.
import { parentPort, workerData } from "node:worker_threads";
import type { SweepTaskModule } from "./sweep.ts";

const { taskModule, data } = workerData as { taskModule: string; data: unknown };
const mod = (await import(taskModule)) as SweepTaskModule<unknown, unknown>;
const ctx = mod.setup ? await mod.setup(data) : undefined;
const port = parentPort!;
port.on("message", (m: { start: number; params: unknown[] } | null) => {
  if (m === null) {
    port.close();
    return;
  }
  port.postMessage({ start: m.start, results: m.params.map((p) => mod.evaluate(p, ctx)) });
});
port.postMessage({ ready: true });
