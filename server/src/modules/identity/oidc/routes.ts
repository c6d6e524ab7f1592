// HTTP side of OpenID Connect sign-in: /api/auth/oidc/{provider}/start and /callback.
// Both are browser navigations, so failures redirect to the sign-in page with ?oidc_error=<code>
// instead of answering JSON; only an unknown provider answers a JSON 404.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorBody, requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { authEvent } from "../events.ts";
import { setSessionCookies } from "../hook.ts";
import { FLOW_COOKIE, FLOW_TTL_MS, OidcSignIn, OidcSignInError } from "./client.ts";
import { signInWithOidc } from "./service.ts";

const params = z.object({
  provider: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, "must be a provider id")
    .describe("The provider id from OIDC_PROVIDERS"),
});
const redirect = z.null().describe("Redirect (Location header)");
const callbackQuery = z
  .object({
    code: z.string().max(4096).optional(),
    state: z.string().max(1024).optional(),
    iss: z.string().max(2048).optional(),
    error: z.string().max(256).optional(),
    error_description: z.string().max(2048).optional(),
  })
  .loose();

/** Registers the OIDC routes. */
export async function oidcRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const signIn = new OidcSignIn(platform);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = platform.config.publicUrl.startsWith("https://");
  const flowCookie = { path: "/api/auth/oidc", httpOnly: true, sameSite: "lax" as const, secure };
  const fail = (reply: FastifyReply, code: string) =>
    reply.clearCookie(FLOW_COOKIE, flowCookie).redirect(`/login?oidc_error=${encodeURIComponent(code)}`, 302);

  const unknown = (reply: FastifyReply, id: string, requestId: string) =>
    reply.status(404).send({ code: "not_found", message: `No sign-in provider "${id}"`, requestId });

  r.get(
    "/api/auth/oidc/:provider/start",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Start signing in with an OpenID Connect provider (browser redirect)",
        params,
        response: { 302: redirect, 400: errorBody, 404: errorBody },
      },
    },
    async (request, reply) => {
      const p = signIn.provider(request.params.provider);
      if (!p) return unknown(reply, request.params.provider, request.id);
      try {
        const { location, cookie } = await signIn.start(p);
        reply.setCookie(FLOW_COOKIE, cookie, { ...flowCookie, maxAge: FLOW_TTL_MS / 1000 });
        return reply.redirect(location, 302);
      } catch (err) {
        if (!(err instanceof OidcSignInError)) throw err;
        request.log.warn({ provider: p.id, reason: err.message }, "oidc start failed");
        return fail(reply, err.code);
      }
    },
  );

  r.get(
    "/api/auth/oidc/:provider/callback",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Finish signing in with an OpenID Connect provider (redirect target)",
        params,
        querystring: callbackQuery,
        response: { 302: redirect, 400: errorBody, 404: errorBody },
      },
    },
    async (request, reply) => {
      const p = signIn.provider(request.params.provider);
      if (!p) return unknown(reply, request.params.provider, request.id);
      const ctx = requestCtx(platform, request);
      const query = new URL(request.url, "http://local").searchParams;
      try {
        const who = await signIn.identify(p, query, request.cookies[FLOW_COOKIE]);
        const outcome = await signInWithOidc({ ctx, input: who });
        reply.clearCookie(FLOW_COOKIE, flowCookie);
        if (outcome.kind === "pending_approval") return reply.redirect("/login?oidc=pending_approval", 302);
        setSessionCookies(reply, platform.config, outcome.session.token, outcome.session.expiresAt);
        return reply.redirect("/", 302);
      } catch (err) {
        if (!(err instanceof OidcSignInError)) throw err;
        request.log.info({ provider: p.id, code: err.code, reason: err.message }, "oidc sign-in refused");
        await authEvent(ctx, null, "login_failure", false, {
          method: "oidc",
          provider: p.id,
          reason: err.code,
        });
        return fail(reply, err.code);
      }
    },
  );
}
