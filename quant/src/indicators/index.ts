// @bullpen/quant/indicators — technical indicators: batch functions over Float64Array (NaN during
// warm-up, same length as the input) and bit-identical O(1) streaming twins. Conventions: R TTR
// 0.24.3 unless stated. Browser-safe: nothing reachable from here imports a node: module (tested).
// The helpers in core.ts (output preparation, rolling windows, period checks) are internal.
export {
  type ChannelResult,
  DonchianStream,
  donchian,
  type KeltnerOptions,
  KeltnerStream,
  keltner,
} from "./channels.ts";
export type { Bar, ColumnOptions, OutOptions } from "./core.ts";
export { typicalPrice } from "./core.ts";
export {
  DemaStream,
  dema,
  type EmaOptions,
  EmaStream,
  EvwmaStream,
  ema,
  evwma,
  SmaStream,
  sma,
  type TrixOptions,
  type TrixResult,
  TrixStream,
  trix,
  WmaStream,
  wma,
  ZlemaStream,
  zlema,
} from "./ma.ts";
export {
  type KstOptions,
  KstStream,
  kst,
  type MacdOptions,
  type MacdResult,
  MacdStream,
  MomentumStream,
  macd,
  momentum,
  RocStream,
  type RocType,
  RsiStream,
  roc,
  rsi,
} from "./momentum.ts";
export {
  type AroonResult,
  AroonStream,
  aroon,
  CciStream,
  cci,
  type StochResult,
  StochStream,
  stoch,
  UltimateOscillatorStream,
  ultimateOscillator,
  WprStream,
  wpr,
} from "./range-oscillators.ts";
export {
  type IchimokuOptions,
  type IchimokuResult,
  IchimokuStream,
  ichimoku,
  type SarOptions,
  SarStream,
  sar,
  sarInitialGap,
  VwapStream,
  vwap,
} from "./trend.ts";
export {
  type AdxResult,
  AdxStream,
  type AtrResult,
  AtrStream,
  adx,
  atr,
} from "./true-range.ts";
export {
  type BBandsResult,
  BBandsStream,
  bbands,
  bbandsHlc,
  RunSdStream,
  runSd,
  VolatilityStream,
  volatility,
} from "./volatility.ts";
export { CmfStream, cmf, MfiStream, mfi, ObvStream, obv } from "./volume.ts";
