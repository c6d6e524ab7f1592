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
import { Decimal } from "../../../platform/money.ts";
import { instrumentsByIds } from "../../market/index.ts";
import { accountRows, ledgerRows } from "../../portfolio/index.ts";
import { buildTrades, type Fill, type FillType, type TransferCosts } from "./builder.ts";
import * as repo from "./repository.ts";

const TRADE_TYPES = new Set<string>(["buy", "sell", "short", "cover", "split", "transferIn", "transferOut"]);

type LedgerRow = Awaited<ReturnType<typeof ledgerRows>>[number];

function versionOf(
  rows: readonly LedgerRow[],
  times: Map<string, string>,
  price: (r: LedgerRow) => string | null,
): string {
  const h = createHash("sha256");
  for (const r of rows)
    h.update(
      `${r.id}|${r.type}|${new Date(r.updatedAt).getTime()}|${times.get(r.id) ?? ""}|${r.type === "transferIn" ? price(r) : ""}\n`,
    );
  return h.digest("base64url");
}

/** Units and total cost of a transferIn's incoming lots, when every lot states both. */
function statedCost(lots: unknown): { quantity: Decimal; cost: Decimal } | null {
  if (!Array.isArray(lots) || lots.length === 0) return null;
  let quantity = new Decimal(0);
  let cost = new Decimal(0);
  for (const l of lots as { quantity?: unknown; cost?: unknown }[]) {
    if (typeof l?.quantity !== "string" || typeof l?.cost !== "string") return null;
    quantity = quantity.plus(l.quantity);
    cost = cost.plus(l.cost);
  }
  return quantity.isZero() ? null : { quantity, cost };
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
    // What moved between accounts cost: a transferIn enters at its lots' stated cost, else at the cost
    // its transferOut's lots had (found by building the sending account's trades; twice, for chains).
    let transfers: TransferCosts = new Map();
    const transferInPrice = (r: LedgerRow): string | null => {
      const c = statedCost(r.lots) ?? (r.transferId ? transfers.get(r.transferId) : undefined);
      return c && !c.quantity.isZero() ? c.cost.div(c.quantity).toDecimalPlaces(10).toString() : null;
    };
    const fillOf = (r: LedgerRow): Fill => ({
      id: r.id,
      type: r.type as FillType,
      date: r.tradeDate,
      at: times.get(r.id) ?? null,
      quantity: r.quantity,
      price: r.type === "transferIn" ? transferInPrice(r) : r.price,
      fee: r.fee,
      ratio: r.ratio,
      externalId: r.externalId,
      transferId: r.transferId,
    });
    const sending = new Map<string, LedgerRow[]>();
    for (const r of rows) {
      const key = `${r.accountId}|${r.instrumentId}`;
      if (r.type === "transferOut") sending.set(key, []);
    }
    for (const r of rows) sending.get(`${r.accountId}|${r.instrumentId}`)?.push(r);
    for (let pass = 0; pass < 2 && sending.size; pass++) {
      const next: TransferCosts = new Map();
      for (const list of sending.values()) buildTrades(list.map(fillOf), next);
      transfers = next;
    }
    const instruments = await instrumentsByIds(db, [...new Set(rows.map((r) => r.instrumentId as string))]);
    const existing = await repo.tradesByOpening(db, userId);
    const used = new Set<string>();
    const rebuilt = new Set<string>();
    for (const account of accounts) {
      const own = byAccount.get(account.id) ?? [];
      const version = versionOf(own, times, transferInPrice);
      if (!force && stored.get(account.id) === version) continue;
      rebuilt.add(account.id);
      const perInstrument = new Map<string, Fill[]>();
      for (const r of own) {
        const fill = fillOf(r);
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
