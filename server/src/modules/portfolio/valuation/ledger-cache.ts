// The replayed ledger kept between requests. Every page of the portfolio values the user's whole
// ledger; reading 2,000 rows and replaying them costs more than the valuation itself. A user's
// ledger is read and replayed again only when the database's fingerprint of it changed (any insert,
// update or delete of its rows, from any process), or when the accounts did. Entries are read-only:
// the engine's Ledger is never applied to after it is cached.
import type { Ctx } from "../../../platform/context.ts";
import { type Ledger, replay } from "../engine/index.ts";
import type { Account } from "../engine/types.ts";
import { ledgerFingerprint, ledgerRows } from "../transactions/repository.ts";
import { toTransaction } from "../transactions/rows.ts";

interface Entry {
  key: string;
  ledger: Ledger;
  rows: number;
}

/** Users kept, and ledger rows kept over all of them (some 0.6 KB of Decimals per row replayed). */
const MAX_USERS = 64;
const MAX_ROWS = 200_000;

const entries = new Map<string, Entry>();
let keptRows = 0;

function remember(userId: string, entry: Entry): void {
  const old = entries.get(userId);
  if (old) {
    entries.delete(userId);
    keptRows -= old.rows;
  }
  if (entry.rows > MAX_ROWS) return;
  entries.set(userId, entry);
  keptRows += entry.rows;
  // Least recently used first (a Map keeps insertion order; a hit re-inserts).
  for (const [id, e] of entries) {
    if (entries.size <= MAX_USERS && keptRows <= MAX_ROWS) break;
    entries.delete(id);
    keptRows -= e.rows;
  }
}

/** The user's ledger replayed from zero over `accounts` (all of the user's); throws LedgerError. */
export async function replayedLedger(
  ctx: Ctx,
  userId: string,
  accounts: readonly Account[],
): Promise<Ledger> {
  const fingerprint = await ledgerFingerprint(ctx.db, userId);
  const key = `${fingerprint}|${accounts.map((a) => `${a.id}:${a.baseCurrency}`).join(",")}`;
  const hit = entries.get(userId);
  if (hit?.key === key) {
    remember(userId, hit);
    return hit.ledger;
  }
  const stored = await ledgerRows(ctx.db, userId);
  const ledger = replay(accounts, stored.map(toTransaction));
  remember(userId, { key, ledger, rows: stored.length });
  return ledger;
}

/** Forgets every cached ledger (tests; an operator's restore). */
export function forgetLedgers(): void {
  entries.clear();
  keptRows = 0;
}
