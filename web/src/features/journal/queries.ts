// Queries of the journal pages: trades built from the ledger, and journal entries (with search).
// Per-user, so every key sits under ["me", "journal"] (dropped on sign-in and sign-out); a ledger
// change elsewhere shows here on the next fetch, since the server rebuilds trades when it reads them.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";
import type { RequestBody, ResponseBody } from "../../api/models.ts";

export type Trade = ResponseBody<"/api/journal/trades", "get">["trades"][number];
export type Entry = ResponseBody<"/api/journal/entries", "get">["entries"][number];
export type EntryInput = RequestBody<"/api/journal/entries", "post">;
export type Mood = NonNullable<Entry["mood"]>;

export const MOODS: Mood[] = [
  "calm",
  "confident",
  "focused",
  "neutral",
  "anxious",
  "fearful",
  "greedy",
  "frustrated",
  "tired",
];

export const journalKeys = {
  all: ["me", "journal"] as const,
  trades: (status: string) => ["me", "journal", "trades", status] as const,
  entries: (q: string) => ["me", "journal", "entries", q] as const,
};

/** The newest 100 trades, all or only open or closed ones. */
export const tradesQuery = (status: "all" | "open" | "closed") =>
  queryOptions({
    queryKey: journalKeys.trades(status),
    queryFn: () =>
      unwrap(
        api.GET("/api/journal/trades", {
          params: { query: { limit: 100, ...(status === "all" ? {} : { status }) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

/** The newest 50 entries, or with a search the best 50 matches with their snippets. */
export const entriesQuery = (q: string) =>
  queryOptions({
    queryKey: journalKeys.entries(q),
    queryFn: () =>
      unwrap(
        api.GET("/api/journal/entries", {
          params: { query: { limit: 50, ...(q ? { q } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

export const createEntry = (body: EntryInput) => unwrap(api.POST("/api/journal/entries", { body }));
