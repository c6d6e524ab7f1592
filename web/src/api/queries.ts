// Query keys and the shared "who am I" query. A 401 on /api/me means "signed out", not an error.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "./client.ts";
import { auth, me, notifications } from "./endpoints.ts";
import type { Me } from "./types.ts";

export const keys = {
  me: ["me"] as const,
  setup: ["auth", "setup"] as const,
  config: ["auth", "config"] as const,
  sessions: ["me", "sessions"] as const,
  apiKeys: ["me", "api-keys"] as const,
  notifications: ["notifications"] as const,
  unread: ["notifications", "unread"] as const,
  adminUsers: (status: string) => ["admin", "users", status] as const,
  invites: ["admin", "invites"] as const,
};

/** The signed-in account, or null when there is no valid session. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return await me.get();
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 30_000,
    // Guards unmount their children while "me" is pending; a refetch on every remount of an errored
    // query would turn a server error into a request loop. Retrying is left to the explicit button.
    retryOnMount: false,
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });
}

export function useSetupStatus() {
  return useQuery({
    queryKey: keys.setup,
    queryFn: auth.setupStatus,
    staleTime: 60_000,
    retryOnMount: false,
  });
}

export function useAuthConfig() {
  return useQuery({ queryKey: keys.config, queryFn: auth.config, staleTime: 300_000, retryOnMount: false });
}

export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: keys.unread,
    queryFn: () => notifications.list(true),
    enabled,
    refetchInterval: 60_000,
    select: (d) => d.unreadCount,
  });
}

/** After sign-in/out every cached per-user answer is stale; drop them all and reload "me". */
export function useResetSession() {
  const qc = useQueryClient();
  return async () => {
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "auth" });
    await qc.invalidateQueries({ queryKey: keys.me });
    await qc.invalidateQueries({ queryKey: keys.setup });
  };
}
