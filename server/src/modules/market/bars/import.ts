// The bar import verb: a CSV stream into market.bars, all rows or none (platform/db/bulk.ts does the
// staging and the merge).
import { ValidationError } from "../../../platform/errors.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { BarCsvParser, type RowError } from "../csv.ts";
import * as instruments from "../instruments/repository.ts";
import { instrumentOr404 } from "../instruments/service.ts";
import { calendarOf } from "../instruments/venues.ts";
import { refreshQuote } from "../quotes/service.ts";
import { type ImportOut, type ImportProgress, importInput } from "./contracts.ts";
import * as repo from "./repository.ts";

export type { ImportProgress };

/** A refused batch: thrown inside the transaction so it rolls back, answered as the report. */
class BatchRefused extends Error {
  readonly report: ImportOut;
  constructor(report: ImportOut) {
    super("import refused");
    this.report = report;
  }
}

/**
 * Streams a CSV of bars into market.bars: parse and validate each row (row-numbered errors), COPY
 * the good ones into a temporary staging table, then merge with one `INSERT … SELECT … ON CONFLICT
 * DO NOTHING`, all in one transaction with its audit row. Rows after the last stored bar, while they
 * ascend, skip the staging table and are COPYed straight in. Any rejected row (bad cell, broken
 * OHLC invariant, duplicate timestamp within the file) refuses the whole batch: nothing is stored
 * and every bad row is reported. Re-importing the same file adds nothing (the rows count as
 * skipped duplicates).
 */
const importBarsVerb = defineVerb({
  name: "market.importBars",
  access: "admin",
  input: importInput,
  write: true,
  async run({ ctx, input }): Promise<ImportOut> {
    const started = performance.now();
    const tx = ctx.db;
    const instrument = await instrumentOr404(tx, input.instrumentId);
    if (!instrument.active) throw new ValidationError(`Instrument ${instrument.symbol} is inactive`);
    const source = input.source ?? "import";
    if (/[",\n\r]/.test(source))
      throw new ValidationError("source must not contain quotes, commas or newlines", "input.source");
    const timeZone = input.timeZone ?? calendarOf(instrument).timeZone;
    const parser = new BarCsvParser({
      interval: input.interval,
      timeZone,
      allowNonPositivePrices: instrument.assetClass === "future",
    });
    const extraErrors: RowError[] = [];
    let added = 0;
    const report = (): ImportOut => {
      const errors = [...parser.errors, ...extraErrors].sort((a, b) => a.row - b.row);
      const rejected = parser.rejected + extraErrors.length;
      const refused = rejected > 0 || parser.fatal;
      return {
        instrumentId: instrument.id,
        interval: input.interval,
        rowsRead: parser.rowsRead,
        added: refused ? 0 : added,
        skippedDuplicates: refused ? 0 : parser.accepted - added,
        rejected,
        refused,
        errors,
        errorsTruncated: parser.errorsTruncated,
        elapsedMs: Math.round(performance.now() - started),
      };
    };
    const progress = () =>
      input.onProgress?.({
        rowsRead: parser.rowsRead,
        bytesRead: parser.bytesRead,
        accepted: parser.accepted,
        rejected: parser.rejected,
      });

    const reader = input.body[Symbol.asyncIterator]();
    let inputDone = false;
    const ok = () => parser.rejected === 0 && !parser.fatal;
    let staged = "";
    /** Reads input until there is text to hand over or the input ends. */
    async function pump(): Promise<void> {
      const n = await reader.next();
      if (n.done) {
        inputDone = true;
        staged += parser.end();
      } else staged += parser.push(n.value);
      progress();
    }
    // Rows for market.bars directly (ascending, after the last stored bar).
    async function* directRows(): AsyncGenerator<Uint8Array> {
      while (parser.direct && !inputDone) {
        await pump();
        if (!ok()) return;
        const t = parser.takeDirect(1 << 18);
        if (t) yield t;
      }
      if (!ok()) return;
      const t = parser.takeDirect();
      if (t) yield t;
    }
    // Rows for staging: everything from the first row that breaks the ascending order.
    async function* stagedText(): AsyncGenerator<string> {
      for (;;) {
        if (ok() && (staged.length >= 1 << 18 || (inputDone && staged.length > 0))) {
          const t = staged;
          staged = "";
          yield t;
        }
        if (inputDone) return;
        await pump();
      }
    }

    await instruments.lockInstrument(tx, instrument.id);
    const floor = (await repo.maxBarTs(tx, instrument.id, input.interval)) ?? Number.NEGATIVE_INFINITY;
    parser.startDirect({ instrumentId: instrument.id, interval: input.interval, source }, floor);
    await repo.copyBars(tx, () => parser.directColumns, directRows());
    let stagedAdded = 0;
    const stage = !inputDone || staged.length > 0 ? await repo.openBarStage(tx) : null;
    if (stage) await stage.copy(stagedText(), () => parser.copyColumns);
    if (!ok()) throw new BatchRefused(report());
    if (stage && parser.accepted > parser.directRows) {
      for (const d of await repo.stagedDuplicateTimes(stage, 10_000)) {
        const when = new Date(d.epochMs).toISOString();
        for (const r of d.rows.slice(1))
          extraErrors.push({ row: r, message: `duplicate timestamp ${when} (same as row ${d.rows[0]})` });
      }
      if (parser.directRows > 0 && Number.isFinite(parser.minMs))
        for (const c of await repo.stagedClashesAfter(stage, instrument.id, input.interval, floor))
          extraErrors.push({
            row: c.row,
            message: `duplicate timestamp ${new Date(c.epochMs).toISOString()} (same as an earlier row)`,
          });
      if (extraErrors.length > 0) throw new BatchRefused(report());
      stagedAdded = await repo.mergeBarStage(stage, instrument.id, input.interval, source);
    }
    added = parser.directRows + stagedAdded;
    if (added > 0) await refreshQuote(tx, instrument, ctx.clock.now());
    return report();
  },
  audit: ({ input, result }) => ({
    eventType: "market.bars",
    action: "import",
    resourceType: "instrument",
    resourceId: result.instrumentId,
    newValues: {
      interval: input.interval,
      rows: result.added + result.skippedDuplicates,
      added: result.added,
      skipped: result.skippedDuplicates,
    },
  }),
});

/**
 * The bar import (see importBarsVerb): a refused batch rolls back its transaction, its audit row
 * included, and answers its report with `refused: true`.
 */
export const importBars: typeof importBarsVerb = async (args) => {
  try {
    return await importBarsVerb(args);
  } catch (err) {
    if (err instanceof BatchRefused) return err.report;
    throw err;
  }
};

/** Wraps an in-memory string as import input (tests, demo data, fetched bars). */
export async function* textChunks(text: string, size = 1 << 16): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
