// Playbook routes (002 strategies) and the trade statistics.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, requestCtx, routeErrors } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { statsOut, statsQuery, strategyInput, strategyOut, strategyPatch } from "./contracts.ts";
import * as svc from "./service.ts";

export async function playbookRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["journal"];

  app.get(
    "/api/journal/playbooks",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Your playbooks, by name",
        response: { 200: z.object({ strategies: z.array(strategyOut) }), ...routeErrors },
      },
    },
    async (req) => svc.listStrategies({ ctx: ctxOf(req), input: undefined }),
  );
  app.post(
    "/api/journal/playbooks",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Create a playbook (name unique per user) with its rules as a checklist",
        body: strategyInput,
        response: { 201: strategyOut, ...routeErrors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.createStrategy({ ctx: ctxOf(req), input: req.body })),
  );
  app.get(
    "/api/journal/playbooks/:id",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "One of your playbooks",
        params: idParams,
        response: { 200: strategyOut, ...routeErrors },
      },
    },
    async (req) => svc.getStrategy({ ctx: ctxOf(req), input: { id: req.params.id } }),
  );
  app.patch(
    "/api/journal/playbooks/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Edit a playbook (rules keep their ids when given)",
        params: idParams,
        body: strategyPatch,
        response: { 200: strategyOut, ...routeErrors },
      },
    },
    async (req) => svc.updateStrategy({ ctx: ctxOf(req), input: { id: req.params.id, patch: req.body } }),
  );
  app.delete(
    "/api/journal/playbooks/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Delete a playbook (its trades stay)",
        params: idParams,
        response: { 204: z.null(), ...routeErrors },
      },
    },
    async (req, reply) => {
      await svc.deleteStrategy({ ctx: ctxOf(req), input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/journal/stats",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary:
          "Statistics of your closed trades (win rate, profit factor, expectancy, R, SQN, drawdown…) overall and grouped, with sample sizes and 95 % intervals",
        querystring: statsQuery,
        response: { 200: statsOut, ...routeErrors },
      },
    },
    async (req) => svc.tradeStats({ ctx: ctxOf(req), input: req.query }),
  );
}
