// defineVerb: the one shape of a service verb, `verb({ ctx, input })`, and the steps every verb used to
// write by hand: who may call it, parsing its input, its transaction (joining an outer one), its
// audit row in that same transaction, and unique violations turned into a 409.
import type { z } from "zod";
import {
  type Actor,
  type ApiScope,
  type Ctx,
  isLocal,
  requireActor,
  requireScope,
  withDb,
} from "./context.ts";
import { isUniqueViolation } from "./db/errors.ts";
import { inTransaction } from "./db/index.ts";
import { ConflictError, ForbiddenError, ValidationError } from "./errors.ts";

/**
 * Who may call a verb.
 * - `public`: anyone, signed in or not (sign-in, registration).
 * - `user`: a signed-in user; API keys need `scope` (default `read`, or `trade` for writes).
 * - `session`: a signed-in person with a session, never an API key (password, MFA, keys).
 * - `admin`: an administrator (API keys need the `admin` scope), or the local operator / process.
 * - `local`: only the CLI operator or the process itself (seeding, jobs).
 * - `userOrLocal`: a signed-in user as `user`, or a local caller acting for nobody.
 */
export type Access = "public" | "user" | "session" | "admin" | "local" | "userOrLocal";

/** An audit row as a verb describes it; actor, IP, user agent and request id come from ctx. */
export interface VerbAuditEvent {
  eventType: string;
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  oldValues?: object | null;
  newValues?: object | null;
  eventStatus?: "success" | "failure";
  severity?: "debug" | "info" | "warning" | "critical";
  /** Defaults to the ctx actor; set for system actions on behalf of someone. */
  actorUserId?: string | null;
}

/** Writes one audit row inside the transaction in ctx.db; installed by the audit module. */
export type AuditWriter = (ctx: Ctx, event: VerbAuditEvent) => Promise<void>;
let auditWriter: AuditWriter | null = null;
export function installAuditWriter(writer: AuditWriter): void {
  auditWriter = writer;
}

/** The caller as the access level guarantees it: always there for `user` and `session` verbs. */
export type ActorFor<A extends Access> = A extends "user" | "session"
  ? Actor
  : A extends "local"
    ? null
    : Actor | null;

export interface VerbArgs<I, A extends Access = Access> {
  ctx: Ctx;
  input: I;
  /** The caller: null for public verbs called anonymously and for local callers. */
  actor: ActorFor<A>;
}

export interface VerbSpec<S extends z.ZodType | undefined, R, A extends Access = Access> {
  /** `module.verbName`, e.g. "market.createWatchlist": names the verb in errors and logs. */
  name: string;
  access: A;
  /** The API-key scope a `user` verb needs (default: `trade` when `write`, else `read`). */
  scope?: ApiScope;
  /** Zod schema of the input; a failure is a 400 naming the field (`input.<path>`). */
  input?: S;
  /** Run in one transaction (joining the caller's when ctx.db already is one). */
  write?: boolean;
  /**
   * The audit row(s) of a successful write, committed with it. Declare it after `run`: TypeScript
   * infers the result type from whichever of the two comes first.
   */
  audit?: (
    r: { input: S extends z.ZodType ? z.output<S> : undefined; result: NoInfer<Awaited<R>> },
    ctx: Ctx,
  ) => VerbAuditEvent | VerbAuditEvent[] | null;
  /** Message of the 409 a unique violation becomes; unset: the violation propagates. */
  conflict?: string;
  run: (args: VerbArgs<S extends z.ZodType ? z.output<S> : undefined, A>) => Promise<R>;
}

export type Verb<S extends z.ZodType | undefined, R> = (args: {
  ctx: Ctx;
  input: S extends z.ZodType ? z.input<S> : undefined | Record<string, never>;
}) => Promise<R>;

function admit(ctx: Ctx, access: Access, scope: ApiScope): Actor | null {
  switch (access) {
    case "public":
      return ctx.actor;
    case "local":
      if (!isLocal(ctx)) throw new ForbiddenError("Only the local operator may do this");
      return null;
    case "userOrLocal":
      return isLocal(ctx) && !ctx.actor ? null : requireScope(ctx, scope);
    case "user":
      return requireScope(ctx, scope);
    case "session": {
      const a = requireActor(ctx);
      if (a.apiKeyId) throw new ForbiddenError("This action needs a signed-in session, not an API key");
      return a;
    }
    case "admin":
      return isLocal(ctx) && !ctx.actor ? null : requireScope(ctx, "admin");
  }
}

/** Formats a zod error as "input.field: message; …" (at most five issues). */
export function describeIssues(error: z.ZodError, root = "input"): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${[root, ...i.path.map(String)].join(".")}: ${i.message}`)
    .join("; ");
}

/** Builds a verb from its spec; see VerbSpec. */
export function defineVerb<S extends z.ZodType | undefined, R, A extends Access = Access>(
  spec: VerbSpec<S, R, A>,
): Verb<S, R> {
  const scope = spec.scope ?? (spec.write ? "trade" : "read");
  type In = S extends z.ZodType ? z.output<S> : undefined;
  const verb = async ({ ctx, input: raw }: { ctx: Ctx; input: unknown }): Promise<R> => {
    const actor = admit(ctx, spec.access, scope) as ActorFor<A>;
    let input = raw as In;
    if (spec.input) {
      const parsed = spec.input.safeParse(raw ?? {});
      if (!parsed.success) throw new ValidationError(describeIssues(parsed.error));
      input = parsed.data as In;
    }
    try {
      if (!spec.write) return await spec.run({ ctx, input, actor });
      return await inTransaction(ctx.db, async (tx) => {
        const inner = withDb(ctx, tx);
        const result = await spec.run({ ctx: inner, input, actor });
        const events = spec.audit?.({ input, result: result as Awaited<R> }, inner);
        if (events) {
          if (!auditWriter) throw new Error(`${spec.name}: the audit module is not loaded`);
          for (const e of Array.isArray(events) ? events : [events]) await auditWriter(inner, e);
        }
        return result;
      });
    } catch (err) {
      if (spec.conflict && isUniqueViolation(err)) throw new ConflictError(spec.conflict);
      throw err;
    }
  };
  Object.defineProperty(verb, "name", { value: spec.name });
  return verb as Verb<S, R>;
}
