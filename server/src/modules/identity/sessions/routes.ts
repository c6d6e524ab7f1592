// /api/me/sessions: the signed-in user's sessions (signing in and out is in registration/routes.ts).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requestCtx, requireUser } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import * as c from "../contracts.ts";
import { clearSessionCookies } from "../hook.ts";
import { auth, empty, errors, typed } from "../route-kit.ts";
import { listSessions, revokeAllSessions, revokeSession } from "./service.ts";

export async function sessionsRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);
  const { config } = platform;

  app.get(
    "/api/me/sessions",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "My active sessions",
        ...auth,
        response: { 200: z.object({ sessions: z.array(c.sessionOut) }), ...errors },
      },
    },
    async (req) => ({
      sessions: (await listSessions({ ctx: ctxOf(req), input: undefined })).map((s) =>
        c.toSessionOut(s, req.actor?.sessionId),
      ),
    }),
  );

  app.delete(
    "/api/me/sessions/:id",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Revoke one of my sessions",
        ...auth,
        params: c.idParams,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await revokeSession({ ctx: ctxOf(req), input: req.params });
      if (req.params.id === req.actor?.sessionId) clearSessionCookies(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/me/sessions/revoke-all",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Sign out everywhere (this session too)",
        ...auth,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await revokeAllSessions({ ctx: ctxOf(req), input: undefined });
      clearSessionCookies(reply, config);
      return reply.status(204).send(null);
    },
  );
}
