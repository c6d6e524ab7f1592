// /api/me/phone: verifying the account's phone number with a texted code.
import type { FastifyInstance } from "fastify";
import { requestCtx, sendEmpty } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { codeBody } from "../contracts.ts";
import { empty, errors, typed } from "../route-kit.ts";
import { phoneRequestBody } from "./contracts.ts";
import { requestPhoneCode, verifyPhone } from "./service.ts";

export async function phoneRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);

  app.post(
    "/api/me/phone/request",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Text a 6-digit code to verify a phone number",
        body: phoneRequestBody,
        response: { 202: empty, ...errors },
      },
    },
    async (req, reply) => {
      await requestPhoneCode({ ctx: ctxOf(req), input: req.body });
      return sendEmpty(reply, 202);
    },
  );

  app.post(
    "/api/me/phone/verify",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Verify the phone number with the texted code",
        body: codeBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await verifyPhone({ ctx: ctxOf(req), input: req.body });
      return reply.status(204).send(null);
    },
  );
}
