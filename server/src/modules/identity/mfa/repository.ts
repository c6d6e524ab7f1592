// SQL of two-factor authentication: the recovery codes (the TOTP secret is a column of users). Functions take a Db.
import { and, count, eq, isNull } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { mfaRecoveryCodes } from "../schema.ts";

export async function replaceRecoveryCodes(
  db: Db,
  userId: string,
  rows: { id: string; codeHash: string }[],
): Promise<void> {
  await db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  if (rows.length) await db.insert(mfaRecoveryCodes).values(rows.map((r) => ({ ...r, userId })));
}

/** Marks an unused recovery code used; true when one matched. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const r = await db
    .update(mfaRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(mfaRecoveryCodes.userId, userId),
        eq(mfaRecoveryCodes.codeHash, codeHash),
        isNull(mfaRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: mfaRecoveryCodes.id });
  return r.length > 0;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return Number(r.n);
}
