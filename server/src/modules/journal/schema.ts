// The journal's tables (PostgreSQL schema `journal`, seed 002 TradeSense). A trade is derived from the
// ledger (portfolio.transactions): `trade_fills` only references the ledger's rows, it never copies a
// fill. The journal's own data (notes, tags, strategy, planned stop/target, entries, playbooks) is kept
// across rebuilds because a trade keeps its id while its opening fill stays in the ledger.
// Change it, then `npm run db:generate -w @bullpen/server`.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, idColumn, ts, updatedAt } from "../../platform/db/columns.ts";
import { users } from "../identity/schema.ts";
import { instruments } from "../market/schema.ts";

export const journalSchema = pgSchema("journal");

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

const userRef = () =>
  uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" });

export const TRADE_SIDES = ["long", "short"] as const;
export const TRADE_STATUSES = ["open", "closed"] as const;

/** 002 strategies: a playbook, its rules as a checklist ([{ id, text }]), unique by name per user. */
export const strategies = journalSchema.table(
  "strategies",
  {
    id: idColumn(),
    userId: userRef(),
    name: text("name").notNull(),
    description: text("description"),
    rules: jsonb("rules").notNull().default(sql`'[]'::jsonb`),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique("strategies_user_name").on(t.userId, t.name)],
);

/**
 * 002 trades: one round trip of one instrument in one portfolio account, built from the ledger's fills.
 * `pnl` and `pnl_percent` are generated as in the seed (the seed's pnl_percent reads pnl; a generated
 * column cannot read another, so its expression is repeated).
 */
export const trades = journalSchema.table(
  "trades",
  {
    id: idColumn(),
    userId: userRef(),
    /** The portfolio account (portfolio.accounts; no foreign key across modules but users/instruments). */
    accountId: uuid("account_id").notNull(),
    instrumentId: uuid("instrument_id")
      .notNull()
      .references(() => instruments.id),
    symbol: text("symbol").notNull(),
    currency: text("currency").notNull(),
    side: text("side", { enum: TRADE_SIDES }).notNull(),
    status: text("status", { enum: TRADE_STATUSES }).notNull(),
    quantity: numeric("quantity").notNull(),
    openQuantity: numeric("open_quantity").notNull(),
    exitedQuantity: numeric("exited_quantity").notNull(),
    entryPrice: numeric("entry_price").notNull(),
    /** Set once closed (so the generated P&L is the round trip's); `average_exit_price` before that. */
    exitPrice: numeric("exit_price"),
    averageExitPrice: numeric("average_exit_price"),
    entryAt: ts("entry_at").notNull(),
    entryTimeKnown: boolean("entry_time_known").notNull().default(false),
    exitAt: ts("exit_at"),
    commission: numeric("commission").notNull().default("0"),
    pnl: numeric("pnl", { precision: 20, scale: 2 }).generatedAlwaysAs(
      sql`case when exit_price is not null then case when side = 'long' then (exit_price - entry_price) * quantity - commission else (entry_price - exit_price) * quantity - commission end else null end`,
    ),
    pnlPercent: numeric("pnl_percent", { precision: 12, scale: 2 }).generatedAlwaysAs(
      sql`case when exit_price is not null and entry_price > 0 then (case when side = 'long' then (exit_price - entry_price) * quantity - commission else (entry_price - exit_price) * quantity - commission end) / (entry_price * quantity) * 100 else null end`,
    ),
    /** FIFO realised P&L of the exits so far, net of commissions (equals pnl once closed). */
    realizedPnl: numeric("realized_pnl").notNull(),
    holdingSeconds: integer("holding_seconds"),
    /** The ledger row that opened the trade: the trade's identity across rebuilds. */
    openingTransactionId: uuid("opening_transaction_id").notNull(),
    strategyId: uuid("strategy_id").references(() => strategies.id, { onDelete: "set null" }),
    plannedStop: numeric("planned_stop"),
    plannedTarget: numeric("planned_target"),
    notes: text("notes"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    broker: text("broker"),
    brokerAccountId: text("broker_account_id"),
    orderId: text("order_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("trades_opening_transaction").on(t.userId, t.openingTransactionId),
    index("trades_user_entry").on(t.userId, t.entryAt),
    index("trades_user_instrument").on(t.userId, t.instrumentId),
    index("trades_account").on(t.accountId),
    index("trades_user_open").on(t.userId).where(sql`status = 'open'`),
    index("trades_strategy").on(t.strategyId),
    check("trades_side", sql`${t.side} in ('long', 'short')`),
    check("trades_status", sql`${t.status} in ('open', 'closed')`),
  ],
);

/** The ledger rows that make a trade, with the share of each (a flip's fill is in two trades). */
export const tradeFills = journalSchema.table(
  "trade_fills",
  {
    tradeId: uuid("trade_id")
      .notNull()
      .references(() => trades.id, { onDelete: "cascade" }),
    /** portfolio.transactions.id */
    transactionId: uuid("transaction_id").notNull(),
    role: text("role", { enum: ["entry", "exit"] }).notNull(),
    quantity: numeric("quantity").notNull(),
    fee: numeric("fee").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tradeId, t.transactionId] }),
    index("trade_fills_transaction").on(t.transactionId),
  ],
);

/** The moment of a ledger fill when it is known (the ledger keeps dates only): for the hour of entry. */
export const fillTimes = journalSchema.table("fill_times", {
  transactionId: uuid("transaction_id").primaryKey(),
  userId: userRef(),
  executedAt: ts("executed_at").notNull(),
});

/** What the trades of an account were last built from, to rebuild when the ledger changed. */
export const ledgerVersions = journalSchema.table(
  "ledger_versions",
  {
    userId: userRef(),
    accountId: uuid("account_id").notNull(),
    version: text("version").notNull(),
    builtAt: ts("built_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.accountId] })],
);

/** Per-trade rule compliance: a tick per playbook rule (followed or broken). */
export const ruleChecks = journalSchema.table(
  "rule_checks",
  {
    tradeId: uuid("trade_id")
      .notNull()
      .references(() => trades.id, { onDelete: "cascade" }),
    ruleId: text("rule_id").notNull(),
    followed: boolean("followed").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tradeId, t.ruleId] })],
);

/**
 * 002 journal_entries. `search` is the English full-text vector (title weighted above content);
 * the trigram index over title and content finds Korean words inside longer ones.
 */
export const entries = journalSchema.table(
  "entries",
  {
    id: idColumn(),
    userId: userRef(),
    /** The trading day the entry is about. */
    entryDate: date("entry_date").notNull(),
    title: text("title").notNull(),
    content: text("content").notNull().default(""),
    mood: text("mood"),
    confidence: integer("confidence"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    archived: boolean("archived").notNull().default(false),
    search: tsvector("search").generatedAlwaysAs(
      sql`setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, content), 'B')`,
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("entries_user_date").on(t.userId, t.entryDate),
    index("entries_user_mood").on(t.userId, t.mood),
    index("entries_search").using("gin", t.search),
    index("entries_trgm").using("gin", sql`(title || ' ' || content) gin_trgm_ops`),
    index("entries_tags").using("gin", t.tags),
    check("entries_confidence", sql`${t.confidence} between 1 and 10`),
  ],
);

/** 002 trade_journal_links: entries and trades, many to many. */
export const tradeEntryLinks = journalSchema.table(
  "trade_entry_links",
  {
    tradeId: uuid("trade_id")
      .notNull()
      .references(() => trades.id, { onDelete: "cascade" }),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tradeId, t.entryId] }), index("trade_entry_links_entry").on(t.entryId)],
);
