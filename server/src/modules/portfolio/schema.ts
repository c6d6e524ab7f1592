// The portfolio module's tables (PostgreSQL schema `portfolio`). `transactions` is THE ledger: holdings,
// returns, journal trades and paper trading are all derived from it. Amounts are `numeric`, never floats.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
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

export const portfolioSchema = pgSchema("portfolio");

const userRef = () =>
  uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" });

/** 001 portfolios: an account at a broker (or a manual one), in one base currency. */
export const accounts = portfolioSchema.table(
  "accounts",
  {
    id: idColumn(),
    userId: userRef(),
    name: text("name").notNull(),
    /** Broker preset id (`ibkr`, `degiro`, …) or null for a manual account. */
    broker: text("broker"),
    brokerAccountId: text("broker_account_id"),
    /** ISO 4217 code all base-currency figures of this account are in. */
    baseCurrency: text("base_currency").notNull(),
    active: boolean("active").notNull().default(true),
    lastSyncedAt: ts("last_synced_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("accounts_user_name").on(t.userId, t.name),
    check("accounts_base_currency", sql`${t.baseCurrency} ~ '^[A-Z]{3}$'`),
  ],
);

export const TRANSACTION_TYPES = [
  "buy",
  "sell",
  "short",
  "cover",
  "dividend",
  "interest",
  "fee",
  "tax",
  "deposit",
  "withdrawal",
  "split",
  "spinOff",
  "returnOfCapital",
  "transferIn",
  "transferOut",
  "conversion",
] as const;

export const ORIGIN_KINDS = ["manual", "import", "sync", "paper"] as const;

/**
 * The ledger: one row per thing that happened, in the engine's model (engine/types.ts). Columns a type
 * does not use stay null. `fingerprint` is unique per account, so re-importing a row adds nothing.
 */
export const transactions = portfolioSchema.table(
  "transactions",
  {
    id: idColumn(),
    /** The account's owner, kept on the row so every query filters by it without a join. */
    userId: userRef(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    type: text("type", { enum: TRANSACTION_TYPES }).notNull(),
    /** Trade (or ex/pay) date; the ledger replays in (trade_date, seq) order. */
    tradeDate: date("trade_date").notNull(),
    /** Order within a day when several rows share a date (import row order, or entry order). */
    seq: integer("seq").notNull().default(0),
    instrumentId: uuid("instrument_id").references(() => instruments.id),
    /** Units (trades, transfers). */
    quantity: numeric("quantity"),
    /** Price per unit (trades). */
    price: numeric("price"),
    /** Cash amount (dividend gross, interest, fee, tax, deposit, withdrawal, return of capital, conversion's from-amount). */
    amount: numeric("amount"),
    /** Commission in `currency`. */
    fee: numeric("fee"),
    /** Dividend tax withheld at source, in `currency`. */
    withholdingTax: numeric("withholding_tax"),
    currency: text("currency"),
    /** Units of the account's base currency per unit of `currency` at the time. */
    fxRate: numeric("fx_rate"),
    /** Split ratio, or a spin-off's new units per old unit. */
    ratio: numeric("ratio"),
    /** Spin-off: the new instrument and the fraction of cost that moves to it. */
    newInstrumentId: uuid("new_instrument_id").references(() => instruments.id),
    costFraction: numeric("cost_fraction"),
    /** Pairs a transfer's two legs (cash or securities) across accounts. */
    transferId: text("transfer_id"),
    /** Sale/cover/transferOut: specific lots picked; transferIn from outside: the incoming lots. */
    lots: jsonb("lots"),
    /** Conversion: what was bought. */
    toCurrency: text("to_currency"),
    toAmount: numeric("to_amount"),
    toFxRate: numeric("to_fx_rate"),
    note: text("note"),
    /** Origin: where the row came from, so every number traces back. */
    origin: text("origin", { enum: ORIGIN_KINDS }).notNull(),
    importId: uuid("import_id").references(() => imports.id, { onDelete: "cascade" }),
    /** 1-based row (or record) number in the imported file. */
    importRow: integer("import_row"),
    connectionId: uuid("connection_id").references(() => brokerConnections.id, { onDelete: "set null" }),
    /** The broker's own id for the activity (sync, or files that carry one). */
    externalId: text("external_id"),
    fingerprint: text("fingerprint").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("transactions_account_fingerprint").on(t.accountId, t.fingerprint),
    index("transactions_account_date").on(t.accountId, t.tradeDate, t.seq),
    index("transactions_user_date").on(t.userId, t.tradeDate),
    index("transactions_import").on(t.importId),
    index("transactions_instrument").on(t.instrumentId),
    check("transactions_origin_import", sql`(${t.origin} = 'import') = (${t.importId} is not null)`),
  ],
);

export const IMPORT_STATUSES = ["previewed", "committed", "undone", "failed"] as const;

/**
 * 002 import_history: one uploaded file, from preview to commit (and undo). `staged` holds the parsed
 * rows between preview and commit and is cleared once committed; `errors`/`warnings` name row, column
 * and reason.
 */
export const imports = portfolioSchema.table(
  "imports",
  {
    id: idColumn(),
    userId: userRef(),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    /** The preset used (detected or chosen). */
    broker: text("broker").notNull(),
    detectedBroker: text("detected_broker"),
    status: text("status", { enum: IMPORT_STATUSES }).notNull(),
    totalRows: integer("total_rows").notNull().default(0),
    importedRows: integer("imported_rows").notNull().default(0),
    duplicateRows: integer("duplicate_rows").notNull().default(0),
    failedRows: integer("failed_rows").notNull().default(0),
    errors: jsonb("errors").notNull().default(sql`'[]'::jsonb`),
    warnings: jsonb("warnings").notNull().default(sql`'[]'::jsonb`),
    /** Options the parse used: locale, column mapping, symbol mappings chosen in the preview. */
    options: jsonb("options").notNull().default(sql`'{}'::jsonb`),
    staged: jsonb("staged"),
    createdAt: createdAt(),
    committedAt: ts("committed_at"),
    undoneAt: ts("undone_at"),
  },
  (t) => [index("imports_user_created").on(t.userId, t.createdAt)],
);

/** A generic-CSV column mapping a user saved, to reuse on the next file of the same shape. */
export const importMappings = portfolioSchema.table(
  "import_mappings",
  {
    id: idColumn(),
    userId: userRef(),
    name: text("name").notNull(),
    /** The header line's column names, normalised, so a file of the same shape finds its mapping. */
    headerKey: text("header_key").notNull(),
    mapping: jsonb("mapping").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique("import_mappings_user_name").on(t.userId, t.name)],
);

/** A symbol (or ISIN, or name) from a source the user mapped to an instrument once, remembered. */
export const symbolAliases = portfolioSchema.table(
  "symbol_aliases",
  {
    userId: userRef(),
    /** Broker preset id, or `*` for every source. */
    source: text("source").notNull(),
    /** The key as the source writes it, upper-cased: `AAPL`, `US0378331005`, `삼성전자`. */
    alias: text("alias").notNull(),
    instrumentId: uuid("instrument_id")
      .notNull()
      .references(() => instruments.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.source, t.alias] })],
);

/**
 * 001 broker_connections. `credentials` is envelope-encrypted JSON (AAD
 * "portfolio.broker_connections.credentials:<id>"), registered for key rotation.
 */
export const brokerConnections = portfolioSchema.table(
  "broker_connections",
  {
    id: idColumn(),
    userId: userRef(),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "set null" }),
    /** `alpaca`, `ibkr-flex`. */
    broker: text("broker").notNull(),
    brokerAccountId: text("broker_account_id"),
    credentials: text("credentials").notNull(),
    canRead: boolean("can_read").notNull().default(true),
    canTrade: boolean("can_trade").notNull().default(false),
    active: boolean("active").notNull().default(true),
    /** `never` (not yet synced), `ok`, `error`. */
    status: text("status").notNull().default("never"),
    lastError: text("last_error"),
    lastConnectedAt: ts("last_connected_at"),
    lastSyncAt: ts("last_sync_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique("broker_connections_user_broker_account").on(t.userId, t.broker, t.brokerAccountId)],
);

/** 001 portfolio_holdings: a refreshable cache of the ledger's replay, never typed in. */
export const holdings = portfolioSchema.table(
  "holdings",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    instrumentId: uuid("instrument_id")
      .notNull()
      .references(() => instruments.id),
    side: text("side", { enum: ["long", "short"] }).notNull(),
    quantity: numeric("quantity").notNull(),
    averageCost: numeric("average_cost").notNull(),
    costBasis: numeric("cost_basis").notNull(),
    currency: text("currency").notNull(),
    price: numeric("price"),
    marketValue: numeric("market_value"),
    unrealizedPnl: numeric("unrealized_pnl"),
    unrealizedPnlPct: numeric("unrealized_pnl_pct"),
    asOf: date("as_of").notNull(),
    refreshedAt: ts("refreshed_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.instrumentId, t.side] })],
);

/** 000 portfolio_snapshots: a holdings screen read from a screenshot (OCR or an LLM), totals in KRW. */
export const snapshots = portfolioSchema.table(
  "snapshots",
  {
    id: idColumn(),
    userId: userRef(),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "set null" }),
    takenAt: ts("taken_at").notNull(),
    /** `ocr`, `llm` or `manual`. */
    source: text("source").notNull(),
    imageSha256: text("image_sha256"),
    totalValueKrw: numeric("total_value_krw"),
    purchaseValueKrw: numeric("purchase_value_krw"),
    krValueKrw: numeric("kr_value_krw"),
    usValueKrw: numeric("us_value_krw"),
    cashKrw: numeric("cash_krw"),
    cashUsd: numeric("cash_usd"),
    usdKrwRate: numeric("usd_krw_rate"),
    provider: text("provider"),
    model: text("model"),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    rawText: text("raw_text"),
    /** `draft` (read, awaiting the user's corrections) or `confirmed`. */
    status: text("status").notNull().default("draft"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("snapshots_user_taken").on(t.userId, t.takenAt)],
);

/** 000 portfolio_holdings: one line of a snapshot, with the name as shown and the mapped instrument. */
export const snapshotHoldings = portfolioSchema.table(
  "snapshot_holdings",
  {
    id: idColumn(),
    snapshotId: uuid("snapshot_id")
      .notNull()
      .references(() => snapshots.id, { onDelete: "cascade" }),
    line: integer("line").notNull(),
    name: text("name").notNull(),
    instrumentId: uuid("instrument_id").references(() => instruments.id),
    /** `KR`, `US`, … */
    market: text("market"),
    currency: text("currency"),
    quantity: numeric("quantity"),
    averagePrice: numeric("average_price"),
    currentPrice: numeric("current_price"),
    currentValueKrw: numeric("current_value_krw"),
    purchaseValueKrw: numeric("purchase_value_krw"),
    pnlKrw: numeric("pnl_krw"),
    pnlPct: numeric("pnl_pct"),
  },
  (t) => [unique("snapshot_holdings_line").on(t.snapshotId, t.line)],
);

/** 004 risk_questionnaire: the user's answers, score and resulting profile. */
export const riskProfiles = portfolioSchema.table("risk_profiles", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  answers: jsonb("answers").notNull(),
  score: integer("score").notNull(),
  /** `conservative`, `moderate`, `balanced`, `growth`, `aggressive`. */
  profileType: text("profile_type").notNull(),
  completedAt: ts("completed_at").notNull(),
});

/** 004 allocations: a target weight for one slice (asset class, market, sector, currency or instrument). */
export const targetAllocations = portfolioSchema.table(
  "target_allocations",
  {
    id: idColumn(),
    userId: userRef(),
    /** Null: across all the user's accounts. */
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    /** `assetClass`, `market`, `sector`, `currency`, `instrument`. */
    dimension: text("dimension").notNull(),
    key: text("key").notNull(),
    targetPct: numeric("target_pct").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("target_allocations_slice").on(t.userId, t.accountId, t.dimension, t.key).nullsNotDistinct(),
    check("target_allocations_pct", sql`${t.targetPct} >= 0 and ${t.targetPct} <= 100`),
  ],
);

/** 004 goals: an amount by a date, with the accounts that count toward it (null: all). */
export const goals = portfolioSchema.table(
  "goals",
  {
    id: idColumn(),
    userId: userRef(),
    name: text("name").notNull(),
    targetAmount: numeric("target_amount").notNull(),
    currency: text("currency").notNull(),
    targetDate: date("target_date").notNull(),
    accountIds: uuid("account_ids").array(),
    monthlyContribution: numeric("monthly_contribution").notNull().default("0"),
    /** Expected yearly return used by the projection, in percent; null: the portfolio's own history. */
    expectedReturnPct: numeric("expected_return_pct"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("goals_user").on(t.userId)],
);
