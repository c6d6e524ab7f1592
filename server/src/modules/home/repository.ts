// SQL of the home module: each user's home page state.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { userHome } from "./schema.ts";

export async function findUserHome(db: Db, userId: string) {
  const [row] = await db.select().from(userHome).where(eq(userHome.userId, userId));
  return row;
}

export async function setGuideDismissedAt(db: Db, userId: string, at: Date | null): Promise<void> {
  await db
    .insert(userHome)
    .values({ userId, guideDismissedAt: at })
    .onConflictDoUpdate({ target: userHome.userId, set: { guideDismissedAt: at, updatedAt: sql`now()` } });
}
