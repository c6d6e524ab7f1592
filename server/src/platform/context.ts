// The one context every verb receives, and the one builder that makes it for a request, the CLI,
// a job or the process's own start-up work.
import type { FastifyBaseLogger } from "fastify";
import type { Config } from "../config.ts";
import type { Clock } from "./clock.ts";
import type { Db } from "./db/index.ts";
import { ForbiddenError, UnauthenticatedError } from "./errors.ts";
import type { Jobs } from "./jobs.ts";
import type { Limits } from "./limits.ts";
import type { Platform } from "./platform.ts";
import type { Keyring } from "./secrets.ts";

export type Role = "user" | "admin";
export type ApiScope = "read" | "trade" | "admin";

/** Who is acting: a signed-in user (via session or API key), or nobody. */
export interface Actor {
  userId: string;
  role: Role;
  /** Set when authenticated by a session token. */
  sessionId?: string;
  /** Set when authenticated by an API key; `scopes` then limit what it may do. */
  apiKeyId?: string;
  scopes?: ApiScope[];
  /** True when the credential came from the session cookie (CSRF applies). */
  viaCookie?: boolean;
}

/**
 * Where a ctx comes from. `request`: an HTTP request (actor from the auth hook). `operator`: the
 * local operator at the console (the CLI), who has shell access to the data and so more than any
 * admin role. `system`: the process's own work (start-up seeding, jobs), acting for nobody.
 */
export type Origin = "request" | "operator" | "system";

/** What every verb receives: the actor, the db or open transaction, the clock, and request facts. */
export interface Ctx {
  origin: Origin;
  db: Db;
  actor: Actor | null;
  clock: Clock;
  config: Config;
  log: FastifyBaseLogger;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The job queue, so a verb can enqueue work in its own transaction. */
  jobs: Jobs;
  /** Envelope encryption of secrets at rest. */
  keyring: Keyring;
  /** Rate limiters (in memory, or shared through Redis). */
  limits: Limits;
}

/** What `makeCtx` needs to know about the caller. */
export type CtxSource =
  | {
      origin: "request";
      actor: Actor | null;
      log: FastifyBaseLogger;
      requestId: string;
      ip: string | null;
      userAgent: string | null;
    }
  | { origin: "operator" | "system"; log: FastifyBaseLogger; userAgent: string };

/** The one ctx builder: the platform's services plus who is calling and from where. */
export function makeCtx(platform: Platform, source: CtxSource): Ctx {
  const request = source.origin === "request" ? source : null;
  return {
    origin: source.origin,
    db: platform.database.db,
    actor: request?.actor ?? null,
    clock: platform.clock,
    config: platform.config,
    log: source.log,
    requestId: request?.requestId ?? null,
    ip: request?.ip ?? null,
    userAgent: source.userAgent,
    jobs: platform.jobs,
    keyring: platform.keyring,
    limits: platform.limits,
  };
}

/** The same context on another db handle (used to pass a transaction down). */
export const withDb = (ctx: Ctx, db: Db): Ctx => (ctx.db === db ? ctx : { ...ctx, db });

/** True for the console operator and the process itself: trusted local callers without an actor. */
export const isLocal = (ctx: Ctx): boolean => ctx.origin !== "request";

/** The signed-in actor, or 401. */
export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new UnauthenticatedError();
  return ctx.actor;
}

/** Sensitive account changes need a signed-in person (a session), not an API key. */
export function requireSession(ctx: Ctx): Actor {
  const a = requireActor(ctx);
  if (a.apiKeyId) throw new ForbiddenError("This action needs a signed-in session, not an API key");
  return a;
}

/** An API key must carry `scope`; sessions carry every scope their role allows. */
export function requireScope(ctx: Ctx, scope: ApiScope): Actor {
  const a = requireActor(ctx);
  if (scope === "admin" && a.role !== "admin") throw new ForbiddenError("Administrators only");
  if (a.apiKeyId && !a.scopes?.includes(scope))
    throw new ForbiddenError(`This API key lacks the "${scope}" scope`);
  return a;
}

/** Admin verbs: an admin actor (with the admin scope for API keys), or a local caller. */
export function requireAdmin(ctx: Ctx): Actor | null {
  if (isLocal(ctx)) return null;
  return requireScope(ctx, "admin");
}
