import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorBody, requestCtx } from "../../platform/http.ts";
import type { Platform } from "../../platform/platform.ts";
import { idParams, listQuery, listResponse, preferencesBody, preferencesResponse } from "./contracts.ts";
import * as service from "./service.ts";

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

export async function notifyRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ["notifications"];

  app.get(
    "/api/notifications",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "My notifications, newest first, with the unread count",
        querystring: listQuery,
        response: { 200: listResponse, ...errors },
      },
    },
    async (request) =>
      service.listNotifications({ ctx: requestCtx(platform, request), input: request.query }),
  );

  app.post(
    "/api/notifications/read-all",
    {
      config: { access: "trade" },
      schema: { tags, summary: "Mark all my notifications read", response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await service.markAllNotificationsRead({ ctx: requestCtx(platform, request), input: undefined });
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/notifications/:id/read",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Mark one of my notifications read",
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.markNotificationRead({ ctx: requestCtx(platform, request), input: request.params });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/notifications/preferences",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "My notification channel preferences",
        response: { 200: preferencesResponse, ...errors },
      },
    },
    async (request) => service.getPreferences({ ctx: requestCtx(platform, request), input: undefined }),
  );

  app.put(
    "/api/notifications/preferences",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Set notification channel preferences ('*' type = default for a channel)",
        body: preferencesBody,
        response: { 200: preferencesResponse, ...errors },
      },
    },
    async (request) => service.setPreferences({ ctx: requestCtx(platform, request), input: request.body }),
  );
}
