// Parameter grids for sweeps. Pure (browser-safe); the worker-thread runner is sweep.ts.

/** Every combination of the given parameter values (Cartesian product, last key varying fastest). */
export function parameterGrid<T extends Record<string, readonly unknown[]>>(
  axes: T,
): { [K in keyof T]: T[K][number] }[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    const next: Record<string, unknown>[] = [];
    for (const base of out) for (const v of values) next.push({ ...base, [key]: v });
    out = next;
  }
  return out as { [K in keyof T]: T[K][number] }[];
}
