// /api/auth/*: the public endpoints — registration, the first administrator, sign-in and out,
// email verification and password reset.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import * as c from "../contracts.ts";
import { clearSessionCookies, setSessionCookies } from "../hook.ts";
import { confirmPasswordReset, requestPasswordReset } from "../password-reset/service.ts";
import { empty, errors, typed } from "../route-kit.ts";
import { login, logout } from "../sessions/service.ts";
import { register, setupFirstAdmin, setupNeeded, verifyEmail } from "./service.ts";

export async function authRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);
  const { config } = platform;

  app.get(
    "/api/auth/config",
    {
      schema: {
        tags: ["auth"],
        summary: "Registration mode and sign-in providers",
        response: {
          200: z.object({
            registrationMode: z.enum(["open", "approval", "invite", "closed"]),
            oidcProviders: z.array(z.object({ id: z.string(), name: z.string() })),
          }),
        },
      },
    },
    async () => ({
      registrationMode: config.REGISTRATION_MODE,
      oidcProviders: config.OIDC_PROVIDERS.map((p) => ({ id: p.id, name: p.name })),
    }),
  );

  app.get(
    "/api/auth/setup",
    {
      schema: {
        tags: ["auth"],
        summary: "Whether the first administrator still has to be created",
        response: { 200: z.object({ needed: z.boolean() }) },
      },
    },
    async (req) => ({ needed: await setupNeeded({ ctx: ctxOf(req), input: undefined }) }),
  );

  app.post(
    "/api/auth/setup",
    {
      schema: {
        tags: ["auth"],
        summary: "Create the first administrator with the setup token printed at start",
        body: c.setupBody,
        response: { 201: z.object({ user: c.userOut, token: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const r = await setupFirstAdmin({ ctx: ctxOf(req), input: req.body });
      setSessionCookies(reply, config, r.token, r.expiresAt);
      return reply.status(201).send({ user: c.toUserOut(r.user), token: r.token });
    },
  );

  app.post(
    "/api/auth/register",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign up (per REGISTRATION_MODE)",
        body: c.registerBody,
        response: {
          201: z.object({ user: c.userOut, status: z.enum(["active", "pending_approval"]) }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const u = await register({ ctx: ctxOf(req), input: req.body });
      return reply
        .status(201)
        .send({ user: c.toUserOut(u), status: u.status as "active" | "pending_approval" });
    },
  );

  app.post(
    "/api/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign in with username or email, password and (with MFA) a TOTP or recovery code",
        body: c.loginBody,
        response: { 200: c.authResult, ...errors },
      },
    },
    async (req, reply) => {
      const r = await login({ ctx: ctxOf(req), input: req.body });
      setSessionCookies(reply, config, r.token, r.expiresAt);
      return { user: c.toUserOut(r.user), token: r.token, expiresAt: r.expiresAt.toISOString() };
    },
  );

  app.post(
    "/api/auth/logout",
    {
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

  app.post(
    "/api/auth/verify-email",
    {
      schema: {
        tags: ["auth"],
        summary: "Confirm an email address with the emailed token",
        body: c.tokenBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await verifyEmail({ ctx: ctxOf(req), input: req.body });
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/auth/password-reset/request",
    {
      schema: {
        tags: ["auth"],
        summary: "Email a password-reset link (answers 202 whether or not the account exists)",
        body: c.resetRequestBody,
        response: { 202: empty, ...errors },
      },
    },
    async (req, reply) => {
      await requestPasswordReset({ ctx: ctxOf(req), input: req.body });
      return reply.status(202).send(null);
    },
  );

  app.post(
    "/api/auth/password-reset/confirm",
    {
      schema: {
        tags: ["auth"],
        summary: "Set a new password with the emailed token (signs out everywhere)",
        body: c.resetConfirmBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await confirmPasswordReset({ ctx: ctxOf(req), input: req.body });
      return reply.status(204).send(null);
    },
  );
}
