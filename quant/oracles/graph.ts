import type { InputResolver, OracleResult } from "./types.ts";

/** Checks one graph oracle file. (Placeholder: no implementation yet.) */
export function checkGraphFile(
  file: string,
  _input: InputResolver,
  rel: (p: string) => string,
): OracleResult[] {
  return [
    {
      file: rel(file),
      name: rel(file),
      maxError: Number.NaN,
      cells: 0,
      ok: false,
      message: "not implemented",
    },
  ];
}
