// SQL of verification codes, which registration (email), phone/ and password-reset/ share, and the
// clean-up job purges. Functions take a Db.
import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { verificationCodes } from "../schema.ts";

export type VerificationRow = typeof verificationCodes.$inferSelect;
export type Purpose = "email_verify" | "phone_verify" | "password_reset";

export async function insertCode(db: Db, row: typeof verificationCodes.$inferInsert): Promise<void> {
  await db.insert(verificationCodes).values(row);
}

/** Retires the user's open codes of a purpose (a new one supersedes them). */
export async function consumeOpenCodes(db: Db, userId: string, purpose: Purpose, now: Date): Promise<void> {
  await db
    .update(verificationCodes)
    .set({ consumedAt: now })
    .where(
      and(
        eq(verificationCodes.userId, userId),
        eq(verificationCodes.purpose, purpose),
        isNull(verificationCodes.consumedAt),
      ),
    );
}

/** An unconsumed, unexpired token of `purpose` by its hash, locked for the transaction. */
export async function findLiveToken(
  db: Db,
  purpose: Purpose,
  codeHash: string,
  now: Date,
): Promise<VerificationRow | undefined> {
  const [r] = await db
    .select()
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.codeHash, codeHash),
        eq(verificationCodes.purpose, purpose),
        isNull(verificationCodes.consumedAt),
        gt(verificationCodes.expiresAt, now),
      ),
    )
    .for("update");
  return r;
}

/** The user's newest unconsumed code of a purpose, locked. */
export async function findOpenCode(
  db: Db,
  userId: string,
  purpose: Purpose,
): Promise<VerificationRow | undefined> {
  const [r] = await db
    .select()
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.userId, userId),
        eq(verificationCodes.purpose, purpose),
        isNull(verificationCodes.consumedAt),
      ),
    )
    .orderBy(desc(verificationCodes.createdAt))
    .limit(1)
    .for("update");
  return r;
}

export async function markCodeConsumed(db: Db, id: string, now: Date): Promise<void> {
  await db.update(verificationCodes).set({ consumedAt: now }).where(eq(verificationCodes.id, id));
}

export async function bumpCodeAttempts(db: Db, id: string): Promise<void> {
  await db
    .update(verificationCodes)
    .set({ attempts: sql`${verificationCodes.attempts} + 1` })
    .where(eq(verificationCodes.id, id));
}

export async function purgeDeadCodes(db: Db, now: Date): Promise<number> {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  const r = await db
    .delete(verificationCodes)
    .where(or(lt(verificationCodes.expiresAt, dayAgo), lt(verificationCodes.consumedAt, dayAgo)))
    .returning({ id: verificationCodes.id });
  return r.length;
}
