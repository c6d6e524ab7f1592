// Account verbs: a user's own accounts (another user's id answers 404). Deleting an account with a
// ledger needs `force` (409 otherwise), since its transactions go with it. Every change is audited.
import { z } from "zod";
import type { Db } from "../../../platform/db/index.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { type AccountOut, accountInput, accountPatch } from "./contracts.ts";
import * as repo from "./repository.ts";

const nameTaken = "You already have an account with this name";

const toOut = (a: repo.AccountRow, s: repo.AccountStats | undefined): AccountOut => ({
  id: a.id,
  name: a.name,
  broker: a.broker,
  brokerAccountId: a.brokerAccountId,
  baseCurrency: a.baseCurrency,
  active: a.active,
  connected: s?.connected ?? false,
  lastSyncedAt: a.lastSyncedAt ? new Date(a.lastSyncedAt).toISOString() : null,
  transactionCount: s?.count ?? 0,
  firstTransactionDate: s?.first ?? null,
  lastTransactionDate: s?.last ?? null,
  createdAt: new Date(a.createdAt).toISOString(),
  updatedAt: new Date(a.updatedAt).toISOString(),
});

/** The caller's account, or 404 (a foreign or malformed id answers the same). */
export async function ownAccount(db: Db, userId: string, id: string): Promise<repo.AccountRow> {
  const a = isUuid(id) ? await repo.findAccount(db, userId, id) : undefined;
  if (!a) throw new NotFoundError("Account not found");
  return a;
}

async function view(db: Db, userId: string, a: repo.AccountRow): Promise<AccountOut> {
  return toOut(a, (await repo.accountStats(db, userId)).get(a.id));
}

/** The signed-in user's accounts, oldest first, with their ledgers' size and span. */
export const listAccounts = defineVerb({
  name: "portfolio.listAccounts",
  access: "user",
  async run({ ctx, actor }) {
    const [rows, stats] = [
      await repo.listAccounts(ctx.db, actor.userId),
      await repo.accountStats(ctx.db, actor.userId),
    ];
    return rows.map((a) => toOut(a, stats.get(a.id)));
  },
});

export const getAccount = defineVerb({
  name: "portfolio.getAccount",
  access: "user",
  input: z.object({ id: z.string() }),
  async run({ ctx, input, actor }) {
    return view(ctx.db, actor.userId, await ownAccount(ctx.db, actor.userId, input.id));
  },
});

export const createAccount = defineVerb({
  name: "portfolio.createAccount",
  access: "user",
  input: accountInput,
  write: true,
  conflict: nameTaken,
  async run({ ctx, input, actor }) {
    const row = await repo.insertAccount(ctx.db, {
      id: newId(),
      userId: actor.userId,
      name: input.name,
      broker: input.broker ?? null,
      brokerAccountId: input.brokerAccountId ?? null,
      baseCurrency: input.baseCurrency,
      active: input.active ?? true,
    });
    return toOut(row, undefined);
  },
  audit: ({ result }) => ({
    eventType: "portfolio.account",
    action: "create",
    resourceType: "portfolio_account",
    resourceId: result.id,
    newValues: { name: result.name, broker: result.broker, baseCurrency: result.baseCurrency },
  }),
});

export const updateAccount = defineVerb({
  name: "portfolio.updateAccount",
  access: "user",
  input: z.object({ id: z.string(), patch: accountPatch }),
  write: true,
  conflict: nameTaken,
  async run({ ctx, input, actor }) {
    const cur = await ownAccount(ctx.db, actor.userId, input.id);
    const stats = (await repo.accountStats(ctx.db, actor.userId)).get(cur.id);
    const p = input.patch;
    if (p.baseCurrency && p.baseCurrency !== cur.baseCurrency && (stats?.count ?? 0) > 0)
      throw new ValidationError(
        "the base currency cannot change once the account has transactions (their FX rates are to it)",
        "input.baseCurrency",
      );
    const patch: Parameters<typeof repo.updateAccount>[3] = {};
    if (p.name !== undefined) patch.name = p.name;
    if (p.broker !== undefined) patch.broker = p.broker;
    if (p.brokerAccountId !== undefined) patch.brokerAccountId = p.brokerAccountId;
    if (p.baseCurrency !== undefined) patch.baseCurrency = p.baseCurrency;
    if (p.active !== undefined) patch.active = p.active;
    const row = await repo.updateAccount(ctx.db, actor.userId, cur.id, patch);
    if (!row) throw new NotFoundError("Account not found");
    const previous = {
      name: cur.name,
      broker: cur.broker,
      brokerAccountId: cur.brokerAccountId,
      baseCurrency: cur.baseCurrency,
      active: cur.active,
    };
    return { account: toOut(row, stats), previous };
  },
  audit: ({ input, result }) => ({
    eventType: "portfolio.account",
    action: "update",
    resourceType: "portfolio_account",
    resourceId: result.account.id,
    oldValues: result.previous,
    newValues: input.patch,
  }),
});

/** Deletes an account; with transactions only when `force` (409 otherwise): its ledger goes with it. */
export const deleteAccount = defineVerb({
  name: "portfolio.deleteAccount",
  access: "user",
  input: z.object({ id: z.string(), force: z.boolean().default(false) }),
  write: true,
  async run({ ctx, input, actor }) {
    const cur = await ownAccount(ctx.db, actor.userId, input.id);
    const count = (await repo.accountStats(ctx.db, actor.userId)).get(cur.id)?.count ?? 0;
    if (count > 0 && !input.force)
      throw new ConflictError(
        `The account has ${count} transaction(s); delete with force=true to delete them with it`,
        "account_has_transactions",
      );
    await repo.deleteAccount(ctx.db, actor.userId, cur.id);
    return { id: cur.id, name: cur.name, transactionsDeleted: count };
  },
  audit: ({ result }) => ({
    eventType: "portfolio.account",
    action: "delete",
    resourceType: "portfolio_account",
    resourceId: result.id,
    oldValues: { name: result.name, transactions: result.transactionsDeleted },
  }),
});
