// Watchlist routes: a signed-in user's own lists.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { idParams, routeErrors } from "../contracts.ts";
import { watchlistInput, watchlistOut, watchlistPatch } from "./contracts.ts";
import * as svc from "./service.ts";

export async function watchlistRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["market"];

  app.get(
    "/api/watchlists",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Your watchlists, the default first",
        response: { 200: z.object({ watchlists: z.array(watchlistOut) }), ...routeErrors },
      },
    },
    async (req) => ({ watchlists: await svc.listWatchlists({ ctx: ctxOf(req), input: {} }) }),
  );
  app.post(
    "/api/watchlists",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Create a watchlist (your first one becomes the default)",
        body: watchlistInput,
        response: { 201: watchlistOut, ...routeErrors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.createWatchlist({ ctx: ctxOf(req), input: req.body })),
  );
  app.patch(
    "/api/watchlists/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Rename, reorder (instrumentIds in display order) or make default",
        params: idParams,
        body: watchlistPatch,
        response: { 200: watchlistOut, ...routeErrors },
      },
    },
    async (req) =>
      (await svc.updateWatchlist({ ctx: ctxOf(req), input: { id: req.params.id, patch: req.body } }))
        .watchlist,
  );
  app.delete(
    "/api/watchlists/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Delete a watchlist",
        params: idParams,
        response: { 204: z.null(), ...routeErrors },
      },
    },
    async (req, reply) => {
      await svc.deleteWatchlist({ ctx: ctxOf(req), input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
}
