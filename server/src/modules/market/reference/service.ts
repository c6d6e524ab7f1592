// Reference data verbs: fundamentals, macro series and regime indicators, point in time: a value
// carries when it became known, and reads "as of" an instant see only what was known then.
import { z } from "zod";
import type { Db } from "../../../platform/db/index.ts";
import { NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { dateOrDateTime } from "../../../platform/schemas.ts";
import { defineVerb } from "../../../platform/verb.ts";
import * as bars from "../bars/repository.ts";
import * as instruments from "../instruments/repository.ts";
import { legacyMarket } from "../instruments/venues.ts";
import { refreshQuoteOf } from "../quotes/service.ts";
import type { MACRO_FREQUENCIES } from "../schema-reference.ts";
import {
  fundamentalsItems,
  observationsQuery,
  recomputeBody,
  regimesQuery,
  seriesBody,
} from "./contracts.ts";
import { computeRegimes, type DatedValue } from "./regimes.ts";
import * as repo from "./repository.ts";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const validDate = (s: string) =>
  ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** "2024-02-02" → end of that UTC day (known by then); an ISO instant as is. */
export function parseAsOf(asOf: string | undefined, now: Date): Date {
  if (!asOf) return now;
  if (validDate(asOf)) return new Date(Date.parse(`${asOf}T00:00:00Z`) + 86_399_999);
  const t = Date.parse(asOf);
  if (Number.isNaN(t)) throw new ValidationError(`"${asOf}" is not a date or ISO timestamp`, "asOf");
  return new Date(t);
}

// ---- fundamentals ---------------------------------------------------------------------------

export const FUNDAMENTAL_FIELDS = [
  "peRatio",
  "psRatio",
  "pbRatio",
  "evEbitda",
  "roe",
  "debtEquity",
  "cashFlowRatio",
  "dividendYield",
  "marketCap",
  "week52High",
  "week52Low",
] as const;
export type FundamentalField = (typeof FUNDAMENTAL_FIELDS)[number];

export interface FundamentalsInput extends Partial<Record<FundamentalField, string | null>> {
  reportDate: string;
  fiscalPeriod?: string | null;
  /** When the figures became public (filing time); a date means 00:00 UTC that day. */
  knownAt: string;
  currency?: string | null;
  dataSource?: string | null;
}

export function fundamentalsView(r: repo.FundamentalsRow) {
  const out: Record<string, unknown> = {
    id: r.id,
    instrumentId: r.instrumentId,
    reportDate: r.reportDate,
    fiscalPeriod: r.fiscalPeriod,
    knownAt: r.knownAt.toISOString(),
    currency: r.currency,
    dataSource: r.dataSource,
  };
  for (const f of FUNDAMENTAL_FIELDS) out[f] = r[f];
  return out as {
    id: string;
    instrumentId: string;
    reportDate: string;
    fiscalPeriod: string | null;
    knownAt: string;
    currency: string | null;
    dataSource: string | null;
  } & Record<FundamentalField, string | null>;
}

async function instrumentOr404(db: Db, id: string): Promise<void> {
  if (!isUuid(id) || !(await repo.instrumentExists(db, id)))
    throw new NotFoundError(`Instrument ${id} not found`);
}

/**
 * Fundamentals as known at `asOf` (default now): per report date the latest version published by
 * then, newest report first. `latest` is the first of them: "what was known on D".
 */
export const getFundamentals = defineVerb({
  name: "market.getFundamentals",
  access: "userOrLocal",
  input: z.object({
    instrumentId: z.string(),
    asOf: dateOrDateTime().optional(),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  async run({ ctx, input }) {
    await instrumentOr404(ctx.db, input.instrumentId);
    const asOf = parseAsOf(input.asOf, ctx.clock.now());
    const rows = await repo.fundamentalsKnownAt(ctx.db, input.instrumentId, asOf, input.limit ?? 40);
    const items = rows.map(fundamentalsView);
    return { instrumentId: input.instrumentId, asOf: asOf.toISOString(), latest: items[0] ?? null, items };
  },
});

/** Admin (or the local process): adds or replaces fundamentals rows, with one audit record. */
export const addFundamentals = defineVerb({
  name: "market.addFundamentals",
  access: "admin",
  input: z.object({ instrumentId: z.string(), items: fundamentalsItems }),
  write: true,
  async run({ ctx, input }) {
    await instrumentOr404(ctx.db, input.instrumentId);
    const now = ctx.clock.now();
    const rows = input.items.map((it, i) => {
      const at = `items.${i}`;
      if (!validDate(it.reportDate))
        throw new ValidationError(`"${it.reportDate}" is not a date`, `${at}.reportDate`);
      const knownAt = validDate(it.knownAt) ? new Date(`${it.knownAt}T00:00:00Z`) : new Date(it.knownAt);
      if (Number.isNaN(knownAt.getTime()))
        throw new ValidationError(`"${it.knownAt}" is not a date or timestamp`, `${at}.knownAt`);
      if (knownAt.getTime() < Date.parse(`${it.reportDate}T00:00:00Z`))
        throw new ValidationError(
          `known ${it.knownAt} before the period it reports ends (${it.reportDate})`,
          `${at}.knownAt`,
        );
      const row: repo.FundamentalsInsert = {
        id: newId(),
        instrumentId: input.instrumentId,
        reportDate: it.reportDate,
        fiscalPeriod: it.fiscalPeriod ?? null,
        knownAt,
        currency: it.currency ?? null,
        dataSource: it.dataSource ?? "manual",
        createdAt: now,
        updatedAt: now,
      };
      for (const f of FUNDAMENTAL_FIELDS) row[f] = it[f] ?? null;
      if (row.week52Low && row.week52High && Number(row.week52Low) > Number(row.week52High))
        throw new ValidationError("week52Low is above week52High", `${at}.week52Low`);
      return row;
    });
    const saved = await repo.upsertFundamentals(ctx.db, rows);
    // The quote carries the latest known market cap.
    if (rows.some((r) => r.marketCap)) await refreshQuoteOf(ctx.db, input.instrumentId, now);
    return saved.map(fundamentalsView);
  },
  audit: ({ input, result }) => ({
    eventType: "market.fundamentals",
    action: "upsert",
    resourceType: "instrument",
    resourceId: input.instrumentId,
    newValues: { rows: result.length, reportDates: [...new Set(input.items.map((r) => r.reportDate))] },
  }),
});

// ---- macro -------------------------------------------------------------------------------------

/** Dated observations get seq = days since 1900-01-01, so a date always maps to the same key. */
export const seqOfDate = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25_567;

/**
 * Usual days from an observation's date to its publication, when the series does not say
 * (observation dates being period starts, as FRED dates them): daily the next day, weekly a week,
 * monthly the month and two weeks, quarterly the quarter and a month, annual the year and a quarter.
 */
export const DEFAULT_RELEASE_LAG_DAYS: Record<(typeof MACRO_FREQUENCIES)[number], number> = {
  daily: 1,
  weekly: 7,
  monthly: 45,
  quarterly: 120,
  annual: 455,
  irregular: 0,
};
export const releaseLagOf = (s: repo.MacroSeriesRow) =>
  s.releaseLagDays ?? DEFAULT_RELEASE_LAG_DAYS[s.frequency as keyof typeof DEFAULT_RELEASE_LAG_DAYS] ?? 0;

export function seriesView(s: repo.MacroSeriesRow) {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    frequency: s.frequency,
    unit: s.unit,
    dated: s.dated,
    releaseLagDays: releaseLagOf(s),
    dataSource: s.dataSource,
    description: s.description,
  };
}

export const listMacroSeries = defineVerb({
  name: "market.listMacroSeries",
  access: "userOrLocal",
  async run({ ctx }) {
    const rows = await repo.listSeries(ctx.db, ctx.clock.now());
    return rows.map((r) => ({
      ...seriesView(r.series),
      observations: r.observations,
      firstDate: r.firstDate,
      lastDate: r.lastDate,
      firstSeq: r.firstSeq,
      lastSeq: r.lastSeq,
    }));
  },
});

async function seriesRef(db: Db, idOrCode: string) {
  const s = isUuid(idOrCode) ? await repo.seriesById(db, idOrCode) : await repo.seriesByCode(db, idOrCode);
  if (!s) throw new NotFoundError(`Macro series ${idOrCode} not found`);
  return s;
}

/**
 * Observations of a series (by id or code) as known at `asOf` (default now): each observation's
 * latest value published by then; dated series by date range, any series by page.
 */
export const macroObservations = defineVerb({
  name: "market.macroObservations",
  access: "userOrLocal",
  input: observationsQuery.extend({ series: z.string().min(1).max(64) }),
  async run({ ctx, input }) {
    const s = await seriesRef(ctx.db, input.series);
    for (const k of ["from", "to"] as const) {
      const v = input[k];
      if (v !== undefined && !validDate(v)) throw new ValidationError(`"${v}" is not a date`, k);
      if (v !== undefined && !s.dated)
        throw new ValidationError(
          `series ${s.code} has no calendar dates (its source carries none); page it with offset/limit`,
          k,
        );
    }
    const asOf = parseAsOf(input.asOf, ctx.clock.now());
    const r = await repo.observations(ctx.db, s.id, { ...input, asOf });
    return {
      series: seriesView(s),
      asOf: asOf.toISOString(),
      ...r,
      limit: input.limit,
      offset: input.offset,
    };
  },
});

/**
 * Admin (or the local process): creates/updates a dated series and stores its observations as
 * versions. An observation's `knownAt` says when its value was published; without one, a first
 * value is known its series' release lag after its date (never later than now), and a changed
 * value is a revision known now. The same value again writes nothing.
 */
export const saveMacroSeries = defineVerb({
  name: "market.saveMacroSeries",
  access: "admin",
  input: seriesBody,
  write: true,
  async run({ ctx, input }) {
    const seen = new Set<string>();
    const observations = input.observations.map((o, i) => {
      if (!validDate(o.date))
        throw new ValidationError(`"${o.date}" is not a date`, `observations.${i}.date`);
      if (seen.has(o.date)) throw new ValidationError(`${o.date} is listed twice`, `observations.${i}.date`);
      seen.add(o.date);
      const knownAt = o.knownAt
        ? new Date(validDate(o.knownAt) ? `${o.knownAt}T00:00:00Z` : o.knownAt)
        : null;
      if (knownAt && knownAt.getTime() < Date.parse(`${o.date}T00:00:00Z`))
        throw new ValidationError(
          `known ${o.knownAt} before its date ${o.date}`,
          `observations.${i}.knownAt`,
        );
      return { seq: seqOfDate(o.date), obsDate: o.date, value: o.value, knownAt };
    });
    const existing = await repo.seriesByCode(ctx.db, input.code);
    if (existing && !existing.dated)
      throw new ValidationError(`series ${input.code} is undated and cannot take dated observations`, "code");
    const now = ctx.clock.now();
    const s = await repo.upsertSeries(ctx.db, {
      id: existing?.id ?? newId(),
      code: input.code,
      name: input.name,
      frequency: input.frequency,
      unit: input.unit ?? null,
      dated: true,
      releaseLagDays: input.releaseLagDays ?? existing?.releaseLagDays ?? null,
      dataSource: input.dataSource ?? null,
      description: input.description ?? null,
      createdAt: now,
      updatedAt: now,
    });
    const written = await repo.upsertObservations(ctx.db, s.id, observations, {
      now,
      lagDays: releaseLagOf(s),
    });
    return { series: seriesView(s), written, created: !existing };
  },
  audit: ({ result }) => ({
    eventType: "market.macro",
    action: result.created ? "create" : "update",
    resourceType: "macro_series",
    resourceId: result.series.id,
    newValues: { code: result.series.code, observations: result.written },
  }),
});

// ---- regimes -----------------------------------------------------------------------------------

export const REGIME_DEFAULTS = {
  index: ["SPX", "^GSPC", "GSPC", "^SPX"],
  vix: ["VIX", "^VIX"],
  long: ["UST10Y", "DGS10"],
  short: ["UST3M", "DGS3MO", "UST2Y", "DGS2", "UST1Y", "DGS1"],
  credit: ["BAA10Y", "CREDIT_SPREAD"],
  corporate: ["BAA", "DBAA"],
};

async function firstInstrument(db: Db, symbols: string[]) {
  const rows = await instruments.findInstrumentsBySymbols(db, symbols);
  for (const s of symbols) {
    const r = rows.find((x) => x.symbol === s);
    if (r) return r;
  }
  return null;
}

async function firstDatedSeries(db: Db, codes: string[]) {
  for (const c of codes) {
    const s = await repo.seriesByCode(db, c);
    if (s?.dated) return s;
  }
  return null;
}

type RegimeValues = Pick<
  repo.RegimeRow,
  "vix" | "drawdownMarker" | "bear" | "yieldCurveSlope" | "creditSpread" | "macroCycle" | "dataSource"
>;
const sameRegime = (a: RegimeValues, b: RegimeValues) =>
  a.vix === b.vix &&
  a.drawdownMarker === b.drawdownMarker &&
  a.bear === b.bear &&
  a.yieldCurveSlope === b.yieldCurveSlope &&
  a.creditSpread === b.creditSpread &&
  a.macroCycle === b.macroCycle &&
  a.dataSource === b.dataSource;

/**
 * Recomputes regime rows for [from, to] (default: every date up to today) from stored bars and the
 * macro observations known now. Each row is known when its inputs were (the day's close, and each
 * observation's known time). A date gets a new version only when its values differ from the latest
 * stored one (known from then on; from now when its inputs claim an earlier time), or when the
 * same values were knowable before the stored versions say; so a rerun writes nothing and a
 * revision never rewrites what was known before it. Audited when a person asks (not the job).
 */
export const recomputeRegimes = defineVerb({
  name: "market.recomputeRegimes",
  access: "admin",
  input: recomputeBody,
  write: true,
  async run({ ctx, input }) {
    const now = ctx.clock.now();
    const from = input.from ?? "1900-01-01";
    const to = input.to ?? now.toISOString().slice(0, 10);
    if (!validDate(from)) throw new ValidationError(`"${from}" is not a date`, "from");
    if (!validDate(to)) throw new ValidationError(`"${to}" is not a date`, "to");
    const db = ctx.db;
    const index = await firstInstrument(db, REGIME_DEFAULTS.index);
    const vix = await firstInstrument(db, REGIME_DEFAULTS.vix);
    const long = await firstDatedSeries(db, REGIME_DEFAULTS.long);
    const short = await firstDatedSeries(db, REGIME_DEFAULTS.short);
    const credit = await firstDatedSeries(db, REGIME_DEFAULTS.credit);
    const corporate = credit ? null : await firstDatedSeries(db, REGIME_DEFAULTS.corporate);
    const closes = async (id: string | undefined): Promise<DatedValue[] | null> =>
      id ? (await bars.dailyCloses(db, id, to)).map((r) => ({ d: r.d, v: r.c })) : null;
    const series = async (id: string | undefined): Promise<DatedValue[] | null> =>
      id ? repo.datedValues(db, id, to, now) : null;
    const points = computeRegimes({
      index: await closes(index?.id),
      vix: await closes(vix?.id),
      long: await series(long?.id),
      short: await series(short?.id),
      credit: await series(credit?.id),
      corporate: await series(corporate?.id),
      from,
      to,
    });
    const dataSource = [
      `index=${index ? `${index.symbol}/${legacyMarket(index)}` : "-"}`,
      `vix=${vix ? vix.symbol : "-"}`,
      `slope=${long && short ? `${long.code}-${short.code}` : "-"}`,
      `credit=${credit ? credit.code : corporate && long ? `${corporate.code}-${long.code}` : "-"}`,
    ].join(" ");
    const stored = new Map<string, repo.RegimeRow[]>();
    for (const v of await repo.regimeVersions(db, from, to)) {
      const list = stored.get(v.date) ?? [];
      list.push(v);
      stored.set(v.date, list);
    }
    const rows: repo.RegimeInsert[] = [];
    for (const p of points) {
      const values: RegimeValues = {
        vix: p.vix,
        drawdownMarker: p.drawdown,
        bear: p.bear,
        yieldCurveSlope: p.slope,
        creditSpread: p.creditSpread,
        macroCycle: p.cycle,
        dataSource,
      };
      const versions = stored.get(p.date) ?? [];
      const latest = versions.at(-1);
      let knownAt: number | null = null;
      if (latest && sameRegime(latest, values)) {
        const visible = versions.findLast((v) => v.knownAt.getTime() <= p.knownAt);
        if (!visible || !sameRegime(visible, values)) knownAt = p.knownAt;
      } else if (!latest || p.knownAt > latest.knownAt.getTime()) knownAt = p.knownAt;
      else knownAt = Math.max(now.getTime(), latest.knownAt.getTime() + 1);
      if (knownAt !== null)
        rows.push({ date: p.date, knownAt: new Date(knownAt), ...values, computedAt: now });
    }
    const written = await repo.insertRegimes(db, rows);
    return { from, to, written, dataSource };
  },
  audit: ({ result }, ctx) =>
    ctx.origin === "system"
      ? null
      : {
          eventType: "market.regimes",
          action: "recompute",
          resourceType: "regime_indicators",
          newValues: result,
        },
});

export function regimeView(r: repo.RegimeRow) {
  return {
    date: r.date,
    knownAt: r.knownAt.toISOString(),
    vix: r.vix,
    drawdown: r.drawdownMarker,
    bear: r.bear,
    yieldCurveSlope: r.yieldCurveSlope,
    creditSpread: r.creditSpread,
    macroCycle: r.macroCycle as "expansion" | "late_cycle" | "contraction" | "recovery" | null,
    dataSource: r.dataSource,
    computedAt: r.computedAt.toISOString(),
  };
}

/** Regime rows by date as known at `asOf` (default now): per date its latest version known by then. */
export const listRegimes = defineVerb({
  name: "market.listRegimes",
  access: "userOrLocal",
  input: regimesQuery,
  async run({ ctx, input }) {
    for (const k of ["from", "to"] as const) {
      const v = input[k];
      if (v !== undefined && !validDate(v)) throw new ValidationError(`"${v}" is not a date`, k);
    }
    const asOf = parseAsOf(input.asOf, ctx.clock.now());
    return (await repo.regimes(ctx.db, { ...input, asOf })).map(regimeView);
  },
});
