// Account routes: a signed-in user's own portfolio accounts.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, requestCtx, routeErrors } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { accountInput, accountOut, accountPatch, deleteQuery } from "./contracts.ts";
import * as svc from "./service.ts";

export async function accountRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["portfolio"];

  app.get(
    "/api/portfolio/accounts",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Your portfolio accounts, oldest first, with each ledger's size and date span",
        response: { 200: z.object({ accounts: z.array(accountOut) }), ...routeErrors },
      },
    },
    async (req) => ({ accounts: await svc.listAccounts({ ctx: ctxOf(req), input: {} }) }),
  );
  app.post(
    "/api/portfolio/accounts",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Create an account (name unique per user; base currency ISO 4217)",
        body: accountInput,
        response: { 201: accountOut, ...routeErrors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.createAccount({ ctx: ctxOf(req), input: req.body })),
  );
  app.get(
    "/api/portfolio/accounts/:id",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "One of your accounts",
        params: idParams,
        response: { 200: accountOut, ...routeErrors },
      },
    },
    async (req) => svc.getAccount({ ctx: ctxOf(req), input: { id: req.params.id } }),
  );
  app.patch(
    "/api/portfolio/accounts/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary:
          "Rename, change broker details, (de)activate; the base currency only while the ledger is empty",
        params: idParams,
        body: accountPatch,
        response: { 200: accountOut, ...routeErrors },
      },
    },
    async (req) =>
      (await svc.updateAccount({ ctx: ctxOf(req), input: { id: req.params.id, patch: req.body } })).account,
  );
  app.delete(
    "/api/portfolio/accounts/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary:
          "Delete an account; one with transactions answers 409 unless force=true (its ledger is deleted with it)",
        params: idParams,
        querystring: deleteQuery,
        response: { 204: z.null(), ...routeErrors },
      },
    },
    async (req, reply) => {
      await svc.deleteAccount({ ctx: ctxOf(req), input: { id: req.params.id, force: req.query.force } });
      return reply.status(204).send(null);
    },
  );
}
