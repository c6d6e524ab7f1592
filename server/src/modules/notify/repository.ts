// All SQL of the notify module.
import { and, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { newId } from "../../platform/ids.ts";
import { deliveries, notifications, outbox, preferences } from "./schema.ts";

export type NotificationRow = typeof notifications.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type Channel = "in_app" | "email" | "sms" | "webhook";

export async function insertNotification(
  db: Db,
  n: {
    userId: string;
    type: string;
    title: string;
    message: string;
    data: Record<string, unknown>;
    at: Date;
  },
): Promise<NotificationRow> {
  const [row] = await db
    .insert(notifications)
    .values({
      id: newId(),
      userId: n.userId,
      type: n.type,
      title: n.title,
      message: n.message,
      data: n.data,
      createdAt: n.at,
    })
    .returning();
  return row;
}

export async function insertDelivery(
  db: Db,
  d: {
    notificationId: string;
    channel: Channel;
    status: "delivered" | "queued" | "skipped";
    outboxId?: string | null;
    at: Date;
  },
): Promise<void> {
  await db.insert(deliveries).values({
    id: newId(),
    notificationId: d.notificationId,
    channel: d.channel,
    status: d.status,
    outboxId: d.outboxId ?? null,
    createdAt: d.at,
  });
}

export async function listDeliveries(db: Db, notificationId: string) {
  return db
    .select({ channel: deliveries.channel, status: deliveries.status, outboxId: deliveries.outboxId })
    .from(deliveries)
    .where(eq(deliveries.notificationId, notificationId))
    .orderBy(deliveries.channel);
}

/** A user's notifications, newest first; always filtered by the owner. */
export async function listNotifications(
  db: Db,
  userId: string,
  opts: { unreadOnly: boolean; limit: number },
) {
  const where = opts.unreadOnly
    ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
    : eq(notifications.userId, userId);
  return db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit);
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<string>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(r?.n ?? 0);
}

/** Marks one of the user's notifications read; false when it is not theirs (or does not exist). */
export async function markRead(db: Db, userId: string, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function markAllRead(db: Db, userId: string, at: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Ids of active administrators (identity.users, read through SQL: cross-module FKs point there). */
export async function activeAdminIds(db: Db): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(
    sql`select id from identity.users where role = 'admin' and status = 'active' order by id`,
  );
  return (rows as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
}

export async function userContact(
  db: Db,
  userId: string,
): Promise<{ email: string | null; phone: string | null } | null> {
  const res = (await db.execute(
    sql`select email::text as email, phone_number as phone, email_verified_at from identity.users where id = ${userId}`,
  )) as unknown as { rows: { email: string | null; phone: string | null }[] };
  return res.rows[0] ?? null;
}

export async function getPreferences(db: Db, userId: string) {
  return db
    .select({ type: preferences.type, channel: preferences.channel, enabled: preferences.enabled })
    .from(preferences)
    .where(eq(preferences.userId, userId))
    .orderBy(preferences.type, preferences.channel);
}

export async function upsertPreference(
  db: Db,
  p: { userId: string; type: string; channel: Channel; enabled: boolean; at: Date },
): Promise<void> {
  await db
    .insert(preferences)
    .values({ userId: p.userId, type: p.type, channel: p.channel, enabled: p.enabled, updatedAt: p.at })
    .onConflictDoUpdate({
      target: [preferences.userId, preferences.type, preferences.channel],
      set: { enabled: p.enabled, updatedAt: p.at },
    });
}

export async function insertOutbox(
  db: Db,
  m: {
    id?: string;
    channel: "email" | "sms";
    to: string;
    subject?: string | null;
    text: string;
    html?: string | null;
    userId?: string | null;
    status: "pending" | "logged";
    at: Date;
    /** The whole body as an envelope, when `text`/`html` hold a redacted copy (see schema.ts). */
    secretBody?: string | null;
    secretExpiresAt?: Date | null;
  },
): Promise<OutboxRow> {
  const [row] = await db
    .insert(outbox)
    .values({
      id: m.id ?? newId(),
      channel: m.channel,
      to: m.to,
      subject: m.subject ?? null,
      text: m.text,
      html: m.html ?? null,
      userId: m.userId ?? null,
      status: m.status,
      createdAt: m.at,
      updatedAt: m.at,
      sentAt: m.status === "logged" ? m.at : null,
      secretBody: m.secretBody ?? null,
      secretExpiresAt: m.secretExpiresAt ?? null,
    })
    .returning();
  return row;
}

/**
 * Claims a message for sending: only a pending one, or one whose previous sender's claim lapsed
 * (crashed worker). Returns null when another worker holds it or it is already sent or failed.
 */
export async function claimOutbox(db: Db, id: string, leaseSeconds: number): Promise<OutboxRow | null> {
  const rows = await db
    .update(outbox)
    .set({
      status: "sending",
      attempts: sql`${outbox.attempts} + 1`,
      lockedUntil: sql`now() + make_interval(secs => ${leaseSeconds})`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(outbox.id, id),
        or(
          eq(outbox.status, "pending"),
          and(eq(outbox.status, "sending"), lt(outbox.lockedUntil, sql`now()`)),
        ),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

export async function markOutboxSent(db: Db, id: string, providerId: string | null): Promise<void> {
  await db
    .update(outbox)
    .set({
      status: "sent",
      sentAt: sql`now()`,
      updatedAt: sql`now()`,
      lockedUntil: null,
      providerId,
      lastError: null,
      // Delivered: the one-time secret has left, the outbox keeps the redacted copy only.
      secretBody: null,
    })
    .where(eq(outbox.id, id));
}

export async function markOutboxFailed(
  db: Db,
  id: string,
  error: string,
  final: boolean,
  retryInSeconds: number,
): Promise<void> {
  await db
    .update(outbox)
    .set({
      status: final ? "failed" : "pending",
      lastError: error.slice(0, 1000),
      lockedUntil: null,
      updatedAt: sql`now()`,
      nextAttemptAt: final ? null : sql`now() + make_interval(secs => ${retryInSeconds})`,
      ...(final ? { secretBody: null } : {}),
    })
    .where(eq(outbox.id, id));
}

/** Pending messages whose delivery job was never enqueued or got lost, due for a (re)try. */
export async function overduePending(
  db: Db,
  channels: ("email" | "sms")[],
  graceSeconds: number,
  limit: number,
) {
  if (channels.length === 0) return [];
  return db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        inArray(outbox.channel, channels),
        or(
          and(
            eq(outbox.status, "pending"),
            lt(
              sql`coalesce(${outbox.nextAttemptAt}, ${outbox.createdAt})`,
              sql`now() - make_interval(secs => ${graceSeconds})`,
            ),
          ),
          and(eq(outbox.status, "sending"), lt(outbox.lockedUntil, sql`now()`)),
        ),
      ),
    )
    .orderBy(outbox.createdAt)
    .limit(limit);
}

/**
 * Erases the secret bodies whose time is up (`secret_expires_at` at or before `now`). A message
 * still waiting to be sent then can never be: it fails for good. Returns how many were erased.
 */
export async function eraseExpiredSecrets(db: Db, now: Date): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({
      secretBody: null,
      status: sql`case when ${outbox.status} in ('pending', 'sending') then 'failed' else ${outbox.status} end`,
      lastError: sql`case when ${outbox.status} in ('pending', 'sending')
        then 'not sent before its one-time secret expired' else ${outbox.lastError} end`,
      lockedUntil: null,
      nextAttemptAt: null,
      updatedAt: sql`now()`,
    })
    .where(and(isNotNull(outbox.secretBody), lte(outbox.secretExpiresAt, now)))
    .returning({ id: outbox.id });
  return rows.length;
}

export async function getOutbox(db: Db, id: string): Promise<OutboxRow | null> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row ?? null;
}

export interface OutboxEntry {
  id: string;
  channel: "email" | "sms";
  to: string;
  subject: string | null;
  /** As stored: a one-time secret in it reads "[redacted]". */
  text: string;
  html: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** The message carried a one-time secret (redacted in `text` and `html`). */
  carriedSecret: boolean;
  /** The envelope of the whole body, while the outbox still holds it (null once erased). */
  secretBody: string | null;
  secretExpiresAt: Date | null;
}

/** Outbox messages (optionally to one address, or one id), most recent first: for tests and operators. */
export async function listOutbox(
  db: Db,
  filter: { to?: string; id?: string; status?: string; limit?: number } = {},
): Promise<OutboxEntry[]> {
  const conds = [
    filter.to === undefined ? undefined : eq(outbox.to, filter.to),
    filter.id === undefined ? undefined : eq(outbox.id, filter.id),
    filter.status === undefined ? undefined : eq(outbox.status, filter.status),
  ];
  const rows = await db
    .select()
    .from(outbox)
    .where(and(...conds))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(filter.limit ?? 100);
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel as "email" | "sms",
    to: r.to,
    subject: r.subject,
    text: r.text,
    html: r.html,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
    carriedSecret: r.secretExpiresAt !== null,
    secretBody: r.secretBody,
    secretExpiresAt: r.secretExpiresAt,
  }));
}
