// Broker connection routes: a signed-in user's own connections. Credentials go in, never out.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, requestCtx, routeErrors } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { connectionInput, connectionOut, connectionPatch, syncOut } from "./contracts.ts";
import * as svc from "./service.ts";

export async function connectionRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["portfolio"];

  app.get(
    "/api/portfolio/connections",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Your broker connections, with the state of their last sync",
        response: { 200: z.object({ connections: z.array(connectionOut) }), ...routeErrors },
      },
    },
    async (req) => ({ connections: await svc.listConnections({ ctx: ctxOf(req), input: undefined }) }),
  );
  app.post(
    "/api/portfolio/connections",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary:
          "Connect a broker (Alpaca API key, or an Interactive Brokers Flex token and query id); credentials are encrypted at rest",
        body: connectionInput,
        response: { 201: connectionOut, ...routeErrors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.createConnection({ ctx: ctxOf(req), input: req.body })),
  );
  app.get(
    "/api/portfolio/connections/:id",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "One of your connections",
        params: idParams,
        response: { 200: connectionOut, ...routeErrors },
      },
    },
    async (req) => svc.getConnection({ ctx: ctxOf(req), input: { id: req.params.id } }),
  );
  app.patch(
    "/api/portfolio/connections/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Replace the credentials, change the account synced into, permissions, or pause it",
        params: idParams,
        body: connectionPatch,
        response: { 200: connectionOut, ...routeErrors },
      },
    },
    async (req) => svc.updateConnection({ ctx: ctxOf(req), input: { id: req.params.id, patch: req.body } }),
  );
  app.delete(
    "/api/portfolio/connections/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Disconnect (the synced transactions stay in the ledger)",
        params: idParams,
        response: { 204: z.null(), ...routeErrors },
      },
    },
    async (req, reply) => {
      await svc.deleteConnection({ ctx: ctxOf(req), input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/portfolio/connections/:id/sync",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary:
          "Sync now: pull activities, positions and cash into the ledger (idempotent); a failure changes nothing and is answered in the outcome",
        params: idParams,
        response: { 200: syncOut, ...routeErrors },
      },
    },
    async (req) => svc.syncConnection({ ctx: ctxOf(req), input: { id: req.params.id } }),
  );
}
