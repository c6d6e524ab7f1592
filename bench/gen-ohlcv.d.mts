/** Types of gen-ohlcv.mjs (the shared benchmark data generator). */
export declare const SEED: bigint;
export declare function generateAsset(
  k: number,
  bars?: number,
): {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  day: Int32Array;
};
