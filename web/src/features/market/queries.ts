// Queries of the market pages: instrument search, instrument details, quotes, bars, corporate actions
// and watchlists. Keys are defined here once; ["market"] covers every cached market answer.
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";
import type { CorporateAction, Interval } from "../../api/models.ts";

export const marketKeys = {
  all: ["market"] as const,
  search: (q: string) => ["market", "search", q] as const,
  list: (f: InstrumentFilter) => ["market", "list", f] as const,
  instrument: (id: string) => ["market", "instrument", id] as const,
  quote: (id: string) => ["market", "quote", id] as const,
  intervals: (id: string) => ["market", "intervals", id] as const,
  actions: (id: string) => ["market", "actions", id] as const,
  bars: (id: string, interval: Interval, adjusted: boolean) =>
    ["market", "bars", id, interval, adjusted] as const,
  watchlists: ["market", "watchlists"] as const,
};

const path = (id: string) => ({ params: { path: { id } } });

export const searchQuery = (q: string, limit = 25) =>
  queryOptions({
    queryKey: marketKeys.search(q),
    queryFn: () => unwrap(api.GET("/api/instruments", { params: { query: { q, limit } } })),
    staleTime: 60_000,
  });

/** What the instruments page filters by: a search, a market (country or MIC), class and currency. */
export interface InstrumentFilter {
  q?: string;
  /** "US"/"KR" (a country) or a MIC ("XKRX", "XXXX" for no venue). */
  market?: string;
  assetClass?: string;
  currency?: string;
  limit: number;
  offset: number;
}

/** One page of instruments with the total that match (GET /api/instruments without or with q). */
export const instrumentsQuery = (f: InstrumentFilter) =>
  queryOptions({
    queryKey: marketKeys.list(f),
    queryFn: () =>
      unwrap(
        api.GET("/api/instruments", {
          params: {
            query: {
              limit: f.limit,
              offset: f.offset,
              ...(f.q ? { q: f.q } : {}),
              ...(f.market ? (f.market.length === 2 ? { country: f.market } : { mic: f.market }) : {}),
              ...(f.assetClass ? { assetClass: f.assetClass } : {}),
              ...(f.currency ? { currency: f.currency } : {}),
            },
          },
        }),
      ),
    staleTime: 60_000,
  });

export const instrumentQuery = (id: string) =>
  queryOptions({
    queryKey: marketKeys.instrument(id),
    queryFn: () => unwrap(api.GET("/api/instruments/{id}", path(id))),
  });

/** The latest quote, or null when the instrument has none yet (the server answers `quote: null`). */
export const quoteQuery = (id: string) =>
  queryOptions({
    queryKey: marketKeys.quote(id),
    queryFn: async () => (await unwrap(api.GET("/api/instruments/{id}/quote", path(id)))).quote,
  });

export const intervalsQuery = (id: string) =>
  queryOptions({
    queryKey: marketKeys.intervals(id),
    queryFn: () => unwrap(api.GET("/api/instruments/{id}/intervals", path(id))),
  });

export const actionsQuery = (id: string) =>
  queryOptions({
    queryKey: marketKeys.actions(id),
    queryFn: async () => {
      const { actions } = await unwrap(api.GET("/api/instruments/{id}/actions", path(id)));
      return { actions: actions as CorporateAction[] }; // actionType: see CorporateAction
    },
  });

/**
 * Bars of one interval, split-adjusted or not. `from` (where the chart window starts) follows from the
 * instrument's stored intervals, which the key's instrument id already pins, so it is not in the key.
 */
export const barsQuery = (
  id: string,
  p: { interval: Interval; adjusted: boolean; from?: string | undefined; limit?: number },
) =>
  queryOptions({
    queryKey: marketKeys.bars(id, p.interval, p.adjusted),
    queryFn: () =>
      unwrap(
        api.GET("/api/instruments/{id}/bars", {
          params: {
            path: { id },
            query: {
              interval: p.interval,
              adjusted: p.adjusted ? "true" : "false",
              limit: p.limit ?? 10_000,
              ...(p.from ? { from: p.from } : {}),
            },
          },
        }),
      ),
  });

/**
 * The chart's bars, one window [from, to) per page (an infinite query: earlier windows are fetched
 * as the user scrolls back). Each request carries the instrument's data version (`v`, from
 * /intervals), so the server marks it immutable and the browser's cache answers it again.
 */
export const barsWindowsQuery = (
  id: string,
  p: { interval: Interval; adjusted: boolean; version: string },
) => ({
  queryKey: [...marketKeys.bars(id, p.interval, p.adjusted), p.version] as const,
  queryFn: ({ pageParam }: { pageParam: { from: string; to?: string | undefined } }) =>
    unwrap(
      api.GET("/api/instruments/{id}/bars", {
        params: {
          path: { id },
          query: {
            interval: p.interval,
            adjusted: p.adjusted ? "true" : "false",
            limit: 20_000,
            from: pageParam.from,
            ...(pageParam.to ? { to: pageParam.to } : {}),
            ...(p.version ? { v: p.version } : {}),
          },
        },
      }),
    ),
});

export const watchlistsQuery = () =>
  queryOptions({ queryKey: marketKeys.watchlists, queryFn: () => unwrap(api.GET("/api/watchlists")) });
