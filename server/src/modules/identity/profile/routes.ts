// /api/me: the signed-in account — who I am, profile, settings, password, email, deleting the account.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { requestCtx, sendEmpty } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { passwordBody, toUserOut } from "../contracts.ts";
import {
  clearSessionCookies,
  requestSessionToken,
  requestUser,
  SESSION_COOKIE,
  setCsrfCookie,
} from "../hook.ts";
import { resendEmailVerification } from "../registration/service.ts";
import { empty, errors, typed } from "../route-kit.ts";
import {
  type MeOut,
  meOut,
  passwordChangeBody,
  profileOut,
  profilePatch,
  settingsOut,
  settingsPatch,
  toProfileOut,
  toSettingsOut,
} from "./contracts.ts";
import {
  changePassword,
  deleteAccount,
  getMe,
  getProfile,
  getSettings,
  updateProfile,
  updateSettings,
} from "./service.ts";

type MeRows = Awaited<ReturnType<typeof getMe>>;
/**
 * /api/me's answer, converted once per cached user row and profile/settings pair: within the auth
 * cache's lifetime the same row objects come back for every request (they are never mutated; a
 * change replaces them), so the Date → ISO conversions need not run each time.
 */
const meAnswers = new WeakMap<object, { profile: object; settings: object; out: MeOut }>();
function meAnswer(me: MeRows): MeOut {
  const hit = meAnswers.get(me.user);
  if (hit && hit.profile === me.profile && hit.settings === me.settings) return hit.out;
  const out = {
    user: toUserOut(me.user),
    profile: toProfileOut(me.profile),
    settings: toSettingsOut(me.settings),
  };
  meAnswers.set(me.user, { profile: me.profile, settings: me.settings, out });
  return out;
}

export async function profileRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  const app = typed(fastify);
  const ctxOf = (req: Parameters<typeof requestCtx>[1]) => requestCtx(platform, req);
  const { config } = platform;

  app.get(
    "/api/me",
    {
      config: { access: "read" },
      schema: {
        tags: ["me"],
        summary: "The signed-in user, profile and settings",
        response: { 200: meOut, ...errors },
      },
    },
    async (req, reply) => {
      const me = await getMe({ ctx: ctxOf(req), input: { loaded: requestUser(req) } });
      const token = requestSessionToken(req);
      if (req.actor?.viaCookie && token) setCsrfCookie(reply, config, token);
      return meAnswer(me);
    },
  );

  app.get(
    "/api/auth/session",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Who is signed in: the same answer as GET /api/me, or me: null when nobody is",
        description:
          "For a web page that must know whether its visitor is signed in: a visitor who is not answers 200 with `me: null` (a normal state, not an error), so a signed-out page logs no failed request. A session cookie that no longer signs anyone in is cleared. API clients use GET /api/me, which answers 401 without a credential.",
        response: { 200: z.object({ me: meOut.nullable() }), ...errors },
      },
    },
    async (req, reply) => {
      if (!req.actor) {
        if (req.cookies[SESSION_COOKIE]) clearSessionCookies(reply, config);
        return { me: null };
      }
      const me = await getMe({ ctx: ctxOf(req), input: { loaded: requestUser(req) } });
      const token = requestSessionToken(req);
      if (req.actor.viaCookie && token) setCsrfCookie(reply, config, token);
      return { me: meAnswer(me) };
    },
  );

  app.delete(
    "/api/me",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Delete my account (password required)",
        body: passwordBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await deleteAccount({ ctx: ctxOf(req), input: req.body });
      clearSessionCookies(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/me/profile",
    {
      config: { access: "read" },
      schema: { tags: ["me"], summary: "My profile", response: { 200: profileOut, ...errors } },
    },
    async (req) => toProfileOut(await getProfile({ ctx: ctxOf(req), input: undefined })),
  );

  app.patch(
    "/api/me/profile",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Update my profile",
        body: profilePatch,
        response: { 200: profileOut, ...errors },
      },
    },
    async (req) => toProfileOut((await updateProfile({ ctx: ctxOf(req), input: req.body })).profile),
  );

  app.get(
    "/api/me/settings",
    {
      config: { access: "read" },
      schema: { tags: ["me"], summary: "My settings", response: { 200: settingsOut, ...errors } },
    },
    async (req) => toSettingsOut(await getSettings({ ctx: ctxOf(req), input: undefined })),
  );

  app.patch(
    "/api/me/settings",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Update my settings",
        body: settingsPatch,
        response: { 200: settingsOut, ...errors },
      },
    },
    async (req) => toSettingsOut((await updateSettings({ ctx: ctxOf(req), input: req.body })).settings),
  );

  app.post(
    "/api/me/password",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary:
          "Change my password (signs out my other sessions; revokeApiKeys: true also revokes my API keys)",
        body: passwordChangeBody,
        response: { 204: empty, ...errors },
      },
    },
    async (req, reply) => {
      await changePassword({ ctx: ctxOf(req), input: req.body });
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/me/email/resend",
    {
      config: { access: "session" },
      schema: {
        tags: ["me"],
        summary: "Send the verification email again",
        response: { 202: empty, ...errors },
      },
    },
    async (req, reply) => {
      await resendEmailVerification({ ctx: ctxOf(req), input: undefined });
      return sendEmpty(reply, 202);
    },
  );
}
