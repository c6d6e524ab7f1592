// Parameter sweeps over worker_threads. A sweep task is a module (a .ts file is fine: Node 24 strips
// types) exporting `evaluate(params, context)` and optionally `setup(data)` that builds the context once
// per thread. Results come back in input order, so a parallel run returns exactly what a single-threaded
// run returns (the same code evaluates each setting; only the thread differs). Node only: reach it
// through `@bullpen/quant/validation/node`; build the settings with parameterGrid (grid.ts).
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** What a sweep task module exports. */
export interface SweepTaskModule<P, R, C = unknown> {
  setup?(data: unknown): C | Promise<C>;
  evaluate(params: P, context: C): R;
}

/** Options of {@link runSweep}. */
export interface SweepOptions {
  /** Worker threads; 0 runs in this thread (default: available parallelism). */
  workers?: number;
  /**
   * Data for `setup`, structured-cloned into each worker. Typed arrays over a SharedArrayBuffer are
   * shared, not copied (use them for large price data).
   */
  data?: unknown;
  /** Settings per message to a worker (default: ~n/(8·workers), at least 1); workers pull chunks on demand. */
  chunkSize?: number;
}

/**
 * Evaluates `task.evaluate` for every setting of `params`, in worker threads or (workers = 0) here.
 * `taskModule` is the task's module URL (e.g. `new URL("./my-task.ts", import.meta.url)`).
 * Worker errors reject the promise. Results are in the order of `params`.
 */
export async function runSweep<P, R>(
  taskModule: string | URL,
  params: P[],
  opts: SweepOptions = {},
): Promise<R[]> {
  const href = typeof taskModule === "string" ? taskModule : taskModule.href;
  const nWorkers = Math.min(opts.workers ?? availableParallelism(), params.length);
  if (nWorkers <= 0) {
    const mod = (await import(href)) as SweepTaskModule<P, R>;
    const ctx = mod.setup ? await mod.setup(opts.data) : undefined;
    return params.map((p) => mod.evaluate(p, ctx));
  }
  const chunk = Math.max(1, opts.chunkSize ?? Math.ceil(params.length / (8 * nWorkers)));
  const results: R[] = new Array(params.length);
  let next = 0;
  const workerUrl = new URL("./sweep-worker.ts", import.meta.url);
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from(
        { length: nWorkers },
        () =>
          new Promise<void>((resolve, reject) => {
            const w = new Worker(workerUrl, { workerData: { taskModule: href, data: opts.data } });
            workers.push(w);
            const send = () => {
              if (next >= params.length) {
                w.postMessage(null);
                return;
              }
              const start = next;
              next = Math.min(params.length, next + chunk);
              w.postMessage({ start, params: params.slice(start, next) });
            };
            w.on("message", (m: { ready?: true; start?: number; results?: R[] }) => {
              if (m.results && m.start !== undefined)
                for (let i = 0; i < m.results.length; i++) results[m.start + i] = m.results[i];
              send();
            });
            w.on("error", reject);
            w.on("exit", (code) =>
              code === 0 ? resolve() : reject(new Error(`sweep worker exited with ${code}`)),
            );
          }),
      ),
    );
  } finally {
    for (const w of workers) void w.terminate();
  }
  return results;
}
