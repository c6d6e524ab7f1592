// Fundamentals (point in time), macro series and observations, and regime computation.
import { readFileSync } from "node:fs";
import type { Config } from "../../../config.ts";
import type { Clock } from "../../../platform/clock.ts";
import type { Ctx } from "../../../platform/context.ts";
import { type Db, inTransaction } from "../../../platform/db/index.ts";
import { NotFoundError, UnauthenticatedError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { recordAudit } from "../../audit/index.ts";
import { refreshQuoteOf } from "../quotes.ts";
import type { MACRO_FREQUENCIES } from "../schema-reference.ts";
import { assertSharedWriter } from "../service.ts";
import { computeRegimes, type DatedValue } from "./regimes.ts";
import * as repo from "./repository.ts";

export interface ReferenceEnv {
  db: Db;
  clock: Clock;
  config: Config;
}

function requireActor(ctx: Ctx) {
  if (!ctx.actor) throw new UnauthenticatedError();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) =>
  ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

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

/** "2024-02-02" → end of that UTC day (known by then); an ISO instant as is. */
export function parseAsOf(asOf: string | undefined, now: Date): Date {
  if (!asOf) return now;
  if (validDate(asOf)) return new Date(Date.parse(`${asOf}T00:00:00Z`) + 86_399_999);
  const t = Date.parse(asOf);
  if (Number.isNaN(t)) throw new ValidationError(`"${asOf}" is not a date or ISO timestamp`, "asOf");
  return new Date(t);
}

/**
 * Fundamentals as known at `asOf` (default now): per report date the latest version published by
 * then, newest report first. `latest` is the first of them: "what was known on D".
 */
export async function getFundamentals({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { instrumentId: string; asOf?: string; limit?: number };
}) {
  requireActor(ctx);
  if (!(await repo.instrumentExists(ctx.db, input.instrumentId)))
    throw new NotFoundError(`Instrument ${input.instrumentId} not found`);
  const asOf = parseAsOf(input.asOf, ctx.clock.now());
  const rows = await repo.fundamentalsKnownAt(ctx.db, input.instrumentId, asOf, input.limit ?? 40);
  const items = rows.map(fundamentalsView);
  return { instrumentId: input.instrumentId, asOf: asOf.toISOString(), latest: items[0] ?? null, items };
}

/** Admin (or the local process): adds or replaces fundamentals rows, with one audit record. */
export async function addFundamentals({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { instrumentId: string; items: FundamentalsInput[] };
}) {
  assertSharedWriter(ctx);
  if (!(await repo.instrumentExists(ctx.db, input.instrumentId)))
    throw new NotFoundError(`Instrument ${input.instrumentId} not found`);
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
    for (const f of FUNDAMENTAL_FIELDS) {
      const v = it[f];
      if (v !== undefined && v !== null && !/^-?\d+(\.\d+)?$/.test(v))
        throw new ValidationError(`"${v}" is not a decimal number`, `${at}.${f}`);
      row[f] = v ?? null;
    }
    if (row.week52Low && row.week52High && Number(row.week52Low) > Number(row.week52High))
      throw new ValidationError("week52Low is above week52High", `${at}.week52Low`);
    return row;
  });
  return inTransaction(ctx.db, async (tx) => {
    const saved = await repo.upsertFundamentals(tx, rows);
    // The quote carries the latest known market cap.
    if (rows.some((r) => r.marketCap)) await refreshQuoteOf(tx, input.instrumentId, now);
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: "market.fundamentals",
        action: "upsert",
        resourceType: "instrument",
        resourceId: input.instrumentId,
        newValues: { rows: saved.length, reportDates: [...new Set(rows.map((r) => r.reportDate))] },
      },
    );
    return saved.map(fundamentalsView);
  });
}

// ---- macro -------------------------------------------------------------------------------------

/** Dated observations get seq = days since 1900-01-01, so a date always maps to the same key. */
export const seqOfDate = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25_567;

export function seriesView(s: repo.MacroSeriesRow) {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    frequency: s.frequency,
    unit: s.unit,
    dated: s.dated,
    dataSource: s.dataSource,
    description: s.description,
  };
}

export async function listMacroSeries({ ctx }: { ctx: Ctx }) {
  requireActor(ctx);
  const rows = await repo.listSeries(ctx.db);
  return rows.map((r) => ({
    ...seriesView(r.series),
    observations: Number(r.observations),
    firstDate: r.firstDate,
    lastDate: r.lastDate,
    firstSeq: r.firstSeq,
    lastSeq: r.lastSeq,
  }));
}

async function seriesRef(db: Db, idOrCode: string) {
  const s = isUuid(idOrCode) ? await repo.seriesById(db, idOrCode) : await repo.seriesByCode(db, idOrCode);
  if (!s) throw new NotFoundError(`Macro series ${idOrCode} not found`);
  return s;
}

export async function macroObservations({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { series: string; from?: string; to?: string; limit: number; offset: number };
}) {
  requireActor(ctx);
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
  const r = await repo.observations(ctx.db, s.id, input);
  return { series: seriesView(s), ...r, limit: input.limit, offset: input.offset };
}

export interface SeriesInput {
  code: string;
  name: string;
  frequency: (typeof MACRO_FREQUENCIES)[number];
  unit?: string | null;
  dataSource?: string | null;
  description?: string | null;
  observations: { date: string; value: number | null }[];
}

/** Admin (or the local process): creates/updates a dated series and upserts its observations. */
export async function saveMacroSeries({ ctx, input }: { ctx: Ctx; input: SeriesInput }) {
  assertSharedWriter(ctx);
  input.observations.forEach((o, i) => {
    if (!validDate(o.date)) throw new ValidationError(`"${o.date}" is not a date`, `observations.${i}.date`);
  });
  const existing = await repo.seriesByCode(ctx.db, input.code);
  if (existing && !existing.dated)
    throw new ValidationError(`series ${input.code} is undated and cannot take dated observations`, "code");
  return inTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    const s = await repo.upsertSeries(tx, {
      id: existing?.id ?? newId(),
      code: input.code,
      name: input.name,
      frequency: input.frequency,
      unit: input.unit ?? null,
      dated: true,
      dataSource: input.dataSource ?? null,
      description: input.description ?? null,
      createdAt: now,
      updatedAt: now,
    });
    const written = await repo.upsertObservations(
      tx,
      s.id,
      input.observations.map((o) => ({ seq: seqOfDate(o.date), obsDate: o.date, value: o.value })),
    );
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: "market.macro",
        action: existing ? "update" : "create",
        resourceType: "macro_series",
        resourceId: s.id,
        newValues: { code: s.code, observations: written },
      },
    );
    return { series: seriesView(s), written };
  });
}

export const TREASURY_FILE = new URL("./fixtures/treasury-cmt.csv", import.meta.url);
const TREASURY_COLUMNS = [
  ["tcm1y", "UST1Y_CMT_1962", "US Treasury 1-year constant maturity (H.15, 1962-2000)"],
  ["tcm3y", "UST3Y_CMT_1962", "US Treasury 3-year constant maturity (H.15, 1962-2000)"],
  ["tcm5y", "UST5Y_CMT_1962", "US Treasury 5-year constant maturity (H.15, 1962-2000)"],
  ["tcm10y", "UST10Y_CMT_1962", "US Treasury 10-year constant maturity (H.15, 1962-2000)"],
] as const;

/**
 * Loads the H.15 constant-maturity yields (tseries::tcmd) as four undated daily series indexed by
 * observation number. Idempotent: rerunning rewrites the same keys. Returns observations written.
 */
export async function loadTreasuryCmt(
  env: ReferenceEnv,
  text = readFileSync(TREASURY_FILE, "utf8"),
): Promise<number> {
  const lines = text.trim().split(/\r?\n/);
  const header = (lines[0] ?? "").split(",");
  const obsCol = header.indexOf("obs");
  if (obsCol < 0) throw new ValidationError("treasury file: no obs column");
  const cols = TREASURY_COLUMNS.map(([c]) => {
    const i = header.indexOf(c);
    if (i < 0) throw new ValidationError(`treasury file: no ${c} column`);
    return i;
  });
  const values: { seq: number; v: (number | null)[] }[] = [];
  for (let r = 1; r < lines.length; r++) {
    const cells = (lines[r] as string).split(",");
    const seq = Number(cells[obsCol]);
    if (!Number.isInteger(seq) || seq < 1)
      throw new ValidationError(
        `treasury file row ${r + 1}: obs "${cells[obsCol]}" is not a positive integer`,
      );
    values.push({
      seq,
      v: cols.map((i) => {
        const c = (cells[i] ?? "").trim();
        if (c === "" || c === "NA") return null;
        const n = Number(c);
        if (!Number.isFinite(n))
          throw new ValidationError(`treasury file row ${r + 1}: "${c}" is not a number`);
        return n;
      }),
    });
  }
  return inTransaction(env.db, async (tx) => {
    let n = 0;
    const now = env.clock.now();
    for (const [k, [, code, name]] of TREASURY_COLUMNS.entries()) {
      const existing = await repo.seriesByCode(tx, code);
      const s = await repo.upsertSeries(tx, {
        id: existing?.id ?? newId(),
        code,
        name,
        frequency: "daily",
        unit: "percent",
        dated: false,
        dataSource: "Federal Reserve H.15 via R tseries 0.10-53 (tcmd), GPL-2",
        description:
          "Business-day observations from January 1962 to about August 2000. The source has no calendar dates (R ts, frequency 248), so observations are indexed by number only.",
        createdAt: now,
        updatedAt: now,
      });
      n += await repo.upsertObservations(
        tx,
        s.id,
        values.map((x) => ({ seq: x.seq, obsDate: null, value: x.v[k] ?? null })),
      );
    }
    return n;
  });
}

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
  const rows = await repo.findInstrumentsBySymbols(db, symbols);
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

/**
 * Recomputes regime rows for [from, to] from stored bars and macro series and replaces what was
 * stored for that range (idempotent: the same inputs give the same rows). Defaults: all dates up to
 * today.
 */
export async function recomputeRegimes(env: ReferenceEnv, input: { from?: string; to?: string } = {}) {
  const from = input.from ?? "1900-01-01";
  const to = input.to ?? env.clock.now().toISOString().slice(0, 10);
  if (!validDate(from)) throw new ValidationError(`"${from}" is not a date`, "from");
  if (!validDate(to)) throw new ValidationError(`"${to}" is not a date`, "to");
  const db = env.db;
  const index = await firstInstrument(db, REGIME_DEFAULTS.index);
  const vix = await firstInstrument(db, REGIME_DEFAULTS.vix);
  const long = await firstDatedSeries(db, REGIME_DEFAULTS.long);
  const short = await firstDatedSeries(db, REGIME_DEFAULTS.short);
  const credit = await firstDatedSeries(db, REGIME_DEFAULTS.credit);
  const corporate = credit ? null : await firstDatedSeries(db, REGIME_DEFAULTS.corporate);
  const closes = async (id: string | undefined): Promise<DatedValue[] | null> =>
    id ? (await repo.dailyCloses(db, id, to)).map((r) => ({ d: r.d, v: r.c })) : null;
  const series = async (id: string | undefined): Promise<DatedValue[] | null> =>
    id ? repo.datedValues(db, id, to) : null;
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
    `index=${index ? `${index.symbol}/${index.market}` : "-"}`,
    `vix=${vix ? vix.symbol : "-"}`,
    `slope=${long && short ? `${long.code}-${short.code}` : "-"}`,
    `credit=${credit ? credit.code : corporate && long ? `${corporate.code}-${long.code}` : "-"}`,
  ].join(" ");
  const now = env.clock.now();
  const written = await inTransaction(db, async (tx) => {
    await repo.deleteRegimes(tx, from, to);
    return repo.upsertRegimes(
      tx,
      points.map((p) => ({
        date: p.date,
        vix: p.vix,
        drawdownMarker: p.drawdown,
        bear: p.bear,
        yieldCurveSlope: p.slope,
        creditSpread: p.creditSpread,
        macroCycle: p.cycle,
        dataSource,
        computedAt: now,
      })),
    );
  });
  return { from, to, written, dataSource };
}

export function regimeView(r: repo.RegimeRow) {
  return {
    date: r.date,
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

export async function listRegimes({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { from?: string; to?: string; limit: number };
}) {
  requireActor(ctx);
  for (const k of ["from", "to"] as const) {
    const v = input[k];
    if (v !== undefined && !validDate(v)) throw new ValidationError(`"${v}" is not a date`, k);
  }
  return (await repo.regimes(ctx.db, input)).map(regimeView);
}

/** Admin: recompute now (the scheduled job does the same nightly). */
export async function recomputeRegimesVerb({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { from?: string; to?: string };
}) {
  assertSharedWriter(ctx);
  const r = await recomputeRegimes({ db: ctx.db, clock: ctx.clock, config: ctx.config }, input);
  await recordAudit(ctx, {
    eventType: "market.regimes",
    action: "recompute",
    resourceType: "regime_indicators",
    newValues: r,
  });
  return r;
}
