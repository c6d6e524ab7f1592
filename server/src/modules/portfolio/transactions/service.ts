// Ledger verbs: add, edit, delete, get and list a user's transactions. Every change is checked by
// replaying the user's whole ledger with it (422 naming the field and date when impossible, nothing
// stored), keeps the row's origin, refreshes the holdings cache and writes an audit row, all in one
// database transaction. Another user's ids answer 404.
import { z } from "zod";
import type { Ctx } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { instrumentsByIds } from "../../market/index.ts";
import { listAccounts as accountRows } from "../accounts/repository.ts";
import { ownAccount } from "../accounts/service.ts";
import type { Account } from "../engine/types.ts";
import { refreshHoldingsCache } from "../valuation/cache.ts";
import { buildColumns, checkShape } from "./build.ts";
import {
  listInput,
  type TransactionInput,
  type TransactionOut,
  transactionInput,
  transactionPatch,
} from "./contracts.ts";
import { replayWith } from "./ledger-check.ts";
import * as repo from "./repository.ts";
import { manualFingerprint, type TransactionRow } from "./rows.ts";

/** The instruments a page of rows names, by id (one query for the page). */
export type InstrumentRefs = Map<string, NonNullable<TransactionOut["instrument"]>>;

export async function instrumentRefs(db: Db, rows: readonly TransactionRow[]): Promise<InstrumentRefs> {
  const ids = [...new Set(rows.flatMap((r) => (r.instrumentId ? [r.instrumentId] : [])))];
  const found = await instrumentsByIds(db, ids);
  return new Map(
    [...found.values()].map((i) => [
      i.id,
      { id: i.id, symbol: i.symbol, name: i.name, nameLocal: i.nameLocal ?? null },
    ]),
  );
}

export function toOut(r: TransactionRow, refs?: InstrumentRefs): TransactionOut {
  return {
    id: r.id,
    accountId: r.accountId,
    type: r.type,
    date: r.tradeDate,
    seq: r.seq,
    instrumentId: r.instrumentId,
    quantity: r.quantity,
    price: r.price,
    amount: r.amount,
    fee: r.fee,
    withholdingTax: r.withholdingTax,
    currency: r.currency,
    fxRate: r.fxRate,
    ratio: r.ratio,
    newInstrumentId: r.newInstrumentId,
    costFraction: r.costFraction,
    transferId: r.transferId,
    lots: r.lots ?? null,
    instrument: r.instrumentId ? (refs?.get(r.instrumentId) ?? null) : null,
    toCurrency: r.toCurrency,
    toAmount: r.toAmount,
    toFxRate: r.toFxRate,
    note: r.note,
    origin: {
      kind: r.origin,
      importId: r.importId,
      importRow: r.importRow,
      connectionId: r.connectionId,
      externalId: r.externalId,
    },
    fingerprint: r.fingerprint,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

/** The flat input a stored row reads as (what an edit starts from). */
function toInput(r: TransactionRow): TransactionInput {
  const o = toOut(r);
  return {
    accountId: o.accountId,
    type: o.type,
    date: o.date,
    seq: o.seq,
    instrumentId: o.instrumentId,
    quantity: o.quantity,
    price: o.price,
    amount: o.amount,
    fee: o.fee,
    withholdingTax: o.withholdingTax,
    currency: o.type === "spinOff" ? null : o.currency,
    fxRate: o.fxRate,
    ratio: o.ratio,
    newInstrumentId: o.newInstrumentId,
    costFraction: o.costFraction,
    transferId: o.transferId,
    lots: (o.lots as TransactionInput["lots"]) ?? null,
    toCurrency: o.toCurrency,
    toAmount: o.toAmount,
    toFxRate: o.toFxRate,
    note: o.note,
  };
}

/** A foreign or unknown account named in a row is bad input (400), not a missing resource. */
const unknownAccount = (e: unknown): never => {
  if (e instanceof NotFoundError) throw new ValidationError("unknown account", "input.accountId");
  throw e;
};

const today = (ctx: Ctx) => ctx.clock.now().toISOString().slice(0, 10);

async function engineAccounts(db: Db, userId: string): Promise<Account[]> {
  return (await accountRows(db, userId)).map((a) => ({ id: a.id, baseCurrency: a.baseCurrency }));
}

/**
 * Replays the user's stored ledger and rewrites the holdings cache of `accountIds` (default: all the
 * user's accounts). For writers outside this file (import commit and undo, sync): call it in the
 * same transaction after changing rows.
 */
export async function refreshHoldings(
  ctx: Ctx,
  userId: string,
  accountIds?: readonly string[],
): Promise<void> {
  const accounts = await engineAccounts(ctx.db, userId);
  const ledger = replayWith(accounts, await repo.ledgerRows(ctx.db, userId), {});
  await refreshHoldingsCache(ctx, ledger, accountIds ?? accounts.map((a) => a.id), today(ctx));
}

async function ownTransaction(db: Db, userId: string, id: string): Promise<TransactionRow> {
  const t = isUuid(id) ? await repo.findTransaction(db, userId, id) : undefined;
  if (!t) throw new NotFoundError("Transaction not found");
  return t;
}

const stamp = (r: Partial<TransactionRow>): TransactionRow =>
  ({ createdAt: new Date(), updatedAt: new Date(), ...r }) as TransactionRow;

/** Adds a manual transaction (origin manual, fingerprint `manual:<id>`). */
export const addTransaction = defineVerb({
  name: "portfolio.addTransaction",
  access: "user",
  input: transactionInput,
  write: true,
  async run({ ctx, input, actor }) {
    const userId = actor.userId;
    checkShape(input);
    await repo.lockLedger(ctx.db, userId);
    const account = await ownAccount(ctx.db, userId, input.accountId).catch(unknownAccount);
    const { columns, fxUsed } = await buildColumns(ctx, account, input);
    const id = newId();
    const seq = input.seq ?? (await repo.nextSeq(ctx.db, account.id, input.date));
    const row = stamp({
      ...columns,
      id,
      userId,
      seq,
      origin: "manual",
      importId: null,
      importRow: null,
      connectionId: null,
      externalId: null,
      fingerprint: manualFingerprint(id),
    } as Partial<TransactionRow>);
    const accounts = await engineAccounts(ctx.db, userId);
    const ledger = replayWith(accounts, await repo.ledgerRows(ctx.db, userId), { put: row });
    const { createdAt: _c, updatedAt: _u, ...insert } = row;
    const stored = await repo.insertTransactions(ctx.db, [insert]);
    if (stored.length !== 1) throw new Error("the new transaction was not stored");
    await refreshHoldingsCache(ctx, ledger, [account.id], today(ctx));
    const saved = await ownTransaction(ctx.db, userId, id);
    return { ...toOut(saved, await instrumentRefs(ctx.db, [saved])), fxUsed };
  },
  audit: ({ result }) => ({
    eventType: "portfolio.transaction",
    action: "create",
    resourceType: "portfolio_transaction",
    resourceId: result.id,
    newValues: { accountId: result.accountId, type: result.type, date: result.date },
  }),
});

/**
 * Edits a transaction: the patch over the stored row, checked as a new row would be. When the date,
 * account or currency changes and no rate is given, the rate is looked up again. The row keeps its
 * id, origin and fingerprint.
 */
export const updateTransaction = defineVerb({
  name: "portfolio.updateTransaction",
  access: "user",
  input: z.object({ id: z.string(), patch: transactionPatch }),
  write: true,
  async run({ ctx, input, actor }) {
    const userId = actor.userId;
    await repo.lockLedger(ctx.db, userId);
    const cur = await ownTransaction(ctx.db, userId, input.id);
    const merged: TransactionInput = { ...toInput(cur) };
    for (const [k, v] of Object.entries(input.patch))
      if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
    const p = input.patch;
    const moved =
      (p.date !== undefined && p.date !== cur.tradeDate) ||
      (p.accountId !== undefined && p.accountId !== cur.accountId) ||
      (p.currency !== undefined && p.currency !== cur.currency) ||
      (p.toCurrency !== undefined && p.toCurrency !== cur.toCurrency);
    if (moved && p.fxRate === undefined) merged.fxRate = null;
    if (moved && p.toFxRate === undefined) merged.toFxRate = null;
    checkShape(merged);
    const account = await ownAccount(ctx.db, userId, merged.accountId).catch(unknownAccount);
    const { columns, fxUsed } = await buildColumns(ctx, account, merged);
    const relocated =
      (p.date !== undefined && p.date !== cur.tradeDate) ||
      (p.accountId !== undefined && p.accountId !== cur.accountId);
    const seq = p.seq ?? (relocated ? await repo.nextSeq(ctx.db, account.id, merged.date) : cur.seq);
    const next = stamp({ ...cur, ...columns, seq });
    const accounts = await engineAccounts(ctx.db, userId);
    const ledger = replayWith(accounts, await repo.ledgerRows(ctx.db, userId), { put: next, remove: cur.id });
    const { id: _id, userId: _u, createdAt: _c, updatedAt: _up, ...set } = next;
    const saved = await repo.updateTransaction(ctx.db, userId, cur.id, set);
    if (!saved) throw new NotFoundError("Transaction not found");
    await refreshHoldingsCache(ctx, ledger, [...new Set([cur.accountId, account.id])], today(ctx));
    return {
      transaction: { ...toOut(saved, await instrumentRefs(ctx.db, [saved])), fxUsed },
      previous: toOut(cur),
    };
  },
  audit: ({ input, result }) => ({
    eventType: "portfolio.transaction",
    action: "update",
    resourceType: "portfolio_transaction",
    resourceId: result.transaction.id,
    oldValues: result.previous,
    newValues: input.patch,
  }),
});

/** Deletes a transaction, unless that makes a later row impossible (422 naming it). */
export const deleteTransaction = defineVerb({
  name: "portfolio.deleteTransaction",
  access: "user",
  input: z.object({ id: z.string() }),
  write: true,
  async run({ ctx, input, actor }) {
    const userId = actor.userId;
    await repo.lockLedger(ctx.db, userId);
    const cur = await ownTransaction(ctx.db, userId, input.id);
    const accounts = await engineAccounts(ctx.db, userId);
    const ledger = replayWith(accounts, await repo.ledgerRows(ctx.db, userId), { remove: cur.id });
    await repo.deleteTransaction(ctx.db, userId, cur.id);
    await refreshHoldingsCache(ctx, ledger, [cur.accountId], today(ctx));
    return toOut(cur);
  },
  audit: ({ result }) => ({
    eventType: "portfolio.transaction",
    action: "delete",
    resourceType: "portfolio_transaction",
    resourceId: result.id,
    oldValues: result,
  }),
});

export const getTransaction = defineVerb({
  name: "portfolio.getTransaction",
  access: "user",
  input: z.object({ id: z.string() }),
  async run({ ctx, input, actor }) {
    const row = await ownTransaction(ctx.db, actor.userId, input.id);
    return toOut(row, await instrumentRefs(ctx.db, [row]));
  },
});

const encodeCursor = (r: TransactionRow) =>
  Buffer.from(`${r.tradeDate}|${r.seq}|${r.id}`, "utf8").toString("base64url");
function decodeCursor(s: string): { date: string; seq: number; id: string } {
  const [date, seq, id] = Buffer.from(s, "base64url").toString("utf8").split("|");
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !seq || !/^\d+$/.test(seq) || !id || !isUuid(id))
    throw new ValidationError("not a cursor this list gave", "input.cursor");
  return { date, seq: Number(seq), id };
}

/** A page of the user's transactions, newest first by default, with filters and a keyset cursor. */
export const listTransactions = defineVerb({
  name: "portfolio.listTransactions",
  access: "user",
  input: listInput,
  async run({ ctx, input, actor }) {
    for (const f of ["accountId", "instrumentId", "importId"] as const) {
      const v = input[f];
      // A malformed id matches nothing, as a foreign one does.
      if (v && !isUuid(v)) return { transactions: [], nextCursor: null };
    }
    if (input.from && input.to && input.from > input.to)
      throw new ValidationError("is after to", "input.from");
    const rows = await repo.listTransactions(ctx.db, actor.userId, {
      ...(input.accountId ? { accountId: input.accountId } : {}),
      ...(input.type ? { types: input.type } : {}),
      ...(input.instrumentId ? { instrumentId: input.instrumentId } : {}),
      ...(input.from ? { from: input.from } : {}),
      ...(input.to ? { to: input.to } : {}),
      ...(input.origin ? { origins: input.origin } : {}),
      ...(input.importId ? { importId: input.importId } : {}),
      order: input.order,
      limit: input.limit + 1,
      ...(input.cursor ? { after: decodeCursor(input.cursor) } : {}),
    });
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    const refs = await instrumentRefs(ctx.db, page);
    return {
      transactions: page.map((r) => toOut(r, refs)),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
    };
  },
});
