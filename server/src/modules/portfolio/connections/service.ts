// Broker connection verbs. Credentials are encrypted at rest and never answered back. A sync fetches
// from the broker first (outside any transaction), then books everything in one transaction through
// the import pipeline's plan — instrument matching, FX, fingerprints — so a synced fill and an
// imported one become the same ledger row and a re-sync adds nothing; a failed sync changes nothing
// but the connection's status and error.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../../../platform/context.ts";
import { NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { Decimal } from "../../../platform/money.ts";
import { SecretKeyError } from "../../../platform/secrets.ts";
import { defineVerb } from "../../../platform/verb.ts";
import * as accountsRepo from "../accounts/repository.ts";
import { createUnmatched } from "../imports/commit.ts";
import { decodeFile, parserById } from "../imports/parsers/registry.ts";
import { buildPlan } from "../imports/plan.ts";
import { NOTICES, type Notice, type NoticeCode, type NoticeParams, notice } from "../notices/contracts.ts";
import { insertTransactions, lockLedger } from "../transactions/repository.ts";
import { refreshHoldings } from "../transactions/service.ts";
import { type AlpacaCredentials, fetchAlpaca } from "./adapters/alpaca.ts";
import { fetchIbkrFlex, type IbkrFlexCredentials } from "./adapters/ibkr-flex.ts";
import { BrokerSyncError, type SyncBatch } from "./adapters/types.ts";
import {
  type ConnectionBroker,
  type ConnectionOut,
  connectionInput,
  connectionPatch,
  type SyncOutcome,
} from "./contracts.ts";
import * as repo from "./repository.ts";
import { credentialHint, credentialsAad } from "./secrets.ts";

const LABEL: Record<ConnectionBroker, string> = { alpaca: "Alpaca", "ibkr-flex": "Interactive Brokers" };
/** A sync asks again for the week before the last one, so late-booked activities are not missed. */
const OVERLAP_DAYS = 7;

type Credentials = Record<string, unknown>;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * The last sync's failure is kept in the connection's `last_error` text as the notice's code and
 * params (JSON), so it is answered in the reader's language; a reason stored before codes existed (plain
 * English) is answered as `sync.failed` with that text as its detail.
 */
export function storedError(n: Notice): string {
  return JSON.stringify({ code: n.code, params: n.params });
}
export function readStoredError(text: string | null): Notice | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { code?: unknown; params?: unknown };
    if (typeof v.code === "string" && v.code in NOTICES && v.params && typeof v.params === "object")
      return notice(v.code as NoticeCode, v.params as NoticeParams);
  } catch {
    // Not JSON: an older plain-text reason.
  }
  return notice("sync.failed", { detail: text });
}

function toOut(ctx: Ctx, c: repo.ConnectionRow): ConnectionOut {
  let hint = "…";
  try {
    hint = credentialHint(
      JSON.parse(ctx.keyring.decrypt(c.credentials, credentialsAad(c.id))) as Credentials,
    );
  } catch {
    // A key that cannot be read (rotated away) still lists the connection; its sync will say why.
  }
  return {
    id: c.id,
    broker: c.broker as ConnectionBroker,
    accountId: c.accountId,
    brokerAccountId: c.brokerAccountId,
    credentialHint: hint,
    canRead: c.canRead,
    canTrade: c.canTrade,
    active: c.active,
    status: c.status as ConnectionOut["status"],
    lastError: readStoredError(c.lastError),
    lastConnectedAt: iso(c.lastConnectedAt),
    lastSyncAt: iso(c.lastSyncAt),
    createdAt: iso(c.createdAt) as string,
    updatedAt: iso(c.updatedAt) as string,
  };
}

async function ownConnection(ctx: Ctx, userId: string, id: string): Promise<repo.ConnectionRow> {
  const c = isUuid(id) ? await repo.findConnection(ctx.db, userId, id) : undefined;
  if (!c) throw new NotFoundError("Connection not found");
  return c;
}

async function ownAccountId(ctx: Ctx, userId: string, id: string | undefined): Promise<string | null> {
  if (!id) return null;
  if (!(await accountsRepo.findAccount(ctx.db, userId, id)))
    throw new ValidationError("no account of yours has this id", "accountId");
  return id;
}

const userOf = (actor: { userId: string } | null, input: { userId?: string }) => {
  const userId = actor?.userId ?? input.userId;
  if (!userId) throw new ValidationError("a user is required", "userId");
  return userId;
};

export const listConnections = defineVerb({
  name: "portfolio.listConnections",
  access: "user",
  async run({ ctx, actor }) {
    return (await repo.listConnections(ctx.db, actor.userId)).map((c) => toOut(ctx, c));
  },
});

export const getConnection = defineVerb({
  name: "portfolio.getConnection",
  access: "user",
  input: z.object({ id: z.string() }),
  async run({ ctx, input, actor }) {
    return toOut(ctx, await ownConnection(ctx, actor.userId, input.id));
  },
});

export const createConnection = defineVerb({
  name: "portfolio.createConnection",
  access: "user",
  input: connectionInput,
  write: true,
  conflict: "This broker account is already connected",
  async run({ ctx, input, actor }) {
    const id = newId();
    const row = await repo.insertConnection(ctx.db, {
      id,
      userId: actor.userId,
      accountId: await ownAccountId(ctx, actor.userId, input.accountId),
      broker: input.broker,
      credentials: ctx.keyring.encrypt(JSON.stringify(input.credentials), credentialsAad(id)),
      canTrade: input.canTrade ?? false,
    });
    return toOut(ctx, row);
  },
  audit: ({ result }) => ({
    eventType: "portfolio.connection",
    action: "create",
    resourceType: "broker_connection",
    resourceId: result.id,
    newValues: { broker: result.broker, accountId: result.accountId, canTrade: result.canTrade },
  }),
});

export const updateConnection = defineVerb({
  name: "portfolio.updateConnection",
  access: "user",
  input: z.object({ id: z.string(), patch: connectionPatch }),
  write: true,
  async run({ ctx, input, actor }) {
    const cur = await ownConnection(ctx, actor.userId, input.id);
    const { patch } = input;
    if (patch.credentials) {
      const parsed = connectionInput.safeParse({ broker: cur.broker, credentials: patch.credentials });
      if (!parsed.success)
        throw new ValidationError(
          `these are not ${LABEL[cur.broker as ConnectionBroker]} credentials`,
          "credentials",
        );
    }
    const row = await repo.updateConnection(ctx.db, actor.userId, cur.id, {
      ...(patch.accountId !== undefined
        ? { accountId: await ownAccountId(ctx, actor.userId, patch.accountId) }
        : {}),
      ...(patch.canTrade !== undefined ? { canTrade: patch.canTrade } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.credentials
        ? {
            credentials: ctx.keyring.encrypt(JSON.stringify(patch.credentials), credentialsAad(cur.id)),
            status: "never",
            lastError: null,
          }
        : {}),
    });
    return toOut(ctx, row as repo.ConnectionRow);
  },
  audit: ({ input, result }) => ({
    eventType: "portfolio.connection",
    action: "update",
    resourceType: "broker_connection",
    resourceId: result.id,
    // Which fields changed, never the credentials themselves.
    newValues: { changed: Object.keys(input.patch) },
  }),
});

export const deleteConnection = defineVerb({
  name: "portfolio.deleteConnection",
  access: "user",
  input: z.object({ id: z.string() }),
  write: true,
  async run({ ctx, input, actor }) {
    const cur = await ownConnection(ctx, actor.userId, input.id);
    await repo.deleteConnection(ctx.db, actor.userId, cur.id);
    return { id: cur.id, broker: cur.broker };
  },
  audit: ({ result }) => ({
    eventType: "portfolio.connection",
    action: "delete",
    resourceType: "broker_connection",
    resourceId: result.id,
    oldValues: { broker: result.broker },
  }),
});

/** The broker's answer for this connection (network only; nothing is written). */
async function fetchBatch(ctx: Ctx, c: repo.ConnectionRow, creds: Credentials): Promise<SyncBatch> {
  const since = c.lastSyncAt
    ? new Date(new Date(c.lastSyncAt).getTime() - OVERLAP_DAYS * 86_400_000).toISOString().slice(0, 10)
    : undefined;
  const timeoutMs = ctx.config.MARKET_HTTP_TIMEOUT_MS;
  if (c.broker === "alpaca") {
    const base = ctx.config.PORTFOLIO_ALPACA_URL;
    return fetchAlpaca(
      { ...(creds as unknown as AlpacaCredentials), ...(base ? { baseUrl: base } : {}) },
      { since, timeoutMs },
    );
  }
  if (c.broker === "ibkr-flex") {
    const parser = parserById("ibkr-flex-xml");
    if (!parser) throw new BrokerSyncError("broker_error", notice("sync.readerMissing"));
    return fetchIbkrFlex(
      { ...(creds as unknown as IbkrFlexCredentials), baseUrl: ctx.config.PORTFOLIO_IBKR_FLEX_URL },
      (xml) => parser.parse(decodeFile("flex-statement.xml", new TextEncoder().encode(xml))),
      { timeoutMs },
    );
  }
  throw new BrokerSyncError("broker_error", notice("sync.unknownBroker", { broker: c.broker }));
}

const emptyOutcome = (error: Notice): SyncOutcome => ({
  ok: false,
  error,
  fetched: 0,
  added: 0,
  duplicates: 0,
  errors: [],
  ignored: [],
  warnings: [],
  positionDifferences: [],
});

/** Books a fetched batch: one transaction, nothing written when anything fails. */
const applySync = defineVerb({
  name: "portfolio.applySync",
  access: "userOrLocal",
  input: z.object({ id: z.string(), userId: z.string().optional(), batch: z.custom<SyncBatch>() }),
  write: true,
  async run({ ctx, input, actor }): Promise<{ connection: repo.ConnectionRow; outcome: SyncOutcome }> {
    const userId = userOf(actor, input);
    const c = await ownConnection(ctx, userId, input.id);
    const { batch } = input;
    await lockLedger(ctx.db, userId);
    let accountId = c.accountId;
    if (!accountId) {
      const name = `${LABEL[c.broker as ConnectionBroker]} ${batch.accountRef || c.id.slice(0, 8)}`;
      const made = await accountsRepo.insertAccount(ctx.db, {
        id: newId(),
        userId,
        name,
        broker: c.broker,
        brokerAccountId: batch.accountRef || null,
        baseCurrency: batch.baseCurrency ?? "USD",
      });
      accountId = made.id;
    }
    const account = await accountsRepo.findAccount(ctx.db, userId, accountId);
    if (!account) throw new NotFoundError("Account not found");
    const planFor = (mappings: Record<string, string>) =>
      buildPlan(ctx.db, {
        userId,
        broker: c.broker,
        parsed: {
          activities: batch.activities,
          errors: batch.errors,
          warnings: [],
          ignored: batch.ignored,
          baseCurrency: batch.baseCurrency,
        },
        account: {
          id: account.id,
          baseCurrency: account.baseCurrency,
          broker: account.broker,
          brokerAccountId: account.brokerAccountId,
        },
        mappings,
      });
    let plan = await planFor({});
    // A connected broker's instruments are created when missing (as an import's commit does when
    // asked): a row left out for an unknown symbol would fall outside the next sync's window.
    if (plan.unmatched.length > 0) {
      const { created } = await createUnmatched(ctx, plan.unmatched);
      if (Object.keys(created).length > 0) plan = await planFor(created);
    }
    const booked = plan.rows.filter((r) => r.ledger && r.status !== "error" && r.status !== "ignored");
    const ids = await insertTransactions(
      ctx.db,
      booked.map((r) => {
        const l = r.ledger as NonNullable<typeof r.ledger>;
        return {
          id: newId(),
          userId,
          accountId: account.id,
          type: l.type as never,
          tradeDate: l.tradeDate,
          seq: l.seq,
          instrumentId: l.instrumentId,
          quantity: l.quantity,
          price: l.price,
          amount: l.amount,
          fee: l.fee,
          withholdingTax: l.withholdingTax,
          currency: l.currency,
          fxRate: l.fxRate,
          ratio: l.ratio,
          transferId: l.transferId,
          toCurrency: l.toCurrency,
          toAmount: l.toAmount,
          toFxRate: l.toFxRate,
          note: l.note,
          origin: "sync" as const,
          connectionId: c.id,
          externalId: l.externalId,
          fingerprint: l.fingerprint,
        };
      }),
    );
    await refreshHoldings(ctx, userId, [account.id]);
    const positionDifferences = await comparePositions(ctx, account.id, batch);
    const connection = (await repo.updateConnection(ctx.db, userId, c.id, {
      accountId: account.id,
      brokerAccountId: batch.accountRef || c.brokerAccountId,
      status: "ok",
      lastError: null,
      lastConnectedAt: new Date(),
      lastSyncAt: new Date(),
    })) as repo.ConnectionRow;
    await accountsRepo.updateAccount(ctx.db, userId, account.id, { lastSyncedAt: new Date() });
    const rowIssues = plan.rows.flatMap((r) => (r.status === "error" ? r.errors : []));
    return {
      connection,
      outcome: {
        ok: true,
        error: null,
        fetched: batch.activities.length,
        added: ids.length,
        duplicates: booked.length - ids.length,
        errors: [...plan.fileErrors, ...rowIssues],
        ignored: batch.ignored,
        warnings: [...plan.fileWarnings, ...plan.rows.flatMap((r) => r.warnings)],
        positionDifferences,
      },
    };
  },
  audit: ({ result }) => ({
    eventType: "portfolio.connection",
    action: "sync",
    resourceType: "broker_connection",
    resourceId: result.connection.id,
    newValues: {
      added: result.outcome.added,
      duplicates: result.outcome.duplicates,
      errors: result.outcome.errors.length,
    },
  }),
});

/** The broker's positions against the ledger's holdings of the account, by symbol (quantities signed). */
async function comparePositions(ctx: Ctx, accountId: string, batch: SyncBatch) {
  const { rows } = (await ctx.db.execute(sql`
    select i.symbol, sum(h.quantity)::text as quantity
      from portfolio.holdings h join market.instruments i on i.id = h.instrument_id
     where h.account_id = ${accountId}
     group by i.symbol`)) as unknown as { rows: { symbol: string; quantity: string }[] };
  const ledger = new Map(rows.map((r) => [r.symbol.toUpperCase(), r.quantity]));
  const out: { symbol: string; broker: string; ledger: string }[] = [];
  const seen = new Set<string>();
  for (const p of batch.positions) {
    const key = p.symbol.toUpperCase();
    seen.add(key);
    const mine = ledger.get(key) ?? "0";
    if (!new Decimal(mine).eq(p.quantity || 0))
      out.push({ symbol: p.symbol, broker: p.quantity, ledger: mine });
  }
  for (const [symbol, q] of ledger)
    if (!seen.has(symbol) && !new Decimal(q).isZero()) out.push({ symbol, broker: "0", ledger: q });
  return out;
}

const recordFailure = defineVerb({
  name: "portfolio.recordSyncFailure",
  access: "userOrLocal",
  input: z.object({ id: z.string(), userId: z.string().optional(), reason: z.custom<Notice>() }),
  write: true,
  async run({ ctx, input, actor }) {
    const userId = userOf(actor, input);
    return (await repo.updateConnection(ctx.db, userId, input.id, {
      status: "error",
      lastError: storedError(input.reason),
      lastSyncAt: new Date(),
    })) as repo.ConnectionRow;
  },
  audit: ({ input, result }) => ({
    eventType: "portfolio.connection",
    action: "sync",
    resourceType: "broker_connection",
    resourceId: result.id,
    eventStatus: "failure",
    newValues: { error: input.reason.message, code: input.reason.code },
  }),
});

/**
 * Syncs one connection now: fetch, then book. A broker or booking failure is recorded on the
 * connection (status error, the reason) and answered as an outcome, with the ledger untouched.
 */
export const syncConnection = defineVerb({
  name: "portfolio.syncConnection",
  access: "userOrLocal",
  scope: "trade",
  input: z.object({ id: z.string(), userId: z.string().optional() }),
  async run({ ctx, input, actor }) {
    const userId = userOf(actor, input);
    const c = await ownConnection(ctx, userId, input.id);
    const local = actor ? {} : { userId };
    let reason: Notice;
    try {
      const creds = JSON.parse(ctx.keyring.decrypt(c.credentials, credentialsAad(c.id))) as Credentials;
      const batch = await fetchBatch(ctx, c, creds);
      const done = await applySync({ ctx, input: { id: c.id, ...local, batch } });
      return { connection: toOut(ctx, done.connection), outcome: done.outcome };
    } catch (err) {
      if (err instanceof BrokerSyncError) reason = err.notice;
      else if (err instanceof SecretKeyError) reason = notice("sync.credentialsUnreadable");
      else {
        ctx.log.error({ err, connection: c.id }, "portfolio: a sync failed");
        reason = notice("sync.internal");
      }
    }
    const failed = await recordFailure({ ctx, input: { id: c.id, ...local, reason } });
    return { connection: toOut(ctx, failed), outcome: emptyOutcome(reason) };
  },
});
