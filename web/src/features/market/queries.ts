// Queries of the market pages: instrument search, instrument details, quotes, bars, corporate actions
// and watchlists. Keys are defined here once; ["market"] covers every cached market answer.
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";
import type { CorporateAction, Interval } from "../../api/models.ts";

export const marketKeys = {
  all: ["market"] as const,
  search: (q: string) => ["market", "search", q] as const,
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

export const watchlistsQuery = () =>
  queryOptions({ queryKey: marketKeys.watchlists, queryFn: () => unwrap(api.GET("/api/watchlists")) });
