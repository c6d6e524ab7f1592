// The market contract (server/src/modules/market/contracts.ts): instruments, bars, quotes,
// corporate actions, watchlists, and the CSV bar import (with upload progress).
import { ApiError, api, readCookie } from "./client.ts";

export const INTERVALS = ["1m", "5m", "15m", "1h", "1d", "1w"] as const;
export type Interval = (typeof INTERVALS)[number];

export interface Instrument {
  id: string;
  symbol: string;
  market: string;
  assetClass: string;
  name: string;
  nameLocal: string | null;
  exchange: string | null;
  currency: string;
  country: string | null;
  sector: string | null;
  industry: string | null;
  isin: string | null;
  active: boolean;
}

export interface Bar {
  ts: string;
  open: number;
  high: number;
  low: number;
  close: number;
  adjClose: number | null;
  volume: number | null;
  factor?: number;
}
export interface BarsPage {
  instrumentId: string;
  interval: Interval;
  adjusted: boolean;
  resampledFrom: Interval | null;
  bars: Bar[];
  nextCursor: string | null;
}

/** Prices and money are decimal strings. */
export interface Quote {
  instrumentId: string;
  symbol: string;
  market: string;
  currency: string;
  price: string;
  priceAt: string;
  priceSource: string;
  previousClose: string | null;
  previousCloseDate: string | null;
  change: string | null;
  changePct: string | null;
  sessionDate: string | null;
  open: string | null;
  high: string | null;
  low: string | null;
  volume: string | null;
  barInterval: string | null;
  week52High: string | null;
  week52Low: string | null;
  marketCap: string | null;
  marketCapDate: string | null;
  providerQuote: { provider: string; price: string; asOf: string } | null;
  updatedAt: string;
}

export interface BarIntervals {
  instrumentId: string;
  stored: { interval: Interval; first: string; last: string }[];
  available: Interval[];
}

export interface CorporateAction {
  id: string;
  actionType: "split" | "dividend" | "symbol_change";
  exDate: string;
  splitTo: string | null;
  splitFrom: string | null;
  amount: string | null;
  currency: string | null;
  oldSymbol: string | null;
  newSymbol: string | null;
  priceFactor: number;
  cumulativeFactor: number;
}

export interface WatchlistItem {
  instrumentId: string;
  symbol: string;
  market: string;
  name: string;
  nameLocal: string | null;
}
export interface Watchlist {
  id: string;
  name: string;
  isDefault: boolean;
  instrumentIds: string[];
  items: WatchlistItem[];
  createdAt: string;
  updatedAt: string;
}

export interface ImportResult {
  instrumentId: string;
  interval: Interval;
  rowsRead: number;
  added: number;
  skippedDuplicates: number;
  rejected: number;
  refused: boolean;
  errors: { row: number; message: string }[];
  errorsTruncated: boolean;
  elapsedMs: number;
}

const enc = encodeURIComponent;

export const market = {
  search: (q: string, limit = 25) =>
    api.get<{ instruments: Instrument[] }>(`/api/instruments?q=${enc(q)}&limit=${limit}`),
  instrument: (id: string) => api.get<Instrument>(`/api/instruments/${enc(id)}`),
  quote: (id: string) => api.get<Quote>(`/api/instruments/${enc(id)}/quote`),
  intervals: (id: string) => api.get<BarIntervals>(`/api/instruments/${enc(id)}/intervals`),
  actions: (id: string) => api.get<{ actions: CorporateAction[] }>(`/api/instruments/${enc(id)}/actions`),
  bars: (id: string, p: { interval: Interval; adjusted: boolean; from?: string; limit?: number }) => {
    const qs = new URLSearchParams({
      interval: p.interval,
      adjusted: String(p.adjusted),
      limit: String(p.limit ?? 10_000),
    });
    if (p.from) qs.set("from", p.from);
    return api.get<BarsPage>(`/api/instruments/${enc(id)}/bars?${qs}`);
  },
  watchlists: () => api.get<{ watchlists: Watchlist[] }>("/api/watchlists"),
  createWatchlist: (body: { name: string; isDefault?: boolean; instrumentIds?: string[] }) =>
    api.post<Watchlist>("/api/watchlists", body),
  updateWatchlist: (id: string, patch: { name?: string; isDefault?: boolean; instrumentIds?: string[] }) =>
    api.patch<Watchlist>(`/api/watchlists/${enc(id)}`, patch),
  deleteWatchlist: (id: string) => api.del(`/api/watchlists/${enc(id)}`),
};

/**
 * Uploads a CSV file as the request body of POST /api/instruments/{id}/bars/import, reporting upload
 * progress (0..1). Resolves with the import report for 200 (stored) and 422 (refused, row errors).
 */
export function importBarsCsv(
  id: string,
  file: File,
  interval: Interval,
  onProgress: (fraction: number) => void,
): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/instruments/${enc(id)}/bars/import?interval=${enc(interval)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.setRequestHeader("accept", "application/json");
    const csrf = readCookie("bullpen_csrf");
    if (csrf) xhr.setRequestHeader("x-csrf-token", csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, "network", "upload failed"));
    xhr.onload = () => {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(xhr.responseText || "{}");
      } catch {
        // not JSON: handled below
      }
      if (xhr.status === 200 || (xhr.status === 422 && Array.isArray(data.errors))) {
        onProgress(1);
        resolve(data as unknown as ImportResult);
        return;
      }
      reject(
        new ApiError(
          xhr.status,
          typeof data.code === "string" ? data.code : "internal",
          typeof data.message === "string" ? data.message : xhr.statusText,
          typeof data.requestId === "string" ? data.requestId : undefined,
        ),
      );
    };
    xhr.send(file);
  });
}

export const marketKeys = {
  search: (q: string) => ["market", "search", q] as const,
  instrument: (id: string) => ["market", "instrument", id] as const,
  quote: (id: string) => ["market", "quote", id] as const,
  intervals: (id: string) => ["market", "intervals", id] as const,
  actions: (id: string) => ["market", "actions", id] as const,
  bars: (id: string, interval: string, adjusted: boolean) =>
    ["market", "bars", id, interval, adjusted] as const,
  watchlists: ["market", "watchlists"] as const,
};
