// The authentication hook (onRequest): sets request.actor from the session cookie or a bearer
// credential (session token or API key), with one indexed query per request, and enforces CSRF on
// cookie-authenticated writes.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { ApiScope } from "../../platform/context.ts";
import { ForbiddenError } from "../../platform/errors.ts";
import { requestCtx } from "../../platform/http.ts";
import type { Platform } from "../../platform/platform.ts";
import { getCredential, putCredential } from "./cache.ts";
import { csrfTokenFor, safeEqual, sha256 } from "./crypto.ts";
import { securityEvent } from "./events.ts";
import type { CredentialLookup, UserRow } from "./repository.ts";
import * as repo from "./repository.ts";

export const SESSION_COOKIE = "bullpen_session";
export const CSRF_COOKIE = "bullpen_csrf";
export const CSRF_HEADER = "x-csrf-token";

/** last_seen_at / last_used_at are written at most this often (avoids a write per request). */
const TOUCH_INTERVAL_MS = 60_000;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Pre-session endpoints act on no session, so a stale cookie must not block them. */
const CSRF_EXEMPT = /^\/api\/auth\/(?!logout(?:[/?]|$))/;

const loaded = new WeakMap<FastifyRequest, { user: UserRow; token: string }>();

/** The user row the hook loaded for this request (saves /api/me a query). */
export const requestUser = (request: FastifyRequest): UserRow | undefined => loaded.get(request)?.user;
/** The session token the request authenticated with (for re-issuing the CSRF cookie). */
export const requestSessionToken = (request: FastifyRequest): string | undefined =>
  loaded.get(request)?.token;

const secureCookies = (config: Config) => config.publicUrl.startsWith("https://");

/** Sets the HttpOnly session cookie and the readable CSRF cookie (both until the session's expiry). */
export function setSessionCookies(reply: FastifyReply, config: Config, token: string, expiresAt: Date): void {
  const common = { path: "/", sameSite: "lax" as const, secure: secureCookies(config), expires: expiresAt };
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrfTokenFor(token), { ...common, httpOnly: false });
}

/** Sets only the CSRF cookie for the current session (GET /api/me). */
export function setCsrfCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(CSRF_COOKIE, csrfTokenFor(token), {
    path: "/",
    sameSite: "lax",
    secure: secureCookies(config),
    httpOnly: false,
  });
}

export function clearSessionCookies(reply: FastifyReply, config: Config): void {
  const common = { path: "/", sameSite: "lax" as const, secure: secureCookies(config) };
  reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, common);
}

const API_KEY = /^bp_([0-9a-z]{8})_([A-Za-z0-9_-]{43})$/;

/** Builds the onRequest hook. Anonymous requests pass with actor null; routes decide what they need. */
export function createAuthHook(platform: Platform) {
  const { config, clock } = platform;
  const db = platform.database.db;
  const idleMs = config.SESSION_IDLE_HOURS * 3600_000;
  const ttlMs = config.AUTH_CACHE_SECONDS * 1000;
  const lookup = async (
    cacheKey: string,
    load: () => Promise<CredentialLookup | undefined>,
  ): Promise<CredentialLookup | undefined> => {
    const hit = getCredential<CredentialLookup>(cacheKey, ttlMs);
    if (hit) return hit;
    const r = await load();
    if (r) putCredential(cacheKey, r.user.id, r, ttlMs);
    return r;
  };

  return async function authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    let token: string | undefined;
    let viaCookie = false;
    if (header) {
      if (header.slice(0, 7).toLowerCase() !== "bearer ") return;
      token = header.slice(7).trim();
    } else {
      token = request.cookies?.[SESSION_COOKIE];
      viaCookie = Boolean(token);
    }
    if (!token || token.length > 200) return;
    const now = clock.now();

    const key = API_KEY.exec(token);
    if (key) {
      const r = await lookup(`k:${key[1]}`, () => repo.findApiKeyWithUser(db, key[1]));
      if (!r || r.revokedAt || !r.secretHash || !safeEqual(sha256(key[2]), r.secretHash)) return;
      if (r.user.status !== "active") return;
      if (!r.lastSeenAt || now.getTime() - r.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await repo.touchApiKey(db, r.apiKeyId as string, now);
        r.lastSeenAt = now; // the cached copy too
      }
      request.actor = {
        userId: r.user.id,
        role: r.user.role as "user" | "admin",
        apiKeyId: r.apiKeyId as string,
        scopes: r.scopes as ApiScope[],
      };
      loaded.set(request, { user: r.user, token });
      return;
    }

    const tokenHash = sha256(token);
    const r = await lookup(`s:${tokenHash}`, () => repo.findSessionWithUser(db, tokenHash));
    if (!r || r.revokedAt || !r.expiresAt || r.expiresAt <= now) return;
    const lastSeen = r.lastSeenAt as Date;
    if (now.getTime() - lastSeen.getTime() > idleMs) return;
    if (r.user.status !== "active") return;
    if (now.getTime() - lastSeen.getTime() > TOUCH_INTERVAL_MS) {
      await repo.touchSession(db, r.sessionId as string, now);
      r.lastSeenAt = now; // the cached copy too
    }
    request.actor = {
      userId: r.user.id,
      role: r.user.role as "user" | "admin",
      sessionId: r.sessionId as string,
      viaCookie,
    };
    loaded.set(request, { user: r.user, token });

    if (viaCookie && UNSAFE.has(request.method) && !CSRF_EXEMPT.test(request.url)) {
      const sent = request.headers[CSRF_HEADER];
      const expected = csrfTokenFor(token);
      if (typeof sent !== "string" || !safeEqual(sent, expected)) {
        await securityEvent(requestCtx(platform, request), {
          eventCode: "csrf_rejected",
          severity: "medium",
          userId: r.user.id,
          isBlocked: true,
          details: { method: request.method, route: request.routeOptions.url ?? null },
        });
        throw new ForbiddenError(
          `Missing or wrong ${CSRF_HEADER} header (send the value of the ${CSRF_COOKIE} cookie)`,
          "csrf_failed",
        );
      }
    }
  };
}
