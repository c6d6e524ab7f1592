// Who may call a route, declared where the route is registered and enforced in one place.
//
// Every route under /api/ and every route with an unsafe method states `config: { access }`. One
// onRoute hook reads the declaration when the route is registered: a missing or unknown one stops
// the start-up, and any other gets a route-level onRequest guard that runs after the authentication
// hook (route-level hooks run after the app's) and before the body is parsed or validated, so an
// anonymous caller gets 401 and a caller without the right gets 403 whatever it sends, and nobody
// learns a route's input schema from its 400s before being allowed to use it. The same declaration
// writes the operation's `security` in /openapi.json, so the document and the guard cannot differ.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import type { Actor, ApiScope } from "./context.ts";
import { ForbiddenError, UnauthenticatedError } from "./errors.ts";
import { errorBody } from "./http.ts";

/**
 * Who may call a route:
 * - `public`: anyone, signed in or not (sign-in, sign-up, health);
 * - `read` / `trade`: a signed-in user; an API key needs that scope (a session has every scope its
 *   role allows) — `trade` for anything that changes a user's data;
 * - `admin`: an administrator; an API key needs the `admin` scope;
 * - `session`: a signed-in person with a session (cookie or session token), never an API key
 *   (password, two-factor, API keys, profile changes).
 */
export type RouteAccess = "public" | "session" | ApiScope;
export const ROUTE_ACCESS: readonly RouteAccess[] = ["public", "session", "read", "trade", "admin"];

declare module "fastify" {
  interface FastifyContextConfig {
    /** Who may call the route (see RouteAccess); enforced before parsing and validation. */
    access?: RouteAccess;
  }
}

/** Methods that change nothing; only these may go undeclared, and only outside /api/. */
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why `actor` may not call a route declared `access`, or undefined when it may. */
export function refusal(actor: Actor | null, access: RouteAccess): Error | undefined {
  if (access === "public") return undefined;
  if (!actor) return new UnauthenticatedError();
  if (access === "session")
    return actor.apiKeyId
      ? new ForbiddenError("This action needs a signed-in session, not an API key")
      : undefined;
  if (access === "admin" && actor.role !== "admin") return new ForbiddenError("Administrators only");
  if (actor.apiKeyId && !actor.scopes?.includes(access))
    return new ForbiddenError(`This API key lacks the "${access}" scope`);
  return undefined;
}

type Guard = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void;
// Callback style: a guard waits on nothing, and an async function would cost every request a promise.
const guards = new Map<RouteAccess, Guard>(
  ROUTE_ACCESS.map((access) => [
    access,
    (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) =>
      done(refusal(request.actor, access)),
  ]),
);

/**
 * The operation's security requirement in OpenAPI 3.1: the bearer credential (session token or API
 * key) and the session cookie, each naming the role it needs — the API-key scope (`read`, `trade`,
 * `admin`), `session` for "a session, no API key", and `admin` for the administrator's cookie.
 */
export function securityOf(access: RouteAccess): Record<string, string[]>[] {
  if (access === "public") return [];
  return [{ bearer: [access] }, { cookie: access === "admin" ? ["admin"] : [] }];
}

/** The declaration a route must make, or an error naming the route. */
function declared(route: RouteOptions): RouteAccess | undefined {
  const methods = [route.method].flat();
  const name = `${methods.join(",")} ${route.url}`;
  const access = route.config?.access;
  if (access === undefined) {
    if (route.url.startsWith("/api/") || methods.some((m) => !SAFE.has(m)))
      throw new Error(
        `${name}: declare who may call it, config: { access: ${ROUTE_ACCESS.map((a) => `"${a}"`).join(" | ")} }`,
      );
    return undefined;
  }
  if (!ROUTE_ACCESS.includes(access)) throw new Error(`${name}: unknown access "${access}"`);
  if (route.schema && "security" in route.schema)
    throw new Error(`${name}: its OpenAPI security derives from config.access; remove schema.security`);
  return access;
}

/** Installs the declaration check and the guards; call before any route is registered. */
export function installRouteAccess(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    const access = declared(route);
    if (access === undefined || access === "public") return;
    route.onRequest = [...[route.onRequest ?? []].flat(), guards.get(access) as Guard];
    const schema = { ...(route.schema ?? {}), security: securityOf(access) } as typeof route.schema & {
      response?: Record<string, unknown>;
    };
    // A protected route answers 401 and 403: documented even when the route forgot to say so.
    if (schema.response) schema.response = { 401: errorBody, 403: errorBody, ...schema.response };
    // (integer keys keep ascending order whatever the spread's order, so the document's order holds)
    route.schema = schema;
  });
}
