// Valuation routes: holdings, performance and the decomposition of your accounts.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorBody, requestCtx, routeErrors } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import {
  decompositionQuery,
  decompositionResponse,
  holdingsOut,
  holdingsQuery,
  performanceOut,
  performanceQuery,
} from "./contracts.ts";
import * as svc from "./service.ts";

const errors = { ...routeErrors, 422: errorBody };

export async function valuationRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["portfolio"];

  app.get(
    "/api/portfolio/holdings",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary:
          "Holdings at a day's close: quantity, moving-average cost and FIFO lots, price, value, unrealised and realised P&L",
        description:
          "Derived from the ledger (never typed in). Local figures are in the instrument's currency, `…Base` in the account's base currency at the day's FX rate, `value` and totals in the answer's currency. `realised` lists every sale (FIFO or picked lots, and against the moving-average cost), newest first.",
        querystring: holdingsQuery,
        response: { 200: holdingsOut, ...errors },
      },
    },
    async (req) => svc.getHoldings({ ctx: ctxOf(req), input: req.query }),
  );
  app.get(
    "/api/portfolio/performance",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary:
          "Time- and money-weighted returns for a period, the daily value series, a benchmark and risk figures",
        description:
          "TWR links daily returns (flows counted at the start of their day when money comes in, at its end when it leaves); MWR is the XIRR of the period's flows with its start and end values. Risk figures (volatility, Sharpe, Sortino, max drawdown, beta to the benchmark) come from @bullpen/quant on the same daily returns.",
        querystring: performanceQuery,
        response: { 200: performanceOut, ...errors },
      },
    },
    async (req) => svc.getPerformance({ ctx: ctxOf(req), input: req.query }),
  );
  app.get(
    "/api/portfolio/decomposition",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary:
          "The period's gain split into price, income, FX and fees (summing exactly), per holding, with sub-periods",
        querystring: decompositionQuery,
        response: { 200: decompositionResponse, ...errors },
      },
    },
    async (req) => svc.getDecomposition({ ctx: ctxOf(req), input: req.query }),
  );
}
