// Planning's requests: the risk questionnaire and profile, target allocations with rebalancing, goals
// and the X-ray. Per-user, under ["me", "portfolio", "planning"]; a ledger change invalidates them
// with the rest of the portfolio.
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";
import type { RequestBody, ResponseBody } from "../../api/models.ts";
import { portfolioKeys } from "./queries.ts";

export type Questions = ResponseBody<"/api/portfolio/risk-profile/questions", "get">;
export type RiskProfile = ResponseBody<"/api/portfolio/risk-profile", "get">["profile"];
export type Allocations = ResponseBody<"/api/portfolio/allocations", "get">;
export type Dimension = Allocations["dimensions"][number]["dimension"];
export type AllocationsInput = RequestBody<"/api/portfolio/allocations", "put">;
export type Goal = ResponseBody<"/api/portfolio/goals", "get">["goals"][number];
export type GoalInput = RequestBody<"/api/portfolio/goals", "post">;
export type XRay = ResponseBody<"/api/portfolio/xray", "get">;

export const DIMENSIONS: Dimension[] = ["assetClass", "market", "sector", "currency", "instrument"];

const key = (...parts: unknown[]) => [...portfolioKeys.all, "planning", ...parts] as const;

export const questionsQuery = () =>
  queryOptions({
    queryKey: ["portfolio", "risk-questions"],
    queryFn: () => unwrap(api.GET("/api/portfolio/risk-profile/questions")),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const riskProfileQuery = () =>
  queryOptions({
    queryKey: key("risk"),
    queryFn: async () => (await unwrap(api.GET("/api/portfolio/risk-profile"))).profile,
  });

export interface RebalanceOptions {
  dimension?: Dimension | undefined;
  allowSell: boolean;
  fractional: boolean;
}

export const allocationsQuery = (o: RebalanceOptions) =>
  queryOptions({
    queryKey: key("allocations", o),
    queryFn: () =>
      unwrap(
        api.GET("/api/portfolio/allocations", {
          params: {
            query: {
              ...(o.dimension ? { dimension: o.dimension } : {}),
              allowSell: o.allowSell ? "true" : "false",
              fractional: o.fractional ? "true" : "false",
            },
          },
        }),
      ),
  });

export const goalsQuery = () =>
  queryOptions({
    queryKey: key("goals"),
    queryFn: async () => (await unwrap(api.GET("/api/portfolio/goals"))).goals,
  });

export const xrayQuery = () =>
  queryOptions({ queryKey: key("xray"), queryFn: () => unwrap(api.GET("/api/portfolio/xray")) });

/** The sum of percentage strings, to two decimals, in hundredths (integers: no float drift). */
export function sumPct(values: string[]): string {
  let hundredths = 0;
  for (const v of values) {
    const m = /^(\d+)(?:\.(\d{1,2})\d*)?$/.exec(v.trim());
    if (!m) continue;
    hundredths += Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  }
  const int = Math.floor(hundredths / 100);
  const frac = String(hundredths % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return frac ? `${int}.${frac}` : String(int);
}
