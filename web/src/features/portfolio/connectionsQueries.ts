// Queries and writes of the broker connections page. The list sits under ["me", "portfolio"], so a
// sync (which changes the ledger) refreshes it with every other portfolio answer.
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";
import type { RequestBody, ResponseBody } from "../../api/models.ts";
import { portfolioKeys } from "./queries.ts";

export type Connection = ResponseBody<"/api/portfolio/connections", "get">["connections"][number];
export type ConnectionInput = RequestBody<"/api/portfolio/connections", "post">;
export type ConnectionPatch = RequestBody<"/api/portfolio/connections/{id}", "patch">;
export type SyncResult = ResponseBody<"/api/portfolio/connections/{id}/sync", "post">;
export type SyncOutcome = SyncResult["outcome"];
export type Broker = Connection["broker"];

export const BROKERS: Broker[] = ["alpaca", "ibkr-flex"];

export const connectionsQuery = () =>
  queryOptions({
    queryKey: [...portfolioKeys.all, "connections"] as const,
    queryFn: async () => (await unwrap(api.GET("/api/portfolio/connections"))).connections,
  });

export const createConnection = (body: ConnectionInput) =>
  unwrap(api.POST("/api/portfolio/connections", { body }));

export const updateConnection = (id: string, body: ConnectionPatch) =>
  unwrap(api.PATCH("/api/portfolio/connections/{id}", { params: { path: { id } }, body }));

export const deleteConnection = (id: string) =>
  unwrap(api.DELETE("/api/portfolio/connections/{id}", { params: { path: { id } } }));

export const syncConnection = (id: string) =>
  unwrap(api.POST("/api/portfolio/connections/{id}/sync", { params: { path: { id } } }));
