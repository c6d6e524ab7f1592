// Watchlist verbs: a user's own lists (another user's id answers 404). Every change writes an audit
// row with the old and new values in its transaction.
import { z } from "zod";
import type { Db } from "../../../platform/db/index.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import * as instruments from "../instruments/repository.ts";
import { legacyMarket } from "../instruments/venues.ts";
import { type WatchlistOut, watchlistInput, watchlistPatch } from "./contracts.ts";
import * as repo from "./repository.ts";

async function watchlistView(db: Db, w: repo.WatchlistRow): Promise<WatchlistOut> {
  const map = await instruments.instrumentsByIds(db, w.instrumentIds);
  return {
    id: w.id,
    name: w.name,
    isDefault: w.isDefault,
    instrumentIds: w.instrumentIds,
    items: w.instrumentIds.flatMap((id) => {
      const i = map.get(id);
      return i
        ? [
            {
              instrumentId: id,
              symbol: i.symbol,
              mic: i.mic,
              country: i.country,
              market: legacyMarket(i),
              name: i.name,
              nameLocal: i.nameLocal,
            },
          ]
        : [];
    }),
    createdAt: new Date(w.createdAt).toISOString(),
    updatedAt: new Date(w.updatedAt).toISOString(),
  };
}

async function checkIds(db: Db, ids: string[]) {
  if (new Set(ids).size !== ids.length)
    throw new ValidationError("an instrument is listed twice", "input.instrumentIds");
  const known = await instruments.existingInstrumentIds(db, ids);
  const missing = ids.find((i) => !known.has(i));
  if (missing) throw new ValidationError(`unknown instrument ${missing}`, "input.instrumentIds");
}

async function ownWatchlist(db: Db, userId: string, id: string): Promise<repo.WatchlistRow> {
  const cur = isUuid(id) ? await repo.findWatchlist(db, userId, id) : undefined;
  if (!cur) throw new NotFoundError("Watchlist not found");
  return cur;
}

const nameTaken = "You already have a watchlist with this name";

/** The signed-in user's watchlists, the default first. */
export const listWatchlists = defineVerb({
  name: "market.listWatchlists",
  access: "user",
  async run({ ctx, actor }) {
    const rows = await repo.listWatchlists(ctx.db, actor.userId);
    return Promise.all(rows.map((w) => watchlistView(ctx.db, w)));
  },
});

/** Creates a watchlist; the user's first one becomes the default. */
export const createWatchlist = defineVerb({
  name: "market.createWatchlist",
  access: "user",
  input: watchlistInput,
  write: true,
  conflict: nameTaken,
  async run({ ctx, input, actor }) {
    const userId = actor.userId;
    await checkIds(ctx.db, input.instrumentIds);
    const existing = await repo.listWatchlists(ctx.db, userId);
    if (existing.some((w) => w.name === input.name))
      throw new ConflictError(`You already have a watchlist named ${input.name}`);
    const isDefault = input.isDefault ?? existing.length === 0;
    if (isDefault) await repo.clearDefaultWatchlist(ctx.db, userId);
    const w = await repo.insertWatchlist(ctx.db, {
      id: newId(),
      userId,
      name: input.name,
      isDefault,
      instrumentIds: input.instrumentIds,
    });
    return watchlistView(ctx.db, w);
  },
  audit: ({ result }) => ({
    eventType: "market.watchlist",
    action: "create",
    resourceType: "watchlist",
    resourceId: result.id,
    newValues: { name: result.name, isDefault: result.isDefault, instrumentIds: result.instrumentIds },
  }),
});

/**
 * Renames, reorders (the array order is the display order) or makes default; another user's id →
 * 404. Answers the watchlist and the values the change replaced.
 */
export const updateWatchlist = defineVerb({
  name: "market.updateWatchlist",
  access: "user",
  input: z.object({ id: z.string(), patch: watchlistPatch }),
  write: true,
  conflict: nameTaken,
  async run({ ctx, input, actor }) {
    const userId = actor.userId;
    const p = input.patch;
    const cur = await ownWatchlist(ctx.db, userId, input.id);
    if (p.instrumentIds) await checkIds(ctx.db, p.instrumentIds);
    if (
      p.name &&
      p.name !== cur.name &&
      (await repo.listWatchlists(ctx.db, userId)).some((w) => w.name === p.name)
    )
      throw new ConflictError(`You already have a watchlist named ${p.name}`);
    if (p.isDefault === false && cur.isDefault)
      throw new ValidationError("make another watchlist the default instead", "input.isDefault");
    if (p.isDefault) await repo.clearDefaultWatchlist(ctx.db, userId);
    const w = (await repo.updateWatchlist(ctx.db, userId, cur.id, p)) as repo.WatchlistRow;
    const changed = Object.keys(p) as (keyof typeof p)[];
    return {
      watchlist: await watchlistView(ctx.db, w),
      previous: Object.fromEntries(changed.map((k) => [k, cur[k]])),
    };
  },
  audit: ({ input, result }) => ({
    eventType: "market.watchlist",
    action: "update",
    resourceType: "watchlist",
    resourceId: result.watchlist.id,
    oldValues: result.previous,
    newValues: input.patch,
  }),
});

/**
 * Deletes a watchlist; when it was the default, the oldest remaining one becomes the default.
 * Answers what was deleted.
 */
export const deleteWatchlist = defineVerb({
  name: "market.deleteWatchlist",
  access: "user",
  input: z.object({ id: z.string() }),
  write: true,
  async run({ ctx, input, actor }) {
    const userId = actor.userId;
    const cur = await ownWatchlist(ctx.db, userId, input.id);
    await repo.deleteWatchlist(ctx.db, userId, cur.id);
    if (cur.isDefault) {
      const next = (await repo.listWatchlists(ctx.db, userId))[0];
      if (next) await repo.updateWatchlist(ctx.db, userId, next.id, { isDefault: true });
    }
    return { id: cur.id, name: cur.name, isDefault: cur.isDefault, instrumentIds: cur.instrumentIds };
  },
  audit: ({ result }) => ({
    eventType: "market.watchlist",
    action: "delete",
    resourceType: "watchlist",
    resourceId: result.id,
    oldValues: { name: result.name, isDefault: result.isDefault, instrumentIds: result.instrumentIds },
  }),
});
