// The authentication hook (onRequest): sets request.actor from the session cookie or a bearer
// credential (session token or API key), with one indexed query per request, and enforces CSRF on
// cookie-authenticated writes.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { ApiScope } from "../../platform/context.ts";
import { ForbiddenError } from "../../platform/errors.ts";
import { requestCtx } from "../../platform/http.ts";
import type { Platform } from "../../platform/platform.ts";
import * as apiKeys from "./api-keys/repository.ts";
import { getCredential, putCredential } from "./cache.ts";
import { csrfTokenFor, safeEqual, sha256 } from "./crypto.ts";
import { securityEvent } from "./events.ts";
import type { CredentialLookup, UserRow } from "./repository.ts";
import { DEVICE_COOKIE, DEVICE_COOKIE_PATH, DEVICE_TTL_DAYS } from "./sessions/device.ts";
import * as sessions from "./sessions/repository.ts";

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

/**
 * Sets the known-device cookie (sessions/device.ts): HttpOnly, sent only to the sign-in endpoint,
 * kept DEVICE_TTL_DAYS, and not cleared at sign-out (the browser stays a known device).
 */
export function setDeviceCookie(reply: FastifyReply, config: Config, value: string): void {
  reply.setCookie(DEVICE_COOKIE, value, {
    path: DEVICE_COOKIE_PATH,
    sameSite: "lax",
    secure: secureCookies(config),
    httpOnly: true,
    maxAge: DEVICE_TTL_DAYS * 86_400,
  });
}

export function clearSessionCookies(reply: FastifyReply, config: Config): void {
  const common = { path: "/", sameSite: "lax" as const, secure: secureCookies(config) };
  reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, common);
}

const API_KEY = /^bp_([0-9a-z]{8})_([A-Za-z0-9_-]{43})$/;

/**
 * Builds the onRequest hook (callback style). Anonymous requests pass with actor null; routes decide
 * what they need. A credential found in the short-lived cache is checked synchronously, so the
 * common request costs no promise and no database round trip.
 */
export function createAuthHook(platform: Platform) {
  const { config, clock } = platform;
  const db = platform.database.db;
  const idleMs = config.SESSION_IDLE_HOURS * 3600_000;
  const ttlMs = config.AUTH_CACHE_SECONDS * 1000;
  /** The cached lookup, or a promise of the loaded one. */
  const lookup = (
    cacheKey: string,
    load: () => Promise<CredentialLookup | undefined>,
  ): CredentialLookup | Promise<CredentialLookup | undefined> => {
    const hit = getCredential<CredentialLookup>(cacheKey, ttlMs);
    if (hit) return hit;
    return load().then((r) => {
      if (r) putCredential(cacheKey, r.user.id, r, ttlMs);
      return r;
    });
  };

  /** Everything after the lookup; a promise only when it must write (touch, CSRF event). */
  const admit = (
    request: FastifyRequest,
    token: string,
    viaCookie: boolean,
    apiKeySecret: string | null,
    r: CredentialLookup | undefined,
  ): Promise<void> | undefined => {
    const now = clock.now();
    if (apiKeySecret !== null) {
      if (!r || r.revokedAt || !r.secretHash || !safeEqual(sha256(apiKeySecret), r.secretHash)) return;
      if (r.user.status !== "active") return;
      request.actor = {
        userId: r.user.id,
        role: r.user.role as "user" | "admin",
        apiKeyId: r.apiKeyId as string,
        scopes: r.scopes as ApiScope[],
      };
      loaded.set(request, { user: r.user, token });
      if (!r.lastSeenAt || now.getTime() - r.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        r.lastSeenAt = now; // the cached copy too
        return apiKeys.touchApiKey(db, r.apiKeyId as string, now);
      }
      return;
    }

    if (!r || r.revokedAt || !r.expiresAt || r.expiresAt <= now) return;
    const lastSeen = r.lastSeenAt as Date;
    if (now.getTime() - lastSeen.getTime() > idleMs) return;
    if (r.user.status !== "active") return;
    request.actor = {
      userId: r.user.id,
      role: r.user.role as "user" | "admin",
      sessionId: r.sessionId as string,
      viaCookie,
    };
    loaded.set(request, { user: r.user, token });
    const touch =
      now.getTime() - lastSeen.getTime() > TOUCH_INTERVAL_MS
        ? sessions.touchSession(db, r.sessionId as string, now).then(() => {
            r.lastSeenAt = now; // the cached copy too
          })
        : undefined;

    if (viaCookie && UNSAFE.has(request.method) && !CSRF_EXEMPT.test(request.url)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !safeEqual(sent, csrfTokenFor(token))) {
        return (async () => {
          await touch;
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
        })();
      }
    }
    return touch;
  };

  const authenticate = (request: FastifyRequest): Promise<void> | undefined => {
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
    const key = API_KEY.exec(token);
    const t = token;
    const tokenHash = key ? "" : sha256(token);
    const found = key
      ? lookup(`k:${key[1]}`, () => apiKeys.findApiKeyWithUser(db, key[1]))
      : lookup(`s:${tokenHash}`, () => sessions.findSessionWithUser(db, tokenHash));
    const secret = key ? key[2] : null;
    if (found instanceof Promise) return found.then((r) => admit(request, t, viaCookie, secret, r));
    return admit(request, t, viaCookie, secret, found);
  };

  return function authHook(request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
    let pending: Promise<void> | undefined;
    try {
      pending = authenticate(request);
    } catch (err) {
      done(err as Error);
      return;
    }
    if (pending) pending.then(() => done(), done);
    else done();
  };
}
