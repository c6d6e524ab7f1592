// Identity's HTTP routes (/work/notes/API.md): thin handlers over the service verbs.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorBody, requestCtx, requireAdmin, requireUser } from "../../platform/http.ts";
import type { Platform } from "../../platform/platform.ts";
import * as c from "./contracts.ts";
import {
  clearSessionCookies,
  requestSessionToken,
  requestUser,
  setCsrfCookie,
  setSessionCookies,
} from "./hook.ts";
import type { Deps } from "./service.ts";
import * as svc from "./service.ts";

const errors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  429: errorBody,
};
const empty = z.null().describe("No content");
const auth: { security: Record<string, string[]>[] } = { security: [{ bearer: [] }, { cookie: [] }] };

type MeRows = Awaited<ReturnType<typeof svc.getMe>>;
/**
 * /api/me's answer, converted once per cached user row and profile/settings pair: within the auth
 * cache's lifetime the same row objects come back for every request (they are never mutated; a
 * change replaces them), so the Date → ISO conversions need not run each time.
 */
const meAnswers = new WeakMap<object, { profile: object; settings: object; out: c.MeOut }>();
function meAnswer(me: MeRows): c.MeOut {
  const hit = meAnswers.get(me.user);
  if (hit && hit.profile === me.profile && hit.settings === me.settings) return hit.out;
  const out = {
    user: c.toUserOut(me.user),
    profile: c.toProfileOut(me.profile),
    settings: c.toSettingsOut(me.settings),
  };
  meAnswers.set(me.user, { profile: me.profile, settings: me.settings, out });
  return out;
}

export async function identityRoutes(
  fastify: FastifyInstance,
  platform: Platform,
  deps: Deps,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);
  const { config } = platform;

  // ------------------------------------------------------------------ auth (public)

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
    async () => ({ needed: await svc.setupNeeded(platform.database.db) }),
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
      const r = await svc.setupFirstAdmin(ctxOf(req), deps, req.body);
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
      const u = await svc.register(ctxOf(req), deps, req.body);
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
      const r = await svc.login(ctxOf(req), deps, req.body);
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
      await svc.logout(ctxOf(req));
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
      await svc.verifyEmail(ctxOf(req), deps, req.body.token);
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
      await svc.requestPasswordReset(ctxOf(req), deps, req.body.email);
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
      await svc.confirmPasswordReset(ctxOf(req), deps, req.body);
      return reply.status(204).send(null);
    },
  );

  // ------------------------------------------------------------------ me

  app.get(
    "/api/me",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "The signed-in user, profile and settings",
        ...auth,
        response: { 200: c.meOut, ...errors },
      },
    },
    async (req, reply) => {
      const me = await svc.getMe(ctxOf(req), requestUser(req));
      const token = requestSessionToken(req);
      if (req.actor?.viaCookie && token) setCsrfCookie(reply, config, token);
      return meAnswer(me);
    },
  );

  app.delete(
    "/api/me",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Delete my account (password required)",
        ...auth,
        body: c.passwordBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await svc.deleteAccount(ctxOf(req), deps, req.body);
      clearSessionCookies(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/me/profile",
    {
      preHandler: requireUser,
      schema: { tags: ["me"], summary: "My profile", ...auth, response: { 200: c.profileOut, ...errors } },
    },
    async (req) => c.toProfileOut(await svc.getProfile(ctxOf(req))),
  );

  app.patch(
    "/api/me/profile",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Update my profile",
        ...auth,
        body: c.profilePatch,
        response: { 200: c.profileOut, ...errors },
      },
    },
    async (req) => c.toProfileOut(await svc.updateProfile(ctxOf(req), req.body)),
  );

  app.get(
    "/api/me/settings",
    {
      preHandler: requireUser,
      schema: { tags: ["me"], summary: "My settings", ...auth, response: { 200: c.settingsOut, ...errors } },
    },
    async (req) => c.toSettingsOut(await svc.getSettings(ctxOf(req))),
  );

  app.patch(
    "/api/me/settings",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Update my settings",
        ...auth,
        body: c.settingsPatch,
        response: { 200: c.settingsOut, ...errors },
      },
    },
    async (req) => c.toSettingsOut(await svc.updateSettings(ctxOf(req), req.body)),
  );

  app.post(
    "/api/me/password",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Change my password (signs out my other sessions)",
        ...auth,
        body: c.passwordChangeBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await svc.changePassword(ctxOf(req), deps, req.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/me/email/resend",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Send the verification email again",
        ...auth,
        response: { 202: empty, ...errors },
      },
    },
    async (req, reply) => {
      await svc.resendEmailVerification(ctxOf(req), deps);
      return reply.status(202).send(null);
    },
  );

  app.post(
    "/api/me/phone/request",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Text a 6-digit code to verify a phone number",
        ...auth,
        body: c.phoneRequestBody,
        response: { 202: empty, ...errors },
      },
    },
    async (req, reply) => {
      await svc.requestPhoneCode(ctxOf(req), deps, req.body);
      return reply.status(202).send(null);
    },
  );

  app.post(
    "/api/me/phone/verify",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Verify the phone number with the texted code",
        ...auth,
        body: c.codeBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await svc.verifyPhone(ctxOf(req), deps, req.body);
      return reply.status(204).send(null);
    },
  );

  // ------------------------------------------------------------------ sessions

  app.get(
    "/api/me/sessions",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "My active sessions",
        ...auth,
        response: { 200: z.object({ sessions: z.array(c.sessionOut) }), ...errors },
      },
    },
    async (req) => ({
      sessions: (await svc.listSessions(ctxOf(req))).map((s) => c.toSessionOut(s, req.actor?.sessionId)),
    }),
  );

  app.delete(
    "/api/me/sessions/:id",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Revoke one of my sessions",
        ...auth,
        params: c.idParams,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await svc.revokeSession(ctxOf(req), req.params.id);
      if (req.params.id === req.actor?.sessionId) clearSessionCookies(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/me/sessions/revoke-all",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Sign out everywhere (this session too)",
        ...auth,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await svc.revokeAllSessions(ctxOf(req));
      clearSessionCookies(reply, config);
      return reply.status(204).send(null);
    },
  );

  // ------------------------------------------------------------------ API keys

  app.post(
    "/api/me/api-keys",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Create an API key (the secret is shown once)",
        ...auth,
        body: c.apiKeyCreateBody,
        response: { 201: z.object({ apiKey: c.apiKeyOut, secret: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const r = await svc.createApiKey(ctxOf(req), req.body);
      return reply.status(201).send({ apiKey: c.toApiKeyOut(r.apiKey), secret: r.secret });
    },
  );

  app.get(
    "/api/me/api-keys",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "My API keys",
        ...auth,
        response: { 200: z.object({ apiKeys: z.array(c.apiKeyOut) }), ...errors },
      },
    },
    async (req) => ({ apiKeys: (await svc.listApiKeys(ctxOf(req))).map(c.toApiKeyOut) }),
  );

  app.delete(
    "/api/me/api-keys/:id",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Revoke an API key",
        ...auth,
        params: c.idParams,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await svc.revokeApiKey(ctxOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  // ------------------------------------------------------------------ MFA

  app.post(
    "/api/me/mfa/enroll",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Start TOTP enrolment (password required)",
        ...auth,
        body: c.passwordBody,
        response: {
          200: z.object({ secret: z.string(), otpauthUrl: z.string(), qrCodeDataUrl: z.string() }),
          ...errors,
        },
      },
    },
    async (req) => svc.enrollMfa(ctxOf(req), deps, req.body),
  );

  app.post(
    "/api/me/mfa/verify",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Confirm TOTP enrolment; returns ten recovery codes once",
        ...auth,
        body: c.codeBody,
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }), ...errors },
      },
    },
    async (req) => ({ recoveryCodes: await svc.verifyMfa(ctxOf(req), deps, req.body) }),
  );

  app.post(
    "/api/me/mfa/disable",
    {
      preHandler: requireUser,
      schema: {
        tags: ["me"],
        summary: "Turn TOTP off (password and a current code required)",
        ...auth,
        body: c.mfaDisableBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await svc.disableMfa(ctxOf(req), deps, req.body);
      return reply.status(204).send(null);
    },
  );

  // ------------------------------------------------------------------ admin

  app.get(
    "/api/admin/users",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        summary: "Users, optionally by status",
        ...auth,
        querystring: c.listUsersQuery,
        response: { 200: z.object({ users: z.array(c.userOut) }), ...errors },
      },
    },
    async (req) => ({ users: (await svc.listUsers(ctxOf(req), req.query)).map(c.toUserOut) }),
  );

  for (const action of ["approve", "reject", "suspend", "reactivate"] as const) {
    app.post(
      `/api/admin/users/:id/${action}`,
      {
        preHandler: requireAdmin,
        schema: {
          tags: ["admin"],
          summary: `${action[0].toUpperCase()}${action.slice(1)} a user`,
          ...auth,
          params: c.idParams,
          response: { 200: z.object({ user: c.userOut }), ...errors },
        },
      },
      async (req) => ({
        user: c.toUserOut(await svc.changeUserStatus(ctxOf(req), { userId: req.params.id, action })),
      }),
    );
  }

  app.post(
    "/api/admin/users/:id/role",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        summary: "Change a user's role (the last admin cannot be demoted)",
        ...auth,
        params: c.idParams,
        body: c.roleBody,
        response: { 200: z.object({ user: c.userOut }), ...errors },
      },
    },
    async (req) => ({
      user: c.toUserOut(await svc.setUserRole(ctxOf(req), { userId: req.params.id, role: req.body.role })),
    }),
  );

  app.post(
    "/api/admin/users/:id/reset-mfa",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        summary: "Turn off a user's two-factor authentication (lost device)",
        ...auth,
        params: c.idParams,
        response: { 200: z.object({ user: c.userOut }), ...errors },
      },
    },
    async (req) => ({ user: c.toUserOut(await svc.resetMfa(ctxOf(req), { userId: req.params.id })) }),
  );

  app.post(
    "/api/admin/invites",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        summary: "Create an invite code (7 days)",
        ...auth,
        body: c.inviteBody,
        response: { 201: z.object({ code: z.string(), expiresAt: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const r = await svc.createInvite(ctxOf(req), req.body);
      return reply.status(201).send({ code: r.code, expiresAt: r.expiresAt.toISOString() });
    },
  );

  app.get(
    "/api/admin/invites",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        summary: "Invite codes (without the codes themselves)",
        ...auth,
        response: { 200: z.object({ invites: z.array(c.inviteOut) }), ...errors },
      },
    },
    async (req) => ({
      invites: (await svc.listInvites(ctxOf(req))).map((i) => ({
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
