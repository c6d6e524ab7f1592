// SQL of the identity's home card: an account's security state in one statement.
import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { queryRows as q } from "../../../platform/db/rows.ts";

export async function accountState(db: Db, userId: string, now: Date) {
  const [r] = await q(
    db,
    sql`select u.username, u.role, u.email, u.pending_email, u.email_verified_at, u.mfa_enabled,
               u.last_login_at, u.created_at,
               (select count(*)::int from identity.mfa_recovery_codes c
                 where c.user_id = u.id and c.used_at is null) as recovery_codes,
               (select count(*)::int from identity.sessions s
                 where s.user_id = u.id and s.revoked_at is null
                   and s.expires_at > ${now.toISOString()}::timestamptz) as sessions,
               (select count(*)::int from identity.api_keys k
                 where k.user_id = u.id and k.revoked_at is null) as api_keys
        from identity.users u where u.id = ${userId}`,
  );
  return r;
}

/** How many accounts are in each status. */
export async function usersByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await q(db, sql`select status, count(*)::int as n from identity.users group by status`);
  return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
}
