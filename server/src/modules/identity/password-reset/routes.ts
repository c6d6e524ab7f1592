// /api/auth/password-reset/*: resetting a forgotten password by email.
import type { FastifyInstance } from "fastify";
import { requestCtx, sendEmpty } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { empty, errors, typed } from "../route-kit.ts";
import { resetConfirmBody, resetRequestBody } from "./contracts.ts";
import { confirmPasswordReset, requestPasswordReset } from "./service.ts";

export async function passwordResetRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);

  app.post(
    "/api/auth/password-reset/request",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Email a password-reset link (answers 202 whether or not the account exists)",
        body: resetRequestBody,
        response: { 202: empty, ...errors },
      },
    },
    async (req, reply) => {
      await requestPasswordReset({ ctx: ctxOf(req), input: req.body });
      return sendEmpty(reply, 202);
    },
  );

  app.post(
    "/api/auth/password-reset/confirm",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Set a new password with the emailed token (signs out everywhere, revokes every API key)",
        body: resetConfirmBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await confirmPasswordReset({ ctx: ctxOf(req), input: req.body });
      return reply.status(204).send(null);
    },
  );
}
