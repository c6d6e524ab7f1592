// SQL of journal entries, their trade links, and their search: English full text (the stored,
// weighted tsvector, ranked by ts_rank_cd, passages by ts_headline) together with trigrams over title
// and content (pg_trgm's word similarity and ILIKE, both served by the trigram index), which find
// Korean words inside longer ones (손절 in 손절매) where the English parser sees whole words only.
import { and, desc, eq, gte, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { entries, tradeEntryLinks, trades } from "../schema.ts";

export type EntryRow = typeof entries.$inferSelect;
export type EntryInsert = typeof entries.$inferInsert;

/** Marks around a match in ts_headline's answer (Unicode private use: never in a user's text). */
export const HIT_START = "\uE000";
export const HIT_END = "\uE001";

export async function insertEntry(db: Db, row: EntryInsert): Promise<EntryRow> {
  const [r] = await db.insert(entries).values(row).returning();
  if (!r) throw new Error("the entry was not stored");
  return r;
}

export async function findEntry(db: Db, userId: string, id: string): Promise<EntryRow | undefined> {
  const [r] = await db
    .select()
    .from(entries)
    .where(and(eq(entries.userId, userId), eq(entries.id, id)));
  return r;
}

export async function updateEntry(
  db: Db,
  userId: string,
  id: string,
  set: Partial<Omit<EntryInsert, "id" | "userId" | "search">>,
): Promise<EntryRow | undefined> {
  const [r] = await db
    .update(entries)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(entries.userId, userId), eq(entries.id, id)))
    .returning();
  return r;
}

export async function deleteEntry(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .delete(entries)
    .where(and(eq(entries.userId, userId), eq(entries.id, id)))
    .returning({ id: entries.id });
  return r.length > 0;
}

export async function replaceLinks(db: Db, entryId: string, tradeIds: string[]): Promise<void> {
  await db.delete(tradeEntryLinks).where(eq(tradeEntryLinks.entryId, entryId));
  if (tradeIds.length)
    await db.insert(tradeEntryLinks).values(tradeIds.map((tradeId) => ({ tradeId, entryId })));
}

/** entry id → linked trade ids. */
export async function linksOf(db: Db, entryIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!entryIds.length) return out;
  const rows = await db
    .select({ entryId: tradeEntryLinks.entryId, tradeId: tradeEntryLinks.tradeId })
    .from(tradeEntryLinks)
    .where(inArray(tradeEntryLinks.entryId, entryIds))
    .orderBy(tradeEntryLinks.createdAt);
  for (const r of rows) {
    const list = out.get(r.entryId);
    if (list) list.push(r.tradeId);
    else out.set(r.entryId, [r.tradeId]);
  }
  return out;
}

export interface EntryFilter {
  q?: string;
  tag?: string;
  mood?: string;
  from?: string;
  to?: string;
  instrumentId?: string;
  archived: "false" | "true" | "all";
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchEntries(
  db: Db,
  userId: string,
  f: EntryFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: { entry: EntryRow; rank: number | null; headline: string | null }[]; total: number }> {
  const e = entries;
  const text = sql`(${e.title} || ' ' || ${e.content})`;
  const conds: SQL[] = [eq(e.userId, userId)];
  if (f.archived !== "all") conds.push(eq(e.archived, f.archived === "true"));
  if (f.tag) conds.push(sql`${e.tags} @> array[${f.tag}]::text[]`);
  if (f.mood) conds.push(eq(e.mood, f.mood));
  if (f.from) conds.push(gte(e.entryDate, f.from));
  if (f.to) conds.push(lte(e.entryDate, f.to));
  if (f.instrumentId)
    conds.push(
      sql`exists (select 1 from ${tradeEntryLinks} l join ${trades} t on t.id = l.trade_id where l.entry_id = ${e.id} and t.instrument_id = ${f.instrumentId})`,
    );
  const tsq = f.q ? sql`websearch_to_tsquery('english', ${f.q})` : null;
  if (f.q && tsq)
    conds.push(sql`(${e.search} @@ ${tsq} or ${text} ilike ${likePattern(f.q)} or ${f.q} <% ${text})`);
  const where = and(...conds);
  const rank =
    f.q && tsq
      ? sql<number>`(ts_rank_cd(${e.search}, ${tsq}) + word_similarity(${f.q}, ${text}))::float8`
      : sql<null>`null::float8`;
  const headline =
    f.q && tsq
      ? sql<string>`ts_headline('english', ${e.content}, ${tsq}, ${`StartSel=${HIT_START}, StopSel=${HIT_END}, MaxFragments=2, MinWords=8, MaxWords=24, FragmentDelimiter=" … "`})`
      : sql<null>`null::text`;
  const rows = await db
    .select({ entry: e, rank, headline })
    .from(e)
    .where(where)
    .orderBy(...(f.q ? [sql`${rank} desc`] : []), desc(e.entryDate), desc(e.createdAt))
    .limit(page.limit)
    .offset(page.offset);
  const [t] = await db.select({ n: sql<number>`count(*)::int` }).from(e).where(where);
  return {
    rows: rows.map((r) => ({
      entry: r.entry,
      rank: r.rank === null ? null : Number(r.rank),
      headline: r.headline,
    })),
    total: Number(t?.n ?? 0),
  };
}
