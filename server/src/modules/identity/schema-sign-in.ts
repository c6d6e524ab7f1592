import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, text } from "drizzle-orm/pg-core";
import { ts } from "../../platform/db/columns.ts";
import { identitySchema } from "./schema.ts";

/**
 * Failed sign-ins, counted per key so that limits follow what was typed, never whether an account
 * exists: `source` is one address and one login name, `login` a login name from anywhere, `device`
 * one known device (its cookie). `key` is an HMAC of the name and address under a key derived from
 * the master key, so the table holds no login name, typo or password typed into the wrong field.
 * A count starts again when its last failure is older than its window (sessions/throttle.ts).
 */
export const signInFailures = identitySchema.table(
  "sign_in_failures",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    failures: integer("failures").notNull(),
    lastFailureAt: ts("last_failure_at").notNull(),
    /** The back-off in force after the last failure (null below the threshold). */
    blockedUntil: ts("blocked_until"),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    index("sign_in_failures_last_idx").on(t.lastFailureAt),
    check("sign_in_failures_scope_check", sql`${t.scope} in ('source','login','device')`),
  ],
);
