/**
 * Bar data for several assets on a common calendar: one Float64Array per asset and field, all of
 * length nBars (asset-major columns: `close[asset][bar]`). NaN marks a bar on which an asset has no quote
 * (it is then valued at its last close and nothing fills). Prices are unadjusted; splits and dividends
 * are given separately as {@link CorporateAction}s.
 */
export interface BarData {
  open: Float64Array[];
  high: Float64Array[];
  low: Float64Array[];
  close: Float64Array[];
  volume: Float64Array[];
  /** Optional bar times (e.g. epoch days or ms), shared by all assets; copied into fills. */
  time?: ArrayLike<number>;
}

/** A split and/or cash dividend of one asset, effective at the start of bar `bar` (the ex-date). */
export interface CorporateAction {
  asset: number;
  bar: number;
  /** New shares per old share (2 = 2-for-1 split, 0.1 = 1-for-10 reverse split). */
  splitRatio?: number;
  /** Cash paid per share held at the close of the previous bar (shorts pay it). */
  dividend?: number;
}

/** Number of assets and bars of a {@link BarData}, validating that every column has the same length. */
export function barDataShape(d: BarData): { nAssets: number; nBars: number } {
  const nAssets = d.close.length;
  const nBars = nAssets ? d.close[0].length : 0;
  for (const f of [d.open, d.high, d.low, d.close, d.volume]) {
    if (f.length !== nAssets) throw new Error("BarData: every field needs one column per asset");
    for (const col of f) if (col.length !== nBars) throw new Error("BarData: columns differ in length");
  }
  return { nAssets, nBars };
}
