// /api/me/api-keys: the signed-in user's API keys.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { idParams } from "../contracts.ts";
import { empty, errors, typed } from "../route-kit.ts";
import { apiKeyCreateBody, apiKeyOut, toApiKeyOut } from "./contracts.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "./service.ts";

export async function apiKeysRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);

  app.post(
    "/api/me/api-keys",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Create an API key (the secret is shown once)",
        body: apiKeyCreateBody,
        response: { 201: z.object({ apiKey: apiKeyOut, secret: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const r = await createApiKey({ ctx: ctxOf(req), input: req.body });
      return reply.status(201).send({ apiKey: toApiKeyOut(r.apiKey), secret: r.secret });
    },
  );

  app.get(
    "/api/me/api-keys",
    {
      config: { access: "read" },
      schema: {
        tags: ["me"],
        summary: "My API keys",
        response: { 200: z.object({ apiKeys: z.array(apiKeyOut) }), ...errors },
      },
    },
    async (req) => ({
      apiKeys: (await listApiKeys({ ctx: ctxOf(req), input: undefined })).map(toApiKeyOut),
    }),
  );

  app.delete(
    "/api/me/api-keys/:id",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Revoke an API key",
        params: idParams,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await revokeApiKey({ ctx: ctxOf(req), input: req.params });
      return reply.status(204).send(null);
    },
  );
}
