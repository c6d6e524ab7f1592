// Queries of in-app notifications. The unread badge reads the same cached list as the page's
// "unread only" view.
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";

export const notifyKeys = {
  all: ["notifications"] as const,
  list: (unreadOnly: boolean) => ["notifications", unreadOnly ? "unread" : "all"] as const,
};

export const notificationsQuery = (unreadOnly: boolean) =>
  queryOptions({
    queryKey: notifyKeys.list(unreadOnly),
    queryFn: () =>
      unwrap(api.GET("/api/notifications", { params: { query: unreadOnly ? { unread: "true" } : {} } })),
  });

export function useUnreadCount(enabled: boolean) {
  return useQuery({
    ...notificationsQuery(true),
    enabled,
    refetchInterval: 60_000,
    select: (d) => d.unreadCount,
  });
}
