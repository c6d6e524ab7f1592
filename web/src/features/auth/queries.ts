// Queries of the signed-out pages: whether the instance still needs its first admin, and how people
// may register and sign in. Keys under ["auth"] survive sign-in and sign-out.
import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";
import { accountKeys } from "../account/queries.ts";

export const authKeys = {
  all: ["auth"] as const,
  setup: ["auth", "setup"] as const,
  config: ["auth", "config"] as const,
};

export const setupStatusQuery = () =>
  queryOptions({
    queryKey: authKeys.setup,
    queryFn: () => unwrap(api.GET("/api/auth/setup")),
    staleTime: 60_000,
    retryOnMount: false,
  });

export const authConfigQuery = () =>
  queryOptions({
    queryKey: authKeys.config,
    queryFn: () => unwrap(api.GET("/api/auth/config")),
    staleTime: 300_000,
    retryOnMount: false,
  });

export function useSetupStatus() {
  return useQuery(setupStatusQuery());
}

export function useAuthConfig() {
  return useQuery(authConfigQuery());
}

/** After sign-in/out every cached per-user answer is stale; drop them all and reload "me". */
export function useResetSession() {
  const qc = useQueryClient();
  return async () => {
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.all[0] });
    await qc.invalidateQueries({ queryKey: accountKeys.me });
    await qc.invalidateQueries({ queryKey: authKeys.setup });
  };
}
