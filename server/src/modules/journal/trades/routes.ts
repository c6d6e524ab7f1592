// Trade routes: the caller's round-trip trades, built from the ledger.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, requestCtx, routeErrors } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import {
  manualTradeInput,
  rebuildOut,
  ruleChecksInput,
  tradeDetailOut,
  tradeListOut,
  tradeListQuery,
  tradePatch,
} from "./contracts.ts";
import * as svc from "./service.ts";

const errors = { ...routeErrors, 422: routeErrors[400] };

export async function tradeRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["journal"];

  app.get(
    "/api/journal/trades",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Your trades (round trips built from the ledger), newest entry first, with filters",
        querystring: tradeListQuery,
        response: { 200: tradeListOut, ...routeErrors },
      },
    },
    async (req) => svc.listTrades({ ctx: ctxOf(req), input: req.query }),
  );
  app.post(
    "/api/journal/trades",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary:
          "Enter a trade by hand: its fills are written to the ledger, then the trade is built from them",
        body: manualTradeInput,
        response: { 201: tradeDetailOut.extend({ transactionIds: z.array(z.string()) }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.enterTrade({ ctx: ctxOf(req), input: req.body })),
  );
  app.post(
    "/api/journal/trades/rebuild",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary:
          "Rebuild all your trades from the ledger (reads do it by themselves when the ledger changed)",
        response: { 200: rebuildOut, ...routeErrors },
      },
    },
    async (req) => svc.rebuildTrades({ ctx: ctxOf(req), input: undefined }),
  );
  app.get(
    "/api/journal/trades/:id",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "One of your trades with its ledger fills, rule ticks and journal entries",
        params: idParams,
        response: { 200: tradeDetailOut, ...routeErrors },
      },
    },
    async (req) => svc.getTrade({ ctx: ctxOf(req), input: { id: req.params.id } }),
  );
  app.patch(
    "/api/journal/trades/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Annotate a trade: playbook, planned stop and target, notes, tags",
        params: idParams,
        body: tradePatch,
        response: { 200: tradeDetailOut, ...routeErrors },
      },
    },
    async (req) => svc.updateTrade({ ctx: ctxOf(req), input: { id: req.params.id, patch: req.body } }),
  );
  app.put(
    "/api/journal/trades/:id/rules",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Tick the trade's playbook rules as followed or broken (replaces the ticks)",
        params: idParams,
        body: ruleChecksInput,
        response: { 200: tradeDetailOut, ...routeErrors },
      },
    },
    async (req) => svc.setRuleChecks({ ctx: ctxOf(req), input: { id: req.params.id, body: req.body } }),
  );
}
