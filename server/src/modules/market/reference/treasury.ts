// The bundled H.15 Treasury yields (1962-2000, undated): loaded once on a new embedded installation.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ValidationError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import * as repo from "./repository.ts";

export const TREASURY_FILE = new URL("./fixtures/treasury-cmt.csv", import.meta.url);
const TREASURY_COLUMNS = [
  ["tcm1y", "UST1Y_CMT_1962", "US Treasury 1-year constant maturity (H.15, 1962-2000)"],
  ["tcm3y", "UST3Y_CMT_1962", "US Treasury 3-year constant maturity (H.15, 1962-2000)"],
  ["tcm5y", "UST5Y_CMT_1962", "US Treasury 5-year constant maturity (H.15, 1962-2000)"],
  ["tcm10y", "UST10Y_CMT_1962", "US Treasury 10-year constant maturity (H.15, 1962-2000)"],
] as const;

/**
 * Loads the H.15 constant-maturity yields (tseries::tcmd) as four undated daily series indexed by
 * observation number (default: the bundled file). Idempotent: a rerun writes nothing new. Answers
 * the observations written.
 */
export const loadTreasuryCmt = defineVerb({
  name: "market.loadTreasuryCmt",
  access: "admin",
  input: z.object({ text: z.string().optional() }),
  write: true,
  async run({ ctx, input }): Promise<number> {
    const text = input.text ?? readFileSync(TREASURY_FILE, "utf8");
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
    {
      const tx = ctx.db;
      let n = 0;
      const now = ctx.clock.now();
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
          values.map((x) => ({ seq: x.seq, obsDate: null, value: x.v[k] ?? null, knownAt: null })),
          { now, lagDays: 0 },
        );
      }
      return n;
    }
  },
});
