// Reconciliation: a snapshot's quantities beside the ledger's holdings of one of the user's
// accounts (the portfolio.holdings cache the ledger refreshes), instrument by instrument.
import { z } from "zod";
import { NotFoundError } from "../../../platform/errors.ts";
import { isUuid } from "../../../platform/ids.ts";
import { Decimal } from "../../../platform/money.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { getInstrument } from "../../market/index.ts";
import * as repo from "./repository.ts";
import { ownSnapshot } from "./service.ts";

const str = (d: Decimal | null) => (d === null ? null : d.toString());
const D = (s: string | null) => (s === null ? null : new Decimal(s));

/** The snapshot's quantities beside the ledger's holdings of an account, instrument by instrument. */
export const reconcileSnapshot = defineVerb({
  name: "portfolio.reconcileSnapshot",
  access: "user",
  input: z.object({ id: z.string(), accountId: z.string() }),
  async run({ ctx, input, actor }) {
    const s = await ownSnapshot(ctx, actor.userId, input.id);
    if (!isUuid(input.accountId) || !(await repo.ownsAccount(ctx.db, actor.userId, input.accountId)))
      throw new NotFoundError("Account not found");
    const ledger = await repo.accountHoldings(ctx.db, input.accountId);
    const held = new Map<string, Decimal>();
    for (const h of ledger) {
      const q = new Decimal(h.quantity).times(h.side === "short" ? -1 : 1);
      held.set(h.instrumentId, (held.get(h.instrumentId) ?? new Decimal(0)).plus(q));
    }
    const lines = await repo.linesOf(ctx.db, s.id);
    const out = [];
    const seen = new Set<string>();
    for (const l of lines) {
      const snapQ = D(l.quantity);
      if (!l.instrumentId) {
        out.push({
          instrumentId: null,
          name: l.name,
          snapshotQuantity: l.quantity,
          ledgerQuantity: null,
          difference: null,
          status: "unmapped" as const,
        });
        continue;
      }
      seen.add(l.instrumentId);
      const ledgerQ = held.get(l.instrumentId) ?? null;
      const diff = snapQ && ledgerQ ? snapQ.minus(ledgerQ) : null;
      out.push({
        instrumentId: l.instrumentId,
        name: l.name,
        snapshotQuantity: l.quantity,
        ledgerQuantity: str(ledgerQ),
        difference: str(diff),
        status:
          ledgerQ === null
            ? ("onlySnapshot" as const)
            : diff?.isZero()
              ? ("match" as const)
              : ("mismatch" as const),
      });
    }
    for (const [instrumentId, q] of held) {
      if (seen.has(instrumentId) || q.isZero()) continue;
      const i = await getInstrument({ ctx, input: { id: instrumentId } }).catch(() => null);
      out.push({
        instrumentId,
        name: i?.nameLocal ?? i?.name ?? instrumentId,
        snapshotQuantity: null,
        ledgerQuantity: q.toString(),
        difference: null,
        status: "onlyLedger" as const,
      });
    }
    const asOf =
      ledger
        .map((h) => String(h.asOf))
        .sort()
        .at(-1) ?? null;
    return {
      snapshotId: s.id,
      accountId: input.accountId,
      asOf,
      matched: out.filter((o) => o.status === "match").length,
      lines: out,
    };
  },
});
