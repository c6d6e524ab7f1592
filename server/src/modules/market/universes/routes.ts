// Universe routes.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { idParams, isoDate, routeErrors } from "../contracts.ts";
import { membersOut, universeInput, universeOut, versionInput } from "./contracts.ts";
import * as svc from "./service.ts";

export async function universeRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["market"];

  app.get(
    "/api/universes",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Universes and their versions",
        response: { 200: z.object({ universes: z.array(universeOut) }), ...routeErrors },
      },
    },
    async (req) => ({ universes: await svc.listUniverses({ ctx: ctxOf(req), input: {} }) }),
  );
  app.post(
    "/api/universes",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Create a universe (admin)",
        body: universeInput,
        response: { 201: z.object({ id: z.string(), name: z.string() }), ...routeErrors },
      },
    },
    async (req, reply) => {
      const u = await svc.createUniverse({ ctx: ctxOf(req), input: req.body });
      return reply.status(201).send({ id: u.id, name: u.name });
    },
  );
  app.post(
    "/api/universes/:id/versions",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Add a membership version effective from a date (admin); closes the open-ended previous one",
        description:
          "Members by instrumentId, or by isin or symbol with mic, country or market (resolved like GET /api/instruments/resolve).",
        params: idParams,
        body: versionInput,
        response: { 201: z.object({ id: z.string(), version: z.number() }), ...routeErrors },
      },
    },
    async (req, reply) => {
      const v = await svc.addUniverseVersion({
        ctx: ctxOf(req),
        input: { id: req.params.id, version: req.body },
      });
      return reply.status(201).send({ id: v.id, version: v.version });
    },
  );
  app.get(
    "/api/universes/:id/members",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Members of a universe as of a date (no survivorship bias)",
        params: idParams,
        querystring: z.object({ asOf: isoDate.optional() }),
        response: { 200: membersOut, ...routeErrors },
      },
    },
    async (req) =>
      svc.universeMembersAsOf({ ctx: ctxOf(req), input: { id: req.params.id, asOf: req.query.asOf } }),
  );
}
