// SQL of the ledger (portfolio.transactions). Every read and write filters by the owner's user id.
import type { Db } from "../../../platform/db/index.ts";
import { transactions } from "../schema.ts";
import type { TransactionInsert } from "./rows.ts";

/** Rows per INSERT statement: ~30 columns each stays well under PostgreSQL's 65,535 parameters. */
const CHUNK = 1000;

/**
 * Inserts ledger rows (from `toRow`) in bulk inside the caller's transaction. A row whose
 * (account_id, fingerprint) is already stored is skipped (ON CONFLICT DO NOTHING), so a re-import
 * adds nothing: answers the ids actually inserted, in input order; duplicates = rows.length − ids.length.
 */
export async function insertTransactions(tx: Db, rows: readonly TransactionInsert[]): Promise<string[]> {
  const inserted: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const out = await tx
      .insert(transactions)
      .values(part as TransactionInsert[])
      .onConflictDoNothing({ target: [transactions.accountId, transactions.fingerprint] })
      .returning({ id: transactions.id });
    const got = new Set(out.map((r) => r.id));
    for (const r of part) if (r.id && got.has(r.id)) inserted.push(r.id);
  }
  return inserted;
}
