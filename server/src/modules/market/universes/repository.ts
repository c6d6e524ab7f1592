// SQL of universes (003 asset_universe_versions): named universes, versions and their members.
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { queryRows } from "../../../platform/db/rows.ts";
import { universeMembers, universes, universeVersions } from "../schema.ts";

export type UniverseRow = typeof universes.$inferSelect;
export type VersionRow = typeof universeVersions.$inferSelect;

const toDateString = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

export async function findUniverse(db: Db, id: string): Promise<UniverseRow | undefined> {
  const [row] = await db.select().from(universes).where(eq(universes.id, id));
  return row;
}
export async function findUniverseByName(db: Db, name: string): Promise<UniverseRow | undefined> {
  const [row] = await db.select().from(universes).where(eq(universes.name, name));
  return row;
}
export async function insertUniverse(db: Db, row: typeof universes.$inferInsert): Promise<UniverseRow> {
  const [out] = await db.insert(universes).values(row).returning();
  return out as UniverseRow;
}
export async function listUniverses(db: Db): Promise<UniverseRow[]> {
  return db.select().from(universes).orderBy(asc(universes.name));
}
export async function listVersions(db: Db, universeId: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(universeVersions)
    .where(eq(universeVersions.universeId, universeId))
    .orderBy(asc(universeVersions.version));
}
export async function insertVersion(
  db: Db,
  v: typeof universeVersions.$inferInsert,
  members: { instrumentId: string; weight: string | null }[],
): Promise<VersionRow> {
  const [out] = await db.insert(universeVersions).values(v).returning();
  if (members.length > 0)
    await db
      .insert(universeMembers)
      .values(members.map((m) => ({ versionId: v.id, instrumentId: m.instrumentId, weight: m.weight })));
  return out as VersionRow;
}
export async function endVersion(db: Db, versionId: string, endDate: string): Promise<void> {
  await db
    .update(universeVersions)
    .set({ effectiveEndDate: endDate })
    .where(eq(universeVersions.id, versionId));
}

/** The version in force on `date` (latest version number wins) and its members. */
export async function membersAsOf(db: Db, universeId: string, date: string) {
  const [version] = await queryRows<Record<string, unknown>>(
    db,
    sql`select id, version, effective_start_date, effective_end_date from market.universe_versions
        where universe_id = ${universeId} and effective_start_date <= ${date}::date
          and (effective_end_date is null or effective_end_date > ${date}::date)
        order by version desc limit 1`,
  );
  if (!version) return null;
  const members = await queryRows<Record<string, unknown>>(
    db,
    sql`select m.instrument_id, m.weight::text as weight, i.symbol, i.mic, i.country, i.asset_class,
               i.name, i.name_local
        from market.universe_members m join market.instruments i on i.id = m.instrument_id
        where m.version_id = ${version.id as string} order by i.symbol`,
  );
  return {
    versionId: version.id as string,
    version: Number(version.version),
    effectiveStartDate: toDateString(version.effective_start_date),
    effectiveEndDate: version.effective_end_date == null ? null : toDateString(version.effective_end_date),
    members: members.map((m) => ({
      instrumentId: m.instrument_id as string,
      symbol: m.symbol as string,
      mic: m.mic as string,
      country: (m.country as string) ?? null,
      assetClass: m.asset_class as string,
      name: m.name as string,
      nameLocal: (m.name_local as string) ?? null,
      weight: (m.weight as string) ?? null,
    })),
  };
}
