// Keeping the journal's trades in step with the ledger. The portfolio has no change events, so every
// read of trades first compares each account's ledger version (a hash of its trade rows' ids, edit
// times and known fill times) with the version the trades were built from, and rebuilds the accounts
// that changed. A trade keeps its id (and so its notes, tags, strategy, stop, links, rule ticks) while
// the ledger row that opened it stays; a trade whose opening row is gone goes with its journal data.
import { createHash } from "node:crypto";
import type { Ctx } from "../../../platform/context.ts";
import { withDb } from "../../../platform/context.ts";
import { inTransaction } from "../../../platform/db/index.ts";
import { newId } from "../../../platform/ids.ts";
import { instrumentsByIds } from "../../market/index.ts";
import { accountRows, ledgerRows } from "../../portfolio/index.ts";
import { buildTrades, type Fill, type FillType } from "./builder.ts";
import * as repo from "./repository.ts";

const TRADE_TYPES = new Set<string>(["buy", "sell", "short", "cover", "split"]);

type LedgerRow = Awaited<ReturnType<typeof ledgerRows>>[number];

function versionOf(rows: readonly LedgerRow[], times: Map<string, string>): string {
  const h = createHash("sha256");
  for (const r of rows)
    h.update(`${r.id}|${r.type}|${new Date(r.updatedAt).getTime()}|${times.get(r.id) ?? ""}\n`);
  return h.digest("base64url");
}

/**
 * Rebuilds the trades of the user's accounts whose ledger changed since the last build (all of them
 * with `force`), in one transaction; answers how many accounts were rebuilt.
 */
export async function syncTrades(ctx: Ctx, userId: string, force = false): Promise<number> {
  return inTransaction(ctx.db, async (tx) => {
    const c = withDb(ctx, tx);
    const db = c.db;
    await repo.lockUserTrades(db, userId);
    const accounts = await accountRows(db, userId);
    await repo.dropGoneAccounts(
      db,
      userId,
      accounts.map((a) => a.id),
    );
    const rows = (await ledgerRows(db, userId)).filter((r) => TRADE_TYPES.has(r.type) && r.instrumentId);
    const times = await repo.fillTimesOf(db, userId);
    const stored = await repo.ledgerVersionsOf(db, userId);
    const byAccount = new Map<string, LedgerRow[]>();
    for (const r of rows) {
      const list = byAccount.get(r.accountId);
      if (list) list.push(r);
      else byAccount.set(r.accountId, [r]);
    }
    const instruments = await instrumentsByIds(db, [...new Set(rows.map((r) => r.instrumentId as string))]);
    const existing = await repo.tradesByOpening(db, userId);
    const used = new Set<string>();
    const rebuilt = new Set<string>();
    for (const account of accounts) {
      const own = byAccount.get(account.id) ?? [];
      const version = versionOf(own, times);
      if (!force && stored.get(account.id) === version) continue;
      rebuilt.add(account.id);
      const perInstrument = new Map<string, Fill[]>();
      for (const r of own) {
        const fill: Fill = {
          id: r.id,
          type: r.type as FillType,
          date: r.tradeDate,
          at: times.get(r.id) ?? null,
          quantity: r.quantity,
          price: r.price,
          fee: r.fee,
          ratio: r.ratio,
          externalId: r.externalId,
        };
        const key = r.instrumentId as string;
        const list = perInstrument.get(key);
        if (list) list.push(fill);
        else perInstrument.set(key, [fill]);
      }
      const computed: repo.Computed[] = [];
      const fills: repo.FillRow[] = [];
      for (const [instrumentId, list] of perInstrument) {
        const instrument = instruments.get(instrumentId);
        for (const t of buildTrades(list)) {
          const id = existing.get(t.openingFillId)?.id ?? newId();
          used.add(id);
          computed.push({
            id,
            accountId: account.id,
            instrumentId,
            symbol: instrument?.symbol ?? "?",
            currency: instrument?.currency ?? "",
            side: t.side,
            status: t.status,
            quantity: t.quantity,
            openQuantity: t.openQuantity,
            exitedQuantity: t.exitedQuantity,
            entryPrice: t.entryPrice,
            exitPrice: t.status === "closed" ? t.averageExitPrice : null,
            averageExitPrice: t.averageExitPrice,
            entryAt: new Date(t.entryAt),
            entryTimeKnown: t.entryTimeKnown,
            exitAt: t.exitAt ? new Date(t.exitAt) : null,
            commission: t.commission,
            realizedPnl: t.realizedPnl,
            holdingSeconds: t.holdingSeconds,
            openingTransactionId: t.openingFillId,
            broker: account.broker,
            brokerAccountId: account.brokerAccountId,
            orderId: t.orderId,
          });
          for (const f of t.fills)
            fills.push({
              tradeId: id,
              transactionId: f.transactionId,
              role: f.role,
              quantity: f.quantity,
              fee: f.fee,
            });
        }
      }
      await repo.upsertTrades(db, userId, computed);
      await repo.replaceFills(
        db,
        computed.map((t) => t.id as string),
        fills,
      );
      await repo.saveLedgerVersion(db, userId, account.id, version);
    }
    // Trades whose opening row left the rebuilt accounts' ledgers go (their links and ticks with them).
    const stale = [...existing.values()].filter((t) => rebuilt.has(t.accountId) && !used.has(t.id));
    await repo.deleteTrades(
      db,
      userId,
      stale.map((t) => t.id),
    );
    return rebuilt.size;
  });
}
