// Journal entry verbs: write, read, edit, delete, link to trades, and search. Trade ids an entry
// names must be the caller's (400 naming the field); another user's entry answers 404.
import { z } from "zod";
import type { Db } from "../../../platform/db/index.ts";
import { NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { ownTradeIds } from "../trades/repository.ts";
import { syncTrades } from "../trades/sync.ts";
import { type EntryOut, entryInput, entryListQuery, entryPatch } from "./contracts.ts";
import * as repo from "./repository.ts";
import { snippet } from "./snippet.ts";

function entryOut(r: repo.EntryRow, tradeIds: string[]): EntryOut {
  return {
    id: r.id,
    entryDate: r.entryDate,
    title: r.title,
    content: r.content,
    mood: (r.mood as EntryOut["mood"]) ?? null,
    confidence: r.confidence,
    tags: r.tags,
    archived: r.archived,
    tradeIds,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function ownEntry(db: Db, userId: string, id: string): Promise<repo.EntryRow> {
  const e = isUuid(id) ? await repo.findEntry(db, userId, id) : undefined;
  if (!e) throw new NotFoundError("Journal entry not found");
  return e;
}

/** The trade ids, deduplicated, each one the caller's; else 400 naming the first stranger. */
async function checkTrades(db: Db, userId: string, ids: string[], field: string): Promise<string[]> {
  const unique = [...new Set(ids)];
  const own = await ownTradeIds(db, userId, unique.filter(isUuid));
  unique.forEach((id) => {
    if (!own.has(id)) throw new ValidationError("unknown trade", `${field}.${ids.indexOf(id)}`);
  });
  return unique;
}

export const createEntry = defineVerb({
  name: "journal.createEntry",
  access: "user",
  input: entryInput,
  write: true,
  async run({ ctx, input, actor }) {
    const userId = actor.userId;
    if (input.tradeIds?.length) await syncTrades(ctx, userId);
    const tradeIds = await checkTrades(ctx.db, userId, input.tradeIds ?? [], "input.tradeIds");
    const row = await repo.insertEntry(ctx.db, {
      id: newId(),
      userId,
      entryDate: input.entryDate ?? ctx.clock.now().toISOString().slice(0, 10),
      title: input.title,
      content: input.content,
      mood: input.mood ?? null,
      confidence: input.confidence ?? null,
      tags: [...new Set(input.tags ?? [])],
      archived: input.archived ?? false,
    });
    await repo.replaceLinks(ctx.db, row.id, tradeIds);
    return entryOut(row, tradeIds);
  },
  audit: ({ result }) => ({
    eventType: "data",
    action: "journal.entry.create",
    resourceType: "journal_entry",
    resourceId: result.id,
    newValues: { title: result.title, tradeIds: result.tradeIds },
  }),
});

export const getEntry = defineVerb({
  name: "journal.getEntry",
  access: "user",
  input: z.object({ id: z.string() }),
  async run({ ctx, input, actor }) {
    const e = await ownEntry(ctx.db, actor.userId, input.id);
    return entryOut(e, (await repo.linksOf(ctx.db, [e.id])).get(e.id) ?? []);
  },
});

export const updateEntry = defineVerb({
  name: "journal.updateEntry",
  access: "user",
  input: z.object({ id: z.string(), patch: entryPatch }),
  write: true,
  async run({ ctx, input, actor }) {
    const userId = actor.userId;
    const cur = await ownEntry(ctx.db, userId, input.id);
    const p = input.patch;
    if (p.tradeIds?.length) await syncTrades(ctx, userId);
    const tradeIds =
      p.tradeIds === undefined
        ? undefined
        : await checkTrades(ctx.db, userId, p.tradeIds, "input.patch.tradeIds");
    const { tradeIds: _t, tags, ...rest } = p;
    const set: Parameters<typeof repo.updateEntry>[3] = {};
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) (set as Record<string, unknown>)[k] = v;
    if (tags !== undefined) set.tags = [...new Set(tags)];
    const saved = await repo.updateEntry(ctx.db, userId, cur.id, set);
    if (!saved) throw new NotFoundError("Journal entry not found");
    if (tradeIds !== undefined) await repo.replaceLinks(ctx.db, cur.id, tradeIds);
    return entryOut(saved, tradeIds ?? (await repo.linksOf(ctx.db, [cur.id])).get(cur.id) ?? []);
  },
  audit: ({ input, result }) => ({
    eventType: "data",
    action: "journal.entry.update",
    resourceType: "journal_entry",
    resourceId: result.id,
    newValues: { fields: Object.keys(input.patch) },
  }),
});

export const deleteEntry = defineVerb({
  name: "journal.deleteEntry",
  access: "user",
  input: z.object({ id: z.string() }),
  write: true,
  async run({ ctx, input, actor }) {
    const e = await ownEntry(ctx.db, actor.userId, input.id);
    await repo.deleteEntry(ctx.db, actor.userId, e.id);
    return { id: e.id, title: e.title };
  },
  audit: ({ result }) => ({
    eventType: "data",
    action: "journal.entry.delete",
    resourceType: "journal_entry",
    resourceId: result.id,
    oldValues: { title: result.title },
  }),
});

/** Entries newest first, or with `q` best match first, each with a highlighted snippet. */
export const listEntries = defineVerb({
  name: "journal.listEntries",
  access: "user",
  input: entryListQuery,
  async run({ ctx, input, actor }) {
    if (input.from && input.to && input.from > input.to)
      throw new ValidationError("is after to", "input.from");
    if (input.instrumentId && !isUuid(input.instrumentId)) return { entries: [], total: 0 };
    const { limit, offset, ...filter } = input;
    const { rows, total } = await repo.searchEntries(ctx.db, actor.userId, filter, { limit, offset });
    const links = await repo.linksOf(
      ctx.db,
      rows.map((r) => r.entry.id),
    );
    return {
      entries: rows.map((r) => ({
        ...entryOut(r.entry, links.get(r.entry.id) ?? []),
        rank: r.rank,
        snippet: snippet(r.entry.content, input.q, r.headline),
      })),
      total,
    };
  },
});
