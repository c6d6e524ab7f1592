// SQL of corporate actions: splits, dividends and symbol changes.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { queryRows } from "../../../platform/db/rows.ts";
import { newId } from "../../../platform/ids.ts";
import { corporateActions } from "../schema.ts";

export type ActionRow = typeof corporateActions.$inferSelect;
export type ActionInsert = typeof corporateActions.$inferInsert;

const toDateString = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

/** An instrument's actions by ex-date, each with the last daily close before its ex-date. */
export async function listActions(
  db: Db,
  instrumentId: string,
): Promise<(ActionRow & { prevClose: number | null })[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select a.*, (select b.close from market.bars b
                      where b.instrument_id = a.instrument_id and b.interval = '1d'
                        and b.ts < (a.ex_date::timestamp at time zone 'UTC')
                      order by b.ts desc limit 1) as prev_close
        from market.corporate_actions a where a.instrument_id = ${instrumentId} order by a.ex_date, a.action_type`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    instrumentId: r.instrument_id as string,
    actionType: r.action_type as string,
    exDate: toDateString(r.ex_date),
    splitTo: r.split_to == null ? null : String(r.split_to),
    splitFrom: r.split_from == null ? null : String(r.split_from),
    amount: r.amount == null ? null : String(r.amount),
    currency: (r.currency as string) ?? null,
    oldSymbol: (r.old_symbol as string) ?? null,
    newSymbol: (r.new_symbol as string) ?? null,
    recordDate: r.record_date == null ? null : toDateString(r.record_date),
    payDate: r.pay_date == null ? null : toDateString(r.pay_date),
    source: (r.source as string) ?? null,
    notes: (r.notes as string) ?? null,
    createdAt: new Date(r.created_at as string),
    prevClose: r.prev_close == null ? null : Number(r.prev_close),
  }));
}

export async function insertAction(db: Db, row: ActionInsert): Promise<ActionRow> {
  const [out] = await db.insert(corporateActions).values(row).returning();
  return out as ActionRow;
}

export async function findActionKey(db: Db, instrumentId: string, type: string, exDate: string) {
  const [row] = await db
    .select({ id: corporateActions.id })
    .from(corporateActions)
    .where(
      and(
        eq(corporateActions.instrumentId, instrumentId),
        eq(corporateActions.actionType, type),
        eq(corporateActions.exDate, exDate),
      ),
    );
  return row;
}

/** Inserts actions a provider reported; ones already recorded (same type and ex-date) are kept. */
export async function insertProviderActions(
  db: Db,
  instrumentId: string,
  source: string,
  currency: string | null,
  actions: {
    type: string;
    exDate: string;
    splitTo?: number;
    splitFrom?: number;
    amount?: number;
  }[],
): Promise<number> {
  if (actions.length === 0) return 0;
  const r = await db
    .insert(corporateActions)
    .values(
      actions.map((a) => ({
        id: newId(),
        instrumentId,
        actionType: a.type,
        exDate: a.exDate,
        splitTo: a.splitTo === undefined ? null : String(a.splitTo),
        splitFrom: a.splitFrom === undefined ? null : String(a.splitFrom),
        amount: a.amount === undefined ? null : String(a.amount),
        currency: a.type === "dividend" ? currency : null,
        source,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: corporateActions.id });
  return r.length;
}

/** Splits with ex-date in (from, to]: their date and share factor (splitTo / splitFrom). */
export async function splitsBetween(db: Db, instrumentId: string, from: string, to: string) {
  const rows = await queryRows(
    db,
    sql`select ex_date, split_to, split_from from market.corporate_actions
        where instrument_id = ${instrumentId} and action_type = 'split'
          and ex_date > ${from}::date and ex_date <= ${to}::date
        order by ex_date`,
  );
  return rows.map((r) => ({
    exDate: toDateString(r.ex_date),
    splitTo: String(r.split_to),
    splitFrom: String(r.split_from),
  }));
}
