import type { FastifyBaseLogger } from "fastify";
import type { Config } from "../config.ts";
import type { Clock } from "./clock.ts";
import type { Db } from "./db.ts";
import type { Jobs } from "./jobs.ts";

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

/** What every verb receives: the actor, the db or open transaction, the clock, and request facts. */
export interface Ctx {
  db: Db;
  actor: Actor | null;
  clock: Clock;
  config: Config;
  log: FastifyBaseLogger;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The job queue, so a verb can enqueue work in its own transaction (absent in hand-built test ctx). */
  jobs?: Jobs;
}

/** The same context on another db handle (used to pass a transaction down). */
export const withDb = (ctx: Ctx, db: Db): Ctx => ({ ...ctx, db });
