// Planning routes: the risk questionnaire and profile, target allocations (drift and rebalancing),
// goals with projections, and the X-ray. Every answer is the caller's own.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, requestCtx, routeErrors } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import {
  allocationsInput,
  allocationsOut,
  allocationsQuery,
  goalInput,
  goalOut,
  goalPatch,
  questionsOut,
  riskAnswersInput,
  riskProfileOut,
  xrayOut,
  xrayQuery,
} from "./contracts.ts";
import * as goals from "./goals.ts";
import * as svc from "./service.ts";

export async function planningRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["portfolio"];

  app.get(
    "/api/portfolio/risk-profile/questions",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary:
          "The risk questionnaire: stable question and option ids, weights, points and the profiles' model allocations",
        response: { 200: questionsOut, ...routeErrors },
      },
    },
    async (req) => svc.riskQuestions({ ctx: ctxOf(req), input: {} }),
  );
  app.get(
    "/api/portfolio/risk-profile",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Your risk profile (null until you answer the questionnaire)",
        response: { 200: riskProfileOut, ...routeErrors },
      },
    },
    async (req) => svc.getRiskProfile({ ctx: ctxOf(req), input: {} }),
  );
  app.put(
    "/api/portfolio/risk-profile",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Answer the questionnaire: every question with one of its options (400 names the question)",
        body: riskAnswersInput,
        response: { 200: riskProfileOut, ...routeErrors },
      },
    },
    async (req) => svc.saveRiskProfile({ ctx: ctxOf(req), input: req.body }),
  );

  app.get(
    "/api/portfolio/allocations",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Target allocations with current weights, drift and rebalancing trades",
        description:
          "Every dimension (assetClass, market, sector, currency, instrument) with its slices' current and target weights and drift (percentage points and value). Cash is the slice `cash` (in the currency dimension, its currency). The `dimension` asked for (default: the first with targets) also gets the trades that move its out-of-band slices toward their targets: spending only spare cash unless allowSell, in whole lots (KRX 1 share; US 1 share or 0.0001 with fractional), none under minTrade.",
        querystring: allocationsQuery,
        response: { 200: allocationsOut, ...routeErrors },
      },
    },
    async (req) => svc.getAllocations({ ctx: ctxOf(req), input: req.query }),
  );
  app.put(
    "/api/portfolio/allocations",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary:
          "Set target allocations for the dimensions given (each must sum to 100 %; an empty list clears one)",
        body: allocationsInput,
        response: { 200: allocationsOut, ...routeErrors },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const saved = await svc.saveAllocations({ ctx, input: req.body });
      return svc.allocationsAfterSave(ctx, saved.accountId);
    },
  );

  app.get(
    "/api/portfolio/goals",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Your goals, soonest first, each with progress and projection",
        response: { 200: z.object({ goals: z.array(goalOut) }), ...routeErrors },
      },
    },
    async (req) => ({ goals: await goals.listGoals({ ctx: ctxOf(req), input: {} }) }),
  );
  app.post(
    "/api/portfolio/goals",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary:
          "Create a goal (amount, currency, date, counted accounts, monthly contribution, expected return)",
        body: goalInput,
        response: { 201: goalOut, ...routeErrors },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const row = await goals.createGoal({ ctx, input: req.body });
      return reply.status(201).send(await goals.getGoal({ ctx, input: { id: row.id } }));
    },
  );
  app.get(
    "/api/portfolio/goals/:id",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "One of your goals with progress and projection",
        params: idParams,
        response: { 200: goalOut, ...routeErrors },
      },
    },
    async (req) => goals.getGoal({ ctx: ctxOf(req), input: { id: req.params.id } }),
  );
  app.patch(
    "/api/portfolio/goals/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Change a goal",
        params: idParams,
        body: goalPatch,
        response: { 200: goalOut, ...routeErrors },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await goals.updateGoal({ ctx, input: { id: req.params.id, patch: req.body } });
      return goals.getGoal({ ctx, input: { id: req.params.id } });
    },
  );
  app.delete(
    "/api/portfolio/goals/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Delete a goal",
        params: idParams,
        response: { 204: z.null(), ...routeErrors },
      },
    },
    async (req, reply) => {
      await goals.deleteGoal({ ctx: ctxOf(req), input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/portfolio/xray",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Portfolio X-ray: concentration, currency exposure, cash drag, fees, market split and drift",
        description:
          "Each check has a status (ok, info, warning, alert, unavailable), its figures and a sentence. Thresholds: docs/portfolio.md.",
        querystring: xrayQuery,
        response: { 200: xrayOut, ...routeErrors },
      },
    },
    async (req) => svc.getXray({ ctx: ctxOf(req), input: req.query }),
  );
}
