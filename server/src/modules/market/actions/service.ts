// Corporate-action verbs: list with adjustment factors, and record (admin). A symbol change already
// in effect renames the instrument; a split restates the quote's 52-week range.
import { z } from "zod";
import { ConflictError, ValidationError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { actionFactor } from "../adjust.ts";
import * as instruments from "../instruments/repository.ts";
import { instrumentOr404 } from "../instruments/service.ts";
import { refreshQuote } from "../quotes/service.ts";
import { actionInput } from "./contracts.ts";
import * as repo from "./repository.ts";

export const listActions = defineVerb({
  name: "market.listActions",
  access: "userOrLocal",
  input: z.object({ id: z.string() }),
  async run({ ctx, input }) {
    const instrument = await instrumentOr404(ctx.db, input.id);
    const rows = await repo.listActions(ctx.db, instrument.id);
    const factors = rows.map(actionFactor);
    const cum: number[] = new Array(rows.length);
    let acc = 1;
    for (let i = rows.length - 1; i >= 0; i--) {
      acc *= (factors[i] as { priceFactor: number }).priceFactor;
      cum[i] = acc;
    }
    return rows.map((r, i) => ({
      id: r.id,
      instrumentId: r.instrumentId,
      actionType: r.actionType,
      exDate: r.exDate,
      splitTo: r.splitTo,
      splitFrom: r.splitFrom,
      amount: r.amount,
      currency: r.currency,
      oldSymbol: r.oldSymbol,
      newSymbol: r.newSymbol,
      recordDate: r.recordDate,
      payDate: r.payDate,
      source: r.source,
      notes: r.notes,
      prevClose: r.prevClose,
      priceFactor: (factors[i] as { priceFactor: number }).priceFactor,
      cumulativeFactor: cum[i] as number,
      skipped: (factors[i] as { skipped: string | null }).skipped,
    }));
  },
});

/** Records a split, dividend or symbol change (admin). A symbol change already in effect renames the instrument. */
export const createAction = defineVerb({
  name: "market.createAction",
  access: "admin",
  input: z.object({ id: z.string(), action: actionInput }),
  write: true,
  conflict: "This action, or the instrument's new symbol, is already recorded",
  async run({ ctx, input }) {
    const a = input.action;
    if (
      a.actionType === "split" &&
      !(a.splitTo && a.splitFrom && Number(a.splitTo) > 0 && Number(a.splitFrom) > 0)
    )
      throw new ValidationError(
        "a split needs splitTo and splitFrom greater than zero (7-for-1: splitTo 7, splitFrom 1)",
      );
    if (a.actionType === "dividend" && !(a.amount && Number(a.amount) >= 0))
      throw new ValidationError("a dividend needs a non-negative amount");
    if (a.actionType === "symbol_change" && !a.newSymbol)
      throw new ValidationError("a symbol change needs newSymbol");
    const instrument = await instrumentOr404(ctx.db, input.id);
    if (await repo.findActionKey(ctx.db, instrument.id, a.actionType, a.exDate))
      throw new ConflictError(
        `A ${a.actionType} on ${a.exDate} is already recorded for ${instrument.symbol}`,
      );
    const row = await repo.insertAction(ctx.db, {
      ...a,
      oldSymbol: a.actionType === "symbol_change" ? (a.oldSymbol ?? instrument.symbol) : a.oldSymbol,
      id: newId(),
      instrumentId: instrument.id,
    });
    const today = ctx.clock.now().toISOString().slice(0, 10);
    if (
      a.actionType === "symbol_change" &&
      a.newSymbol &&
      a.exDate <= today &&
      instrument.symbol !== a.newSymbol
    ) {
      if (await instruments.findListing(ctx.db, a.newSymbol, instrument.mic, instrument.country))
        throw new ConflictError(`Symbol ${a.newSymbol} is already used on ${instrument.mic}`);
      await instruments.updateInstrument(ctx.db, instrument.id, { symbol: a.newSymbol });
    }
    // A split inside the 52-week window restates the quote's range.
    if (a.actionType === "split") await refreshQuote(ctx.db, instrument, ctx.clock.now());
    return row;
  },
  audit: ({ input, result }) => ({
    eventType: "market.corporate_action",
    action: "create",
    resourceType: "instrument",
    resourceId: result.instrumentId,
    newValues: { ...input.action },
  }),
});
