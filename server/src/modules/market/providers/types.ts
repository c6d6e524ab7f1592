// The provider interface every market-data adapter implements, and the shapes it returns.
import { AppError } from "../../../platform/errors.ts";

export type BarInterval = "1m" | "5m" | "15m" | "1h" | "1d" | "1w";

/** One OHLCV bar. Daily/weekly bars sit at 00:00 UTC of their trading date (`ts` in ms). */
export interface ProviderBar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  adjClose: number | null;
  volume: number | null;
}

export interface ProviderAction {
  type: "split" | "dividend";
  exDate: string;
  /** Split: shares after / before (4-for-1 → splitTo 4, splitFrom 1). */
  splitTo?: number;
  splitFrom?: number;
  /** Dividend per share, in the instrument's currency, as published on the ex-date. */
  amount?: number;
}

export interface ProviderQuote {
  symbol: string;
  price: number;
  currency: string | null;
  /** When the price was struck (ISO instant). */
  asOf: string;
  previousClose: number | null;
  volume: number | null;
}

export interface SearchHit {
  symbol: string;
  name: string;
  /** Provider's exchange or market label (e.g. NMS, KOSPI). */
  exchange: string | null;
  type: string | null;
  currency: string | null;
}

export interface FxPoint {
  date: string;
  base: string;
  quote: string;
  rate: number;
}

/** Where an instrument is listed: what adapters need to build their own symbols. */
export interface Listing {
  symbol: string;
  /** ISO 10383 MIC of the venue (XNAS, XKRX, XKOS, ...; XXXX for none). */
  mic?: string;
  /** ISO 3166 alpha-2 country; null for FX and crypto pairs. */
  country?: string | null;
  assetClass?: string;
}

export interface HistoryRequest extends Listing {
  /** Inclusive ISO dates. */
  from: string;
  to: string;
  interval: BarInterval;
}

export interface HistoryResult {
  bars: ProviderBar[];
  actions: ProviderAction[];
  currency: string | null;
}

/** What an adapter can do; absent methods are unsupported. */
export interface MarketDataProvider {
  readonly id: string;
  readonly intervals: readonly BarInterval[];
  search?(query: string): Promise<SearchHit[]>;
  quote?(listing: Listing): Promise<ProviderQuote>;
  history?(req: HistoryRequest): Promise<HistoryResult>;
  actions?(req: Omit<HistoryRequest, "interval">): Promise<ProviderAction[]>;
}

export interface FxProvider {
  readonly id: string;
  rates(req: { base: string; quotes?: string[]; from: string; to: string }): Promise<FxPoint[]>;
}

/**
 * A provider failed: network, HTTP status, an error payload, or a payload of the wrong shape.
 * The message always names the provider and, for shape problems, the field.
 */
export class ProviderError extends AppError {
  readonly provider: string;
  readonly httpStatus: number | null;
  readonly retryable: boolean;
  constructor(
    provider: string,
    message: string,
    opts: { httpStatus?: number | null; retryable?: boolean; code?: string; status?: number } = {},
  ) {
    // 502: the upstream failed; callers' own mistakes (disabled provider, bad location) pass 400.
    super(opts.status ?? 502, opts.code ?? "provider_error", `${provider}: ${message}`);
    this.provider = provider;
    this.httpStatus = opts.httpStatus ?? null;
    this.retryable = opts.retryable ?? false;
  }
}

/** A provider answered "no such symbol / no data": not retryable, 404 to API callers. */
export class ProviderNotFoundError extends ProviderError {
  constructor(provider: string, message: string, httpStatus: number | null = null) {
    super(provider, message, { httpStatus, code: "provider_not_found" });
    Object.defineProperty(this, "status", { value: 404 });
  }
}
