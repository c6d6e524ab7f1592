// Sessions over HTTP: signing in and out (/api/auth/login, /api/auth/logout) and the signed-in user's
// sessions (/api/me/sessions).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { idParams, toUserOut } from "../contracts.ts";
import { clearSessionCookies, setDeviceCookie, setSessionCookies } from "../hook.ts";
import { empty, errors, typed } from "../route-kit.ts";
import { authResult, loginBody, sessionOut, toSessionOut } from "./contracts.ts";
import { DEVICE_COOKIE } from "./device.ts";
import { listSessions, login, logout, revokeAllSessions, revokeSession } from "./service.ts";

/** /api/auth/login and /api/auth/logout: signing in and out. */
export async function signInRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);
  const { config } = platform;

  app.post(
    "/api/auth/login",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Sign in with username or email, password and (with MFA) a TOTP or recovery code",
        body: loginBody,
        response: { 200: authResult, ...errors },
      },
    },
    async (req, reply) => {
      const r = await login({ ctx: ctxOf(req), input: { ...req.body, device: req.cookies[DEVICE_COOKIE] } });
      setSessionCookies(reply, config, r.token, r.expiresAt);
      setDeviceCookie(reply, config, r.device);
      return { user: toUserOut(r.user), token: r.token, expiresAt: r.expiresAt.toISOString() };
    },
  );

  app.post(
    "/api/auth/logout",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Sign out (ends this session)",
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await logout({ ctx: ctxOf(req), input: undefined });
      clearSessionCookies(reply, config);
      return reply.status(204).send(null);
    },
  );
}

/** /api/me/sessions: the signed-in user's sessions. */
export async function sessionsRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);
  const { config } = platform;

  app.get(
    "/api/me/sessions",
    {
      config: { access: "read" },
      schema: {
        tags: ["me"],
        summary: "My active sessions",
        response: { 200: z.object({ sessions: z.array(sessionOut) }), ...errors },
      },
    },
    async (req) => ({
      sessions: (await listSessions({ ctx: ctxOf(req), input: undefined })).map((s) =>
        toSessionOut(s, req.actor?.sessionId),
      ),
    }),
  );

  app.delete(
    "/api/me/sessions/:id",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Revoke one of my sessions",
        params: idParams,
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
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Sign out everywhere (this session too)",
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
