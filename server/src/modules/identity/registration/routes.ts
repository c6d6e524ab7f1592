// /api/auth/*, registration's part: the sign-up settings, the first administrator, sign-up and email
// verification (sign-in and out are in sessions/routes.ts, password reset in password-reset/routes.ts).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { toUserOut, userOut } from "../contracts.ts";
import { setSessionCookies } from "../hook.ts";
import { empty, errors, typed } from "../route-kit.ts";
import { registerBody, setupBody, tokenBody } from "./contracts.ts";
import { register, setupFirstAdmin, setupNeeded, verifyEmail } from "./service.ts";

/** Registration mode and providers, the first administrator, and sign-up. */
export async function registrationRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);
  const { config } = platform;

  app.get(
    "/api/auth/config",
    {
      config: { access: "public" },
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
      config: { access: "public" },
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
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Create the first administrator with the setup token printed at start",
        body: setupBody,
        response: { 201: z.object({ user: userOut, token: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const r = await setupFirstAdmin({ ctx: ctxOf(req), input: req.body });
      setSessionCookies(reply, config, r.token, r.expiresAt);
      return reply.status(201).send({ user: toUserOut(r.user), token: r.token });
    },
  );

  app.post(
    "/api/auth/register",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Sign up (per REGISTRATION_MODE)",
        body: registerBody,
        response: {
          201: z.object({ user: userOut, status: z.enum(["active", "pending_approval"]) }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const u = await register({ ctx: ctxOf(req), input: req.body });
      return reply
        .status(201)
        .send({ user: toUserOut(u), status: u.status as "active" | "pending_approval" });
    },
  );
}

/** Email verification (registered after sign-in, where the OpenAPI document has always had it). */
export async function emailVerificationRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);

  app.post(
    "/api/auth/verify-email",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Confirm an email address with the emailed token",
        body: tokenBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await verifyEmail({ ctx: ctxOf(req), input: req.body });
      return reply.status(204).send(null);
    },
  );
}
