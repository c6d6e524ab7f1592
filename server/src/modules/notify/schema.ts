import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgSchema, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts, updatedAt } from "../../platform/db/columns.ts";
import { users } from "../identity/schema.ts";

export const notifySchema = pgSchema("notify");

/** In-app notifications (002 notifications, 004 notifications.notifications). */
export const notifications = notifySchema.table(
  "notifications",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    title: text("title").notNull(),
    message: text("message").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    readAt: ts("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_user_created_idx").on(t.userId, t.createdAt),
    index("notifications_user_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/**
 * Per-user channel preferences (004 notifications.preferences). `type` '*' is the user's default for
 * a channel; a row for a specific type overrides it. No row means the channel's built-in default.
 */
export const preferences = notifySchema.table(
  "preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    channel: text("channel").notNull(),
    enabled: boolean("enabled").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.type, t.channel] }),
    check("preferences_channel_check", sql`${t.channel} in ('in_app','email','sms','webhook')`),
  ],
);

/**
 * Outgoing email and SMS, written in the caller's transaction and delivered by a job
 * (transactional outbox): a message exists exactly when the change that caused it committed.
 */
export const outbox = notifySchema.table(
  "outbox",
  {
    id: uuid("id").primaryKey(),
    channel: text("channel").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    to: text("to").notNull(),
    subject: text("subject"),
    text: text("text").notNull(),
    html: text("html"),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    providerId: text("provider_id"),
    /** While a worker sends it: a crashed worker's claim lapses at this time. */
    lockedUntil: ts("locked_until"),
    /** After a failure, when the retry is due (the sweeper re-enqueues rows whose job was lost). */
    nextAttemptAt: ts("next_attempt_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    sentAt: ts("sent_at"),
    /**
     * A message that carries a one-time secret (a reset or verification token, an SMS code) keeps
     * `text` and `html` with the secret replaced by "[redacted]"; the whole body is here, as an
     * envelope under the master key (platform/secrets.ts, AAD `notify.outbox.secret_body:<id>`),
     * until it is delivered, fails for good or reaches `secret_expires_at`, and is then erased.
     */
    secretBody: text("secret_body"),
    /** When the secret body is erased at the latest; null for a message that never carried a secret. */
    secretExpiresAt: ts("secret_expires_at"),
  },
  (t) => [
    index("outbox_to_created_idx").on(t.to, t.createdAt),
    index("outbox_pending_idx").on(t.createdAt).where(sql`${t.status} = 'pending'`),
    index("outbox_secret_expiry_idx").on(t.secretExpiresAt).where(sql`${t.secretBody} is not null`),
    check("outbox_channel_check", sql`${t.channel} in ('email','sms')`),
    check("outbox_status_check", sql`${t.status} in ('pending','sending','sent','failed','logged')`),
  ],
);

/** One row per notification per channel it went out on (004 deliveries: in-app, email, sms, webhook). */
export const deliveries = notifySchema.table(
  "deliveries",
  {
    id: uuid("id").primaryKey(),
    notificationId: uuid("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    outboxId: uuid("outbox_id").references(() => outbox.id, { onDelete: "set null" }),
    status: text("status").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("deliveries_notification_idx").on(t.notificationId),
    check("deliveries_channel_check", sql`${t.channel} in ('in_app','email','sms','webhook')`),
    check("deliveries_status_check", sql`${t.status} in ('delivered','queued','skipped')`),
  ],
);
