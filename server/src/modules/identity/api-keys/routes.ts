// /api/me/api-keys: the signed-in user's API keys.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { idParams } from "../contracts.ts";
import { empty, errors, typed } from "../route-kit.ts";
import { apiKeyCreateBody, apiKeyOut, apiScope, toApiKeyOut } from "./contracts.ts";
import { issuableScopes } from "./scopes.ts";
import { createApiKey, listApiKeys, removeApiKey } from "./service.ts";

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
        summary: "My API keys, and the scopes a new key may have",
        description:
          "`scopes` lists what POST may put on a new key for this account: `read`; `admin` for administrators; `trade` only once a module that trades is installed (none is yet).",
        response: {
          200: z.object({ apiKeys: z.array(apiKeyOut), scopes: z.array(apiScope) }),
          ...errors,
        },
      },
    },
    async (req) => ({
      apiKeys: (await listApiKeys({ ctx: ctxOf(req), input: undefined })).map(toApiKeyOut),
      scopes: issuableScopes(req.actor?.role === "admin" ? "admin" : "user"),
    }),
  );

  app.delete(
    "/api/me/api-keys/:id",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Revoke an API key, or remove a revoked one from the list",
        description:
          "An active key is revoked: it stops working at once and stays in the list, marked revoked. The same DELETE on a revoked key removes it from the list.",
        params: idParams,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await removeApiKey({ ctx: ctxOf(req), input: req.params });
      return reply.status(204).send(null);
    },
  );
}
