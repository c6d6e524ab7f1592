// /api/me/mfa: two-factor authentication of the signed-in user (the admin reset is in admin/routes.ts).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { passwordBody } from "../contracts.ts";
import { empty, errors, typed } from "../route-kit.ts";
import { mfaDisableBody, mfaRecoveryCodesBody, mfaStatusOut, mfaVerifyBody } from "./contracts.ts";
import { disableMfa, enrollMfa, getMfaStatus, regenerateRecoveryCodes, verifyMfa } from "./service.ts";

export async function mfaRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);

  app.get(
    "/api/me/mfa",
    {
      config: { access: "read" },
      schema: {
        tags: ["me"],
        summary: "Whether two-factor authentication is on, and how many unused recovery codes are left",
        response: { 200: mfaStatusOut, ...errors },
      },
    },
    async (req) => getMfaStatus({ ctx: ctxOf(req), input: undefined }),
  );

  app.post(
    "/api/me/mfa/enroll",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Start TOTP enrolment (password required)",
        body: passwordBody,
        response: {
          200: z.object({ secret: z.string(), otpauthUrl: z.string(), qrCodeDataUrl: z.string() }),
          ...errors,
        },
      },
    },
    async (req) => enrollMfa({ ctx: ctxOf(req), input: req.body }),
  );

  app.post(
    "/api/me/mfa/verify",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary:
          "Confirm TOTP enrolment; returns ten recovery codes once (signs out my other sessions; revokeApiKeys: true also revokes my API keys)",
        body: mfaVerifyBody,
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }), ...errors },
      },
    },
    async (req) => ({ recoveryCodes: await verifyMfa({ ctx: ctxOf(req), input: req.body }) }),
  );

  app.post(
    "/api/me/mfa/disable",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Turn TOTP off (password and a current code required)",
        body: mfaDisableBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await disableMfa({ ctx: ctxOf(req), input: req.body });
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/me/mfa/recovery-codes",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary:
          "New recovery codes (password and a current code required); the old ones stop working, the ten new ones are returned once",
        body: mfaRecoveryCodesBody,
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }), ...errors },
      },
    },
    async (req) => ({ recoveryCodes: await regenerateRecoveryCodes({ ctx: ctxOf(req), input: req.body }) }),
  );
}
