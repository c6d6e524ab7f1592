// Queries of the signed-in account: "who am I", sessions and API keys. Keys are defined here once;
// everything under ["me"] is per-user and is dropped on sign-in and sign-out.
import { type QueryClient, queryOptions, useQuery } from "@tanstack/react-query";
import { ApiError, api, unwrap } from "../../api/client.ts";
import type { Me } from "../../api/models.ts";

export const accountKeys = {
  me: ["me"] as const,
  sessions: ["me", "sessions"] as const,
  apiKeys: ["me", "api-keys"] as const,
  mfa: ["me", "mfa"] as const,
};

/**
 * The signed-in account, or null when nobody is signed in. Asked of GET /api/auth/session, which
 * answers a visitor 200 `{ me: null }`: a signed-out page makes no failed request (GET /api/me, for
 * API clients, answers 401 there).
 */
export const meQuery = () =>
  queryOptions({
    queryKey: accountKeys.me,
    queryFn: async (): Promise<Me | null> => (await unwrap(api.GET("/api/auth/session"))).me as Me | null,
    staleTime: 30_000,
    // Guards unmount their children while "me" is pending; a refetch on every remount of an errored
    // query would turn a server error into a request loop. Retrying is left to the explicit button.
    retryOnMount: false,
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });

export function useMe() {
  return useQuery(meQuery());
}

export const sessionsQuery = () =>
  queryOptions({ queryKey: accountKeys.sessions, queryFn: () => unwrap(api.GET("/api/me/sessions")) });

export const apiKeysQuery = () =>
  queryOptions({ queryKey: accountKeys.apiKeys, queryFn: () => unwrap(api.GET("/api/me/api-keys")) });

/** Two-factor authentication: on or off, and the unused recovery codes left. */
export const mfaStatusQuery = () =>
  queryOptions({ queryKey: accountKeys.mfa, queryFn: () => unwrap(api.GET("/api/me/mfa")) });

/** Puts a saved part of the account (profile, settings) into the cached "me" without a refetch. */
export function mergeIntoMe(qc: QueryClient, part: Partial<Me>) {
  qc.setQueryData(accountKeys.me, (old: Me | null | undefined) => (old ? { ...old, ...part } : old));
}
