import type { InputResolver, OracleResult } from "./types.ts";

/** Checks every CSV of one ttr/<DATASET> directory. (Placeholder: no implementation yet.) */
export function checkTtrDataset(
  dir: string,
  _input: InputResolver,
  rel: (p: string) => string,
): OracleResult[] {
  return [
    { file: rel(dir), name: rel(dir), maxError: Number.NaN, cells: 0, ok: false, message: "not implemented" },
  ];
}
