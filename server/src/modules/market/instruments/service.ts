// Instrument verbs: create, update, read, search, resolve (ISIN, symbol + MIC or country) and the
// configured list. Shared market data is written by administrators or the local process.
import { z } from "zod";
import type { Db } from "../../../platform/db/index.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { identifierProblems } from "../identifiers.ts";
import { priceDecimals } from "../ticks.ts";
import {
  type InstrumentOut,
  instrumentInput,
  instrumentPatch,
  resolveInput,
  searchInput,
} from "./contracts.ts";
import * as repo from "./repository.ts";
import { KRX_MICS, legacyMarket, marketFilter, micOfExchange, NO_VENUE, resolveListing } from "./venues.ts";

export function instrumentView(r: repo.InstrumentRow): InstrumentOut {
  return {
    id: r.id,
    symbol: r.symbol,
    mic: r.mic,
    country: r.country,
    market: legacyMarket(r),
    assetClass: r.assetClass,
    name: r.name,
    nameLocal: r.nameLocal,
    exchange: r.exchange,
    currency: r.currency,
    sector: r.sector,
    industry: r.industry,
    themes: r.themes,
    isin: r.isin,
    cusip: r.cusip,
    sedol: r.sedol,
    baseCurrency: r.baseCurrency,
    quoteCurrency: r.quoteCurrency,
    pipValue: r.pipValue,
    priceDecimals: priceDecimals(r),
    inceptionDate: r.inceptionDate,
    description: r.description,
    dataSource: r.dataSource,
    active: r.active,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

/** The instrument with this id, or 404 (also for ids that are not UUIDs). */
export async function instrumentOr404(db: Db, id: string): Promise<repo.InstrumentRow> {
  const row = isUuid(id) ? await repo.findInstrument(db, id) : undefined;
  if (!row) throw new NotFoundError("Instrument not found");
  return row;
}

type Fields = Partial<repo.InstrumentInsert>;

/** Rules a row must meet beyond its column types; each problem names its field. */
function checkInstrument(v: Fields): void {
  const problems = identifierProblems(v).map((p) => `input.${p.split(" ")[0]?.toLowerCase()}: ${p}`);
  if (v.mic && (KRX_MICS as readonly string[]).includes(v.mic) && v.symbol && !/^\d{6}$/.test(v.symbol))
    problems.push(`input.symbol: Korean symbol ${v.symbol} must be a 6-digit code`);
  if (v.country === "KR" && v.currency !== "KRW")
    problems.push(`input.currency: a Korean listing trades in KRW, not ${v.currency}`);
  if (v.assetClass === "fx" && (!v.baseCurrency || !v.quoteCurrency))
    problems.push("input.baseCurrency: a forex pair needs baseCurrency and quoteCurrency");
  if (problems.length > 0) throw new ValidationError(problems.join("; "));
}

const describeListing = (r: { symbol: string; mic: string; country: string | null }) =>
  r.mic === NO_VENUE ? `${r.symbol} (${r.country ?? "no country"}, no venue)` : `${r.symbol} on ${r.mic}`;

/** An existing row another listing would duplicate: same (symbol, MIC[, country]), same symbol in a national symbology, same ISIN. */
async function duplicateOf(db: Db, v: Fields, exceptId?: string): Promise<string | null> {
  const { symbol, mic, country } = v as { symbol: string; mic: string; country: string | null };
  const same = await repo.findListing(db, symbol, mic, country ?? null);
  if (same && same.id !== exceptId) return `Instrument ${describeListing(same)} already exists`;
  if (country === "US" || country === "KR") {
    const national = (await repo.findInstruments(db, { symbol, country })).find((r) => r.id !== exceptId);
    if (national)
      return `${symbol} is already listed in ${country} as ${describeListing(national)} (id ${national.id}); one symbol names one security there`;
  }
  if (v.isin) {
    const byIsin = (await repo.findInstruments(db, { isin: v.isin })).find((r) => r.id !== exceptId);
    if (byIsin) return `ISIN ${v.isin} already belongs to ${describeListing(byIsin)} (id ${byIsin.id})`;
  }
  return null;
}

/** A stored row that is the same security under another listing key (national symbol or ISIN). */
async function sameSecurity(db: Db, v: Fields): Promise<repo.InstrumentRow | undefined> {
  const { symbol, mic, country } = v as { symbol: string; mic: string; country: string | null };
  if (await repo.findListing(db, symbol, mic, country ?? null)) return undefined;
  if (country === "US" || country === "KR") {
    const [national] = await repo.findInstruments(db, { symbol, country }, 1);
    if (national) return national;
  }
  if (v.isin) return (await repo.findInstruments(db, { isin: v.isin }, 1))[0];
  return undefined;
}

/** The stored fields of an instrument input: listing (MIC, country, exchange) and defaults resolved. */
function rowOf(v: z.output<typeof instrumentInput>): Omit<repo.InstrumentInsert, "id"> {
  const { market: _m, mic: _mic, country: _c, exchange: _e, ...rest } = v;
  const listing = resolveListing(v);
  const symbol =
    v.assetClass === "fx" || v.assetClass === "crypto" || /^[a-z]/i.test(v.symbol)
      ? v.symbol.toUpperCase()
      : v.symbol;
  const row = {
    ...rest,
    symbol,
    ...listing,
    currency: v.currency ?? (listing.country === "KR" ? "KRW" : "USD"),
  };
  checkInstrument(row);
  return row;
}

const instrumentConflict = "An instrument with this symbol and venue, or this ISIN, already exists";

/** Creates an instrument (admin). Bad ISIN/CUSIP/SEDOL are refused by name; a listing exists once. */
export const createInstrument = defineVerb({
  name: "market.createInstrument",
  access: "admin",
  input: instrumentInput,
  write: true,
  conflict: instrumentConflict,
  async run({ ctx, input }) {
    const row = rowOf(input);
    const dup = await duplicateOf(ctx.db, row);
    if (dup) throw new ConflictError(dup);
    return instrumentView(await repo.insertInstrument(ctx.db, { ...row, id: newId() }));
  },
  audit: ({ result }) => ({
    eventType: "market.instrument",
    action: "create",
    resourceType: "instrument",
    resourceId: result.id,
    newValues: { symbol: result.symbol, mic: result.mic, country: result.country, name: result.name },
  }),
});

/** Updates fields of an instrument (admin); `active: false` is the soft delete. */
export const updateInstrument = defineVerb({
  name: "market.updateInstrument",
  access: "admin",
  input: z.object({ id: z.string(), patch: instrumentPatch }),
  write: true,
  conflict: instrumentConflict,
  async run({ ctx, input }) {
    const cur = await instrumentOr404(ctx.db, input.id);
    const { market, mic, country, exchange, ...rest } = input.patch;
    const patch: Fields = { ...rest };
    if (market !== undefined || mic !== undefined || country !== undefined || exchange !== undefined) {
      const moved = market !== undefined || mic !== undefined;
      Object.assign(
        patch,
        resolveListing({
          market,
          mic: moved ? mic : cur.mic,
          country: country !== undefined ? country : moved ? undefined : cur.country,
          exchange: exchange !== undefined ? exchange : moved ? undefined : cur.exchange,
          assetClass: patch.assetClass ?? cur.assetClass,
        }),
      );
    }
    const next = { ...cur, ...patch };
    checkInstrument(next);
    if (patch.mic !== undefined || patch.country !== undefined || patch.isin) {
      const dup = await duplicateOf(ctx.db, next, cur.id);
      if (dup) throw new ConflictError(dup);
    }
    return instrumentView((await repo.updateInstrument(ctx.db, cur.id, patch)) as repo.InstrumentRow);
  },
  audit: ({ input, result }) => ({
    eventType: "market.instrument",
    action: input.patch.active === false ? "deactivate" : "update",
    resourceType: "instrument",
    resourceId: result.id,
    newValues: input.patch,
  }),
});

export const getInstrument = defineVerb({
  name: "market.getInstrument",
  access: "userOrLocal",
  input: z.object({ id: z.string() }),
  run: async ({ ctx, input }) => instrumentView(await instrumentOr404(ctx.db, input.id)),
});

/**
 * Finds the instrument a broker row, a CLI argument or a universe member means:
 * 1. by ISIN when given and known;
 * 2. by symbol and MIC (a market or exchange name stands for its MIC or country);
 * 3. by symbol and country, when one listing there has that symbol;
 * 4. by symbol alone, when only one instrument has it.
 * Null when nothing matches; 409 when the symbol names several listings (give the MIC).
 */
export const resolveInstrument = defineVerb({
  name: "market.resolveInstrument",
  access: "userOrLocal",
  input: resolveInput,
  async run({ ctx, input }) {
    const row = await resolveRow(ctx.db, input);
    return row ? instrumentView(row) : null;
  },
});

/** The row `resolveInstrument` answers (for the module's own verbs, inside their transaction). */
export async function resolveRow(
  db: Db,
  v: z.output<typeof resolveInput>,
): Promise<repo.InstrumentRow | null> {
  if (v.isin) {
    const [byIsin] = await repo.findInstruments(db, { isin: v.isin }, 1);
    if (byIsin) return byIsin;
  }
  if (!v.symbol) return null;
  let mic = v.mic;
  let country = v.country;
  if (v.market || v.exchange) {
    const f = v.market ? marketFilter(v.market) : {};
    const byExchange = micOfExchange(v.exchange);
    if (v.exchange && !byExchange)
      throw new ValidationError(`unknown exchange ${v.exchange}`, "input.exchange");
    mic = mic ?? f.mic ?? byExchange;
    country = country ?? f.country;
    if (f.assetClass) {
      const rows = await repo.findInstruments(db, { symbol: v.symbol, assetClass: f.assetClass });
      return pick(rows, v.symbol, `${v.market}`);
    }
  }
  const symbols = [...new Set([v.symbol, v.symbol.toUpperCase()])];
  for (const symbol of symbols) {
    const rows = await repo.findInstruments(db, { symbol, mic, country });
    const found = pick(rows, symbol, mic ?? country ?? "any market");
    if (found) return found;
  }
  return null;
}

/** One row, none, or 409 listing the candidates (an active row beats inactive ones). */
function pick(rows: repo.InstrumentRow[], symbol: string, where: string): repo.InstrumentRow | null {
  const active = rows.filter((r) => r.active);
  const pool = active.length > 0 ? active : rows;
  if (pool.length <= 1) return pool[0] ?? null;
  throw new ConflictError(
    `${symbol} (${where}) names several instruments: ${pool.map(describeListing).join(", ")}; give the MIC`,
  );
}

/** Kept for the CLI and demo data: `resolveInstrument` by symbol with a MIC, country or market. */
export const findInstrumentBySymbol = resolveInstrument;

/** Search (q given) or list instruments. */
export const searchInstruments = defineVerb({
  name: "market.searchInstruments",
  access: "userOrLocal",
  input: searchInput,
  async run({ ctx, input }) {
    return (await searchInstrumentsPage({ ctx, input })).instruments;
  },
});

/**
 * One page of instruments: matches of `q` best first, or without `q` every instrument in the
 * filter (market = MIC or country, asset class, currency) by country, venue and symbol; with the
 * total that match, for paging.
 */
export const searchInstrumentsPage = defineVerb({
  name: "market.searchInstrumentsPage",
  access: "userOrLocal",
  input: searchInput,
  async run({ ctx, input }) {
    const f = input.market ? marketFilter(input.market) : {};
    const filter = {
      mic: input.mic ?? f.mic,
      country: input.country ?? f.country,
      assetClass: input.assetClass ?? f.assetClass,
      currency: input.currency,
      includeInactive: input.includeInactive,
      limit: input.limit,
      offset: input.offset,
    };
    if (input.q && input.q.trim().length > 0) {
      const found = await repo.searchInstruments(ctx.db, input.q, filter);
      return { instruments: found.rows.map(instrumentView), total: found.total };
    }
    const [rows, total] = [
      await repo.listInstruments(ctx.db, filter),
      await repo.countInstruments(ctx.db, filter),
    ];
    return { instruments: rows.map(instrumentView), total };
  },
});

/**
 * Applies a configured instrument list idempotently (seed 000's `_seed_tickers`): new ones are
 * inserted, existing ones refreshed, none deleted or re-activated.
 */
export const seedInstruments = defineVerb({
  name: "market.seedInstruments",
  access: "admin",
  input: z.array(instrumentInput),
  write: true,
  async run({ ctx, input }) {
    let inserted = 0;
    for (const v of input) {
      const row = rowOf(v);
      // The same security stored under another key (a US/KR symbol entered without its venue, or
      // its ISIN on another row) is that row: it takes the configured listing.
      // (Under another symbol it is left as it is: a rename is a corporate action.)
      const same = await sameSecurity(ctx.db, row);
      if (same) {
        if (same.symbol === row.symbol) await repo.updateInstrument(ctx.db, same.id, row);
        continue;
      }
      const r = await repo.upsertInstrument(ctx.db, { ...row, id: newId() });
      if (r.inserted) inserted++;
    }
    return { configured: input.length, inserted };
  },
});
