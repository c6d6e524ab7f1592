// Queries of the portfolio pages: accounts, the ledger (transactions) and, as the server's parts land,
// the overview, imports and snapshots. Per-user, so every key sits under ["me", "portfolio"]: dropped
// on sign-in and sign-out; ["me", "portfolio"] covers every cached portfolio answer (a write that
// changes the ledger invalidates it whole, since holdings and returns follow from the ledger).
import { keepPreviousData, queryOptions, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";
import type { RequestBody, ResponseBody } from "../../api/models.ts";

export type PortfolioAccount = ResponseBody<"/api/portfolio/accounts", "get">["accounts"][number];
export type AccountInput = RequestBody<"/api/portfolio/accounts", "post">;
export type Transaction = ResponseBody<"/api/portfolio/transactions", "get">["transactions"][number];
export type TransactionInput = RequestBody<"/api/portfolio/transactions", "post">;
export type TransactionType = Transaction["type"];

export const portfolioKeys = {
  all: ["me", "portfolio"] as const,
  accounts: ["me", "portfolio", "accounts"] as const,
  transactions: (f: TransactionFilter) => ["me", "portfolio", "transactions", f] as const,
};

export const accountsQuery = () =>
  queryOptions({
    queryKey: portfolioKeys.accounts,
    queryFn: async () => (await unwrap(api.GET("/api/portfolio/accounts"))).accounts,
  });

/** What the transactions list filters by (the server's query, minus paging). */
export interface TransactionFilter {
  accountId?: string;
  type?: TransactionType[];
  instrumentId?: string;
  from?: string;
  to?: string;
  origin?: ("manual" | "import" | "sync" | "paper")[];
  importId?: string;
  cursor?: string;
  limit: number;
}

/** One page of the ledger, newest first. */
export const fetchTransactions = (f: TransactionFilter) =>
  unwrap(
    api.GET("/api/portfolio/transactions", {
      params: {
        query: {
          limit: f.limit,
          order: "desc",
          ...(f.accountId ? { accountId: f.accountId } : {}),
          ...(f.type?.length ? { type: f.type.join(",") } : {}),
          ...(f.instrumentId ? { instrumentId: f.instrumentId } : {}),
          ...(f.from ? { from: f.from } : {}),
          ...(f.to ? { to: f.to } : {}),
          ...(f.origin?.length ? { origin: f.origin.join(",") } : {}),
          ...(f.importId ? { importId: f.importId } : {}),
          ...(f.cursor ? { cursor: f.cursor } : {}),
        },
      },
    }),
  );

export const transactionsQuery = (f: TransactionFilter) =>
  queryOptions({
    queryKey: portfolioKeys.transactions(f),
    queryFn: () => fetchTransactions(f),
    placeholderData: keepPreviousData,
  });

/** After a write to the ledger or the accounts: every portfolio answer is stale (and home's card). */
export function useInvalidatePortfolio() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: portfolioKeys.all }),
      qc.invalidateQueries({ queryKey: ["me", "home"] }),
    ]);
}

export type Holdings = ResponseBody<"/api/portfolio/holdings", "get">;
export type Holding = Holdings["holdings"][number];
export type Performance = ResponseBody<"/api/portfolio/performance", "get">;
export type Decomposition = ResponseBody<"/api/portfolio/decomposition", "get">;
export type Parts = Decomposition["portfolio"];

export const PERIODS = ["1D", "WTD", "MTD", "YTD", "1Y", "3Y", "5Y", "MAX"] as const;
export type PeriodName = (typeof PERIODS)[number];

/** What the overview shows: one account or all, in a currency, over a named or custom period. */
export interface Scope {
  accountId?: string | undefined;
  currency?: string | undefined;
}
export interface PeriodChoice {
  period: PeriodName;
  from?: string | undefined;
  to?: string | undefined;
}

const scopeParams = (s: Scope) => ({
  ...(s.accountId ? { accountId: s.accountId } : {}),
  ...(s.currency ? { currency: s.currency } : {}),
});
const periodParams = (p: PeriodChoice) =>
  p.from ? { period: "MAX" as const, from: p.from, ...(p.to ? { to: p.to } : {}) } : { period: p.period };

export const holdingsQuery = (s: Scope) =>
  queryOptions({
    queryKey: [...portfolioKeys.all, "holdings", s] as const,
    queryFn: () => unwrap(api.GET("/api/portfolio/holdings", { params: { query: scopeParams(s) } })),
    placeholderData: keepPreviousData,
  });

export const performanceQuery = (s: Scope, p: PeriodChoice, benchmark?: string) =>
  queryOptions({
    queryKey: [...portfolioKeys.all, "performance", s, p, benchmark ?? null] as const,
    queryFn: () =>
      unwrap(
        api.GET("/api/portfolio/performance", {
          params: { query: { ...scopeParams(s), ...periodParams(p), ...(benchmark ? { benchmark } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

export const decompositionQuery = (
  s: Scope,
  p: PeriodChoice,
  split: "none" | "month" | "quarter" | "year",
  instrumentId?: string,
) =>
  queryOptions({
    queryKey: [...portfolioKeys.all, "decomposition", s, p, split, instrumentId ?? null] as const,
    queryFn: () =>
      unwrap(
        api.GET("/api/portfolio/decomposition", {
          params: {
            query: {
              ...scopeParams(s),
              ...periodParams(p),
              split,
              ...(instrumentId ? { instrumentId } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
