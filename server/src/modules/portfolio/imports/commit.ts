// Commit and undo of a previewed import. The commit runs in one transaction: it rebuilds the plan
// with the account and the user's symbol choices (remembered as aliases), creates the instruments the
// user asked for, and writes every row without errors to the ledger with one COPY — rows whose
// fingerprint the account already holds are counted as duplicates, never written twice. Undo removes
// every ledger row of the import.
import { z } from "zod";
import type { Ctx } from "../../../platform/context.ts";
import { AppError, ConflictError, ValidationError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { createInstrument, NO_VENUE } from "../../market/index.ts";
import { LedgerRejected } from "../transactions/build.ts";
import { lockLedger } from "../transactions/repository.ts";
import { refreshHoldings } from "../transactions/service.ts";
import { commitBody, type ImportSummary, type LedgerRow, type RowIssueOut } from "./contracts.ts";
import type { Unmatched } from "./matching.ts";
import type { ParsedActivity } from "./parsers/types.ts";
import { buildPlan, type Plan } from "./plan.ts";
import * as repo from "./repository.ts";
import {
  accountOr404,
  type ImportOptions,
  importOr404,
  planTotals,
  summaryOf,
  takeRecentPlan,
} from "./service.ts";

/** A CSV field for COPY: null is an unquoted empty field, text is always quoted. */
const field = (v: string | number | null | undefined): string =>
  v == null ? "" : typeof v === "number" ? String(v) : `"${v.replaceAll('"', '""')}"`;

/** Ledger rows as CSV records in repository.LEDGER_COLUMNS order, in chunks of ~1 MB. */
async function* ledgerCsv(
  rows: { row: number; ledger: LedgerRow }[],
  meta: { userId: string; accountId: string; importId: string },
): AsyncGenerator<string> {
  let buf = "";
  for (const { row, ledger: l } of rows) {
    buf += `${[
      field(newId()),
      field(meta.userId),
      field(meta.accountId),
      field(l.type),
      field(l.tradeDate),
      field(l.seq),
      field(l.instrumentId),
      field(l.quantity),
      field(l.price),
      field(l.amount),
      field(l.fee),
      field(l.withholdingTax),
      field(l.currency),
      field(l.fxRate),
      field(l.ratio),
      field(l.transferId),
      field(l.toCurrency),
      field(l.toAmount),
      field(l.toFxRate),
      field(l.note),
      field("import"),
      field(meta.importId),
      field(row),
      field(l.externalId),
      field(l.fingerprint),
    ].join(",")}\n`;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

/** Asset classes market accepts, from how files name them. */
const ASSET_CLASS: Record<string, string> = {
  equity: "equity",
  stock: "equity",
  etf: "etf",
  fund: "fund",
  bond: "bond",
  crypto: "crypto",
  option: "option",
  future: "future",
};

/** Creates instruments for unmatched keys through market's door; answers alias → id and failures. */
export async function createUnmatched(ctx: Ctx, unmatched: Unmatched[]) {
  // Adding to the shared instrument list is an administrator's verb: the user's import asks it on
  // their behalf, as the process would (the audit row records the instrument's creation).
  const system: Ctx = { ...ctx, origin: "system", actor: null };
  const created: Record<string, string> = {};
  const failed = new Map<string, string>();
  for (const u of unmatched) {
    const symbol = u.symbol ?? u.isin;
    if (!symbol) {
      failed.set(u.alias, "a symbol or ISIN is needed to create the instrument");
      continue;
    }
    try {
      // In a savepoint: a clash found by the database rolls back this instrument only.
      const out = await ctx.db.transaction((sp) =>
        createInstrument({
          ctx: { ...system, db: sp as unknown as Ctx["db"] },
          input: {
            symbol,
            name: u.name ?? symbol,
            // No venue in the file: listed nowhere in particular, in the ISIN's country when it has one.
            mic: u.mic ?? NO_VENUE,
            ...(!u.mic && u.isin && !["XS", "EU"].includes(u.isin.slice(0, 2))
              ? { country: u.isin.slice(0, 2) }
              : {}),
            ...(u.isin ? { isin: u.isin } : {}),
            ...(u.currency ? { currency: u.currency } : {}),
            assetClass: (ASSET_CLASS[u.assetClass?.toLowerCase() ?? ""] ?? "equity") as "equity",
            dataSource: "import",
          },
        }),
      );
      created[u.alias] = out.id;
    } catch (e) {
      // A refusal (bad ISIN, a listing that clashes): those rows are refused, the rest commits.
      if (e instanceof AppError && e.status < 500) failed.set(u.alias, e.message);
      else throw e;
    }
  }
  return { created, failed };
}

/**
 * Rewrites the account's holdings cache from its ledger. A ledger the engine cannot replay (a sale
 * of more than the imported history holds) keeps the import — it was warned about in the preview —
 * and says why the holdings were not refreshed.
 */
async function refreshAfter(ctx: Ctx, userId: string, accountId: string): Promise<RowIssueOut | null> {
  try {
    await refreshHoldings(ctx, userId, [accountId]);
    return null;
  } catch (e) {
    if (!(e instanceof LedgerRejected)) throw e;
    return {
      row: 0,
      code: "holdings_not_refreshed",
      message: `The account's holdings could not be recomputed (${e.message.replace(/^input\.\w+: /, "")}); import the earlier history or correct the row`,
    };
  }
}

export const commitImport = defineVerb({
  name: "portfolio.commitImport",
  access: "user",
  input: commitBody.extend({ id: z.string() }),
  write: true,
  async run({ ctx, input, actor }) {
    const started = performance.now();
    const imp = await importOr404(ctx.db, actor.userId, input.id, true);
    if (imp.status !== "previewed")
      throw new ConflictError(`This import is ${imp.status}; upload the file again to import it anew`);
    const accountId = input.accountId ?? imp.accountId;
    if (!accountId) throw new ValidationError("choose the account to import into", "body.accountId");
    const account = await accountOr404(ctx.db, actor.userId, accountId, "body.accountId");
    await lockLedger(ctx.db, actor.userId);

    const staged = takeRecentPlan(imp.id) ?? (await repo.stagedRows(ctx.db, actor.userId, imp.id)) ?? [];
    const opts = (imp.options ?? {}) as ImportOptions & Record<string, unknown>;
    const parsed = {
      activities: staged.filter((r) => r.activity).map((r) => r.activity as unknown as ParsedActivity),
      errors: opts.parse?.errors ?? [],
      warnings: opts.parse?.warnings ?? [],
      ignored: opts.parse?.ignored ?? [],
      baseCurrency: opts.parse?.baseCurrency,
    };
    const planFor = (mappings: Record<string, string>) =>
      buildPlan(ctx.db, {
        userId: actor.userId,
        broker: imp.broker,
        parsed,
        account,
        defaultCurrency: opts.defaultCurrency,
        mappings,
      });
    // The preview's plan stands when nothing it depended on changed (its account, no new choices);
    // else it is rebuilt with the account and the user's mappings.
    const unchanged =
      imp.accountId === account.id && Object.keys(input.mappings).length === 0 && !input.createInstruments;
    const fileLevel = (list: unknown) => (list as RowIssueOut[]).filter((i) => i.row === 0);
    let plan: Plan = unchanged
      ? {
          rows: staged,
          unmatched: [],
          fileErrors: fileLevel(imp.errors),
          fileWarnings: fileLevel(imp.warnings),
        }
      : await planFor(input.mappings);
    let createdInstruments = 0;
    let refused = new Map<string, string>();
    if (input.createInstruments && plan.unmatched.length > 0) {
      const { created, failed } = await createUnmatched(ctx, plan.unmatched);
      createdInstruments = Object.keys(created).length;
      refused = failed;
      if (createdInstruments > 0) plan = await planFor({ ...input.mappings, ...created });
    }
    // The user's choices, remembered for the next file from this broker.
    await repo.rememberAliases(
      ctx.db,
      Object.entries(input.mappings).map(([alias, instrumentId]) => ({
        userId: actor.userId,
        source: imp.broker,
        alias: alias.trim().toUpperCase(),
        instrumentId,
      })),
    );

    // Rows still without their instrument are refused at commit.
    for (const r of plan.rows) {
      if (!r.ledger || r.status === "error" || r.status === "ignored") continue;
      const unknown = r.warnings.find((w) => w.code === "unknown_symbol");
      if (!unknown) continue;
      const alias = ((r.activity?.isin ?? r.activity?.symbol ?? r.activity?.name ?? "") as string)
        .trim()
        .toUpperCase();
      const why = refused.get(alias);
      r.errors.push({
        row: r.row,
        column: unknown.column,
        code: "unknown_symbol",
        message: why
          ? `${alias}: the instrument could not be created (${why})`
          : `${alias}: no instrument matches; map it or ask to create it`,
      });
      r.status = "error";
    }
    const writable = plan.rows
      .filter((r) => r.ledger && r.status !== "error" && r.status !== "ignored")
      .map((r) => ({ row: r.row, ledger: r.ledger as LedgerRow }));
    // Rows the account already holds (an earlier or overlapping file) are duplicates, left out.
    const held = await repo.existingFingerprints(
      ctx.db,
      account.id,
      writable.map((w) => w.ledger.fingerprint),
    );
    const fresh = writable.filter((w) => !held.has(w.ledger.fingerprint));
    await repo.copyLedgerCsv(
      ctx.db,
      ledgerCsv(fresh, { userId: actor.userId, accountId: account.id, importId: imp.id }),
    );
    const imported = fresh.length;
    // Nothing added (the same file again): the holdings are those of the unchanged ledger.
    const stale = imported > 0 ? await refreshAfter(ctx, actor.userId, account.id) : null;
    if (stale) plan.fileWarnings.push(stale);
    const t = planTotals(plan);
    const options = {
      ...opts,
      errorCount: t.errorCount,
      warningCount: t.warningCount,
      validRows: t.valid,
      ignoredRows: t.ignored,
      unmatched: [],
    };
    const done = {
      status: "committed" as const,
      accountId: account.id,
      importedRows: imported,
      duplicateRows: writable.length - imported,
      failedRows: t.failed,
      errors: t.errors,
      warnings: t.warnings,
      options,
      staged: null,
      committedAt: ctx.clock.now(),
    };
    await repo.updateImport(ctx.db, actor.userId, imp.id, done);
    const summary: ImportSummary = summaryOf({ ...imp, ...done });
    return { ...summary, createdInstruments, elapsedMs: Math.round(performance.now() - started) };
  },
  audit: ({ result }) => ({
    eventType: "data",
    action: "portfolio.import.commit",
    resourceType: "portfolio.import",
    resourceId: result.id,
    newValues: {
      accountId: result.accountId,
      importedRows: result.importedRows,
      duplicateRows: result.duplicateRows,
      failedRows: result.failedRows,
    },
  }),
});

export const undoImport = defineVerb({
  name: "portfolio.undoImport",
  access: "user",
  input: z.object({ id: z.string() }),
  write: true,
  async run({ ctx, input, actor }) {
    const imp = await importOr404(ctx.db, actor.userId, input.id, true);
    if (imp.status !== "committed")
      throw new ConflictError(`Only a committed import can be undone; this one is ${imp.status}`);
    await lockLedger(ctx.db, actor.userId);
    const removedRows = await repo.deleteImportRows(ctx.db, actor.userId, imp.id);
    if (imp.accountId && removedRows > 0) await refreshAfter(ctx, actor.userId, imp.accountId);
    const done = { status: "undone" as const, undoneAt: ctx.clock.now() };
    await repo.updateImport(ctx.db, actor.userId, imp.id, done);
    return { ...summaryOf({ ...imp, ...done }), removedRows };
  },
  audit: ({ result }) => ({
    eventType: "data",
    action: "portfolio.import.undo",
    resourceType: "portfolio.import",
    resourceId: result.id,
    newValues: { removedRows: result.removedRows },
  }),
});
