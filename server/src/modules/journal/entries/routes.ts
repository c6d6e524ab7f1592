// Journal entry routes: write, read, edit, delete, and search with highlighted snippets.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParams, requestCtx, routeErrors } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { entryInput, entryListOut, entryListQuery, entryOut, entryPatch } from "./contracts.ts";
import * as svc from "./service.ts";

export async function entryRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["journal"];

  app.get(
    "/api/journal/entries",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary:
          "Your journal entries, newest first; with q, best match first (English stemming, Korean by trigram) with highlighted snippets",
        querystring: entryListQuery,
        response: { 200: entryListOut, ...routeErrors },
      },
    },
    async (req) => svc.listEntries({ ctx: ctxOf(req), input: req.query }),
  );
  app.post(
    "/api/journal/entries",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Write a journal entry (Markdown), optionally linked to your trades",
        body: entryInput,
        response: { 201: entryOut, ...routeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createEntry({ ctx: ctxOf(req), input: req.body })),
  );
  app.get(
    "/api/journal/entries/:id",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "One of your journal entries",
        params: idParams,
        response: { 200: entryOut, ...routeErrors },
      },
    },
    async (req) => svc.getEntry({ ctx: ctxOf(req), input: { id: req.params.id } }),
  );
  app.patch(
    "/api/journal/entries/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Edit a journal entry; tradeIds replaces its linked trades",
        params: idParams,
        body: entryPatch,
        response: { 200: entryOut, ...routeErrors },
      },
    },
    async (req) => svc.updateEntry({ ctx: ctxOf(req), input: { id: req.params.id, patch: req.body } }),
  );
  app.delete(
    "/api/journal/entries/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Delete a journal entry",
        params: idParams,
        response: { 204: z.null(), ...routeErrors },
      },
    },
    async (req, reply) => {
      await svc.deleteEntry({ ctx: ctxOf(req), input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
}
