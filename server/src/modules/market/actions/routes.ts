// Corporate-action routes.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { idParams, routeErrors } from "../contracts.ts";
import { actionInput, actionOut } from "./contracts.ts";
import * as svc from "./service.ts";

export async function actionRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["market"];

  app.get(
    "/api/instruments/:id/actions",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Splits, dividends and symbol changes with their adjustment factors",
        params: idParams,
        response: { 200: z.object({ actions: z.array(actionOut) }), ...routeErrors },
      },
    },
    async (req) => ({ actions: await svc.listActions({ ctx: ctxOf(req), input: { id: req.params.id } }) }),
  );

  app.post(
    "/api/instruments/:id/actions",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Record a split, dividend or symbol change (admin)",
        params: idParams,
        body: actionInput,
        response: { 201: z.object({ id: z.string() }), ...routeErrors },
      },
    },
    async (req, reply) => {
      const row = await svc.createAction({ ctx: ctxOf(req), input: { id: req.params.id, action: req.body } });
      return reply.status(201).send({ id: row.id });
    },
  );
}
