// The home dashboard's request (GET /api/home: the cards and the first-run guide) and the query keys of
// home's data. Per-user, so under ["me"]: dropped on sign-in and sign-out. Apart from queries.ts (the
// guide's mutation, with its toasts) so that HomePage can start the request without their weight.
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";
import type { ResponseBody } from "../../api/models.ts";

export type Home = ResponseBody<"/api/home", "get">;
export type HomeCardInfo = Home["cards"][number];
export type Guide = Home["guide"];
export type GuideStep = Guide["steps"][number];

export const homeKeys = {
  home: ["me", "home"] as const,
  cards: ["me", "home", "card"] as const,
  card: (id: string) => ["me", "home", "card", id] as const,
};

export const homeQuery = () =>
  queryOptions({ queryKey: homeKeys.home, queryFn: () => unwrap(api.GET("/api/home")) });
