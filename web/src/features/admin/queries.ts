// Queries of the administration pages: accounts by status and invites.
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";
import type { UserStatus } from "../../api/models.ts";

export const adminKeys = {
  users: ["admin", "users"] as const,
  usersWith: (status: UserStatus | undefined) => ["admin", "users", status ?? "all"] as const,
  invites: ["admin", "invites"] as const,
};

/** Accounts, all of them or those with one status. */
export const usersQuery = (status?: UserStatus) =>
  queryOptions({
    queryKey: adminKeys.usersWith(status),
    queryFn: () => unwrap(api.GET("/api/admin/users", { params: { query: status ? { status } : {} } })),
  });

export const invitesQuery = () =>
  queryOptions({ queryKey: adminKeys.invites, queryFn: () => unwrap(api.GET("/api/admin/invites")) });
