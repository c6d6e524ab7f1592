// SQL of the signed-in account: profile, settings, and deleting the account. Functions take a Db.
import { eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { invalidateUser } from "../cache.ts";
import { userProfiles, userSettings, users } from "../schema.ts";

export type ProfileRow = typeof userProfiles.$inferSelect;
export type SettingsRow = typeof userSettings.$inferSelect;

export async function deleteUser(db: Db, id: string): Promise<void> {
  invalidateUser(id);
  await db.delete(users).where(eq(users.id, id));
}

export async function getProfileAndSettings(
  db: Db,
  userId: string,
): Promise<{ profile: ProfileRow; settings: SettingsRow } | undefined> {
  const [r] = await db
    .select({ profile: userProfiles, settings: userSettings })
    .from(userProfiles)
    .innerJoin(userSettings, eq(userSettings.userId, userProfiles.userId))
    .where(eq(userProfiles.userId, userId));
  return r;
}

export async function getProfile(db: Db, userId: string): Promise<ProfileRow | undefined> {
  const [p] = await db.select().from(userProfiles).where(eq(userProfiles.userId, userId));
  return p;
}

export async function updateProfile(
  db: Db,
  userId: string,
  patch: Partial<typeof userProfiles.$inferInsert>,
  now: Date,
): Promise<ProfileRow> {
  invalidateUser(userId);
  const [p] = await db
    .update(userProfiles)
    .set({ ...patch, updatedAt: now })
    .where(eq(userProfiles.userId, userId))
    .returning();
  return p;
}

export async function getSettings(db: Db, userId: string): Promise<SettingsRow | undefined> {
  const [s] = await db.select().from(userSettings).where(eq(userSettings.userId, userId));
  return s;
}

export async function updateSettings(
  db: Db,
  userId: string,
  patch: Partial<typeof userSettings.$inferInsert>,
  now: Date,
): Promise<SettingsRow> {
  invalidateUser(userId);
  const [s] = await db
    .update(userSettings)
    .set({ ...patch, updatedAt: now })
    .where(eq(userSettings.userId, userId))
    .returning();
  return s;
}
