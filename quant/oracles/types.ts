/** One line of the oracle report: a function checked against one reference file. */
export interface OracleResult {
  /** e.g. "ttr/AAPL/RSI_14.csv" — the oracle file this result covers. */
  file: string;
  /** The function (and columns) checked. */
  name: string;
  /** Largest |ours − oracle| over every checked value. */
  maxError: number;
  /** Number of values compared. */
  cells: number;
  ok: boolean;
  /** Why it failed, or a note (e.g. "compat mode for the TTR af-cap defect"). */
  message?: string;
}

/** Resolves an input file named by a manifest (e.g. "AAPL.csv") under the inputs directory. */
export type InputResolver = (name: string) => string;
