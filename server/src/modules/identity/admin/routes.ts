// /api/admin: users (list, status, role, two-factor reset) and invite codes; administrators only.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { idParams, toUserOut, userOut } from "../contracts.ts";
import { resetMfa } from "../mfa/service.ts";
import { errors, typed } from "../route-kit.ts";
import { inviteBody, inviteOut, listUsersQuery, roleBody } from "./contracts.ts";
import { changeUserStatus, createInvite, listInvites, listUsers, setUserRole } from "./service.ts";

export async function adminRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);

  app.get(
    "/api/admin/users",
    {
      config: { access: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Users, optionally by status",
        querystring: listUsersQuery,
        response: { 200: z.object({ users: z.array(userOut) }), ...errors },
      },
    },
    async (req) => ({ users: (await listUsers({ ctx: ctxOf(req), input: req.query })).map(toUserOut) }),
  );

  for (const action of ["approve", "reject", "suspend", "reactivate"] as const) {
    app.post(
      `/api/admin/users/:id/${action}`,
      {
        config: { access: "admin" },
        schema: {
          tags: ["admin"],
          summary: `${action[0].toUpperCase()}${action.slice(1)} a user`,
          params: idParams,
          response: { 200: z.object({ user: userOut }), ...errors },
        },
      },
      async (req) => {
        const r = await changeUserStatus({ ctx: ctxOf(req), input: { userId: req.params.id, action } });
        return { user: toUserOut(r.user) };
      },
    );
  }

  app.post(
    "/api/admin/users/:id/role",
    {
      config: { access: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Change a user's role (the last admin cannot be demoted)",
        params: idParams,
        body: roleBody,
        response: { 200: z.object({ user: userOut }), ...errors },
      },
    },
    async (req) => {
      const r = await setUserRole({ ctx: ctxOf(req), input: { userId: req.params.id, role: req.body.role } });
      return { user: toUserOut(r.user) };
    },
  );

  app.post(
    "/api/admin/users/:id/reset-mfa",
    {
      config: { access: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Turn off a user's two-factor authentication (lost device)",
        params: idParams,
        response: { 200: z.object({ user: userOut }), ...errors },
      },
    },
    async (req) => {
      const r = await resetMfa({ ctx: ctxOf(req), input: { userId: req.params.id } });
      return { user: toUserOut(r.user) };
    },
  );

  app.post(
    "/api/admin/invites",
    {
      config: { access: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Create an invite code (7 days)",
        body: inviteBody,
        response: { 201: z.object({ code: z.string(), expiresAt: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const r = await createInvite({ ctx: ctxOf(req), input: req.body });
      return reply.status(201).send({ code: r.code, expiresAt: r.expiresAt.toISOString() });
    },
  );

  app.get(
    "/api/admin/invites",
    {
      config: { access: "admin" },
      schema: {
        tags: ["admin"],
        summary: "Invite codes (without the codes themselves)",
        response: { 200: z.object({ invites: z.array(inviteOut) }), ...errors },
      },
    },
    async (req) => ({
      invites: (await listInvites({ ctx: ctxOf(req), input: undefined })).map((i) => ({
        id: i.id,
        email: i.email,
        createdBy: i.createdBy,
        createdAt: i.createdAt.toISOString(),
        expiresAt: i.expiresAt.toISOString(),
        usedBy: i.usedBy,
        usedAt: i.usedAt ? i.usedAt.toISOString() : null,
      })),
    }),
  );
}
