// Notify verbs: in-app notifications, preferences, and the email/SMS outbox.
import type { Ctx } from "../../platform/context.ts";
import { inTransaction } from "../../platform/db/index.ts";
import { NotFoundError, UnauthenticatedError } from "../../platform/errors.ts";
import * as repo from "./repository.ts";

export const DELIVER_JOB = "notify.deliver";

export interface NotificationInput {
  type: string;
  title: string;
  message: string;
  data?: Record<string, unknown>;
}

/** Built-in channel defaults when a user has no preference row. */
const DEFAULTS: Record<repo.Channel, boolean> = { in_app: true, email: false, sms: false, webhook: false };

function enabled(
  prefs: { type: string; channel: string; enabled: boolean }[],
  type: string,
  channel: repo.Channel,
) {
  const exact = prefs.find((p) => p.type === type && p.channel === channel);
  if (exact) return exact.enabled;
  const star = prefs.find((p) => p.type === "*" && p.channel === channel);
  return star ? star.enabled : DEFAULTS[channel];
}

/**
 * Creates an in-app notification for one user and fans it out to the channels their preferences
 * enable (email through the outbox), recording one `deliveries` row per channel. Runs in ctx's
 * transaction when there is one.
 */
export async function notifyUser(
  ctx: Ctx,
  input: NotificationInput & { userId: string },
): Promise<{ id: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const at = ctx.clock.now();
    const prefs = await repo.getPreferences(tx, input.userId);
    const inApp = enabled(prefs, input.type, "in_app");
    const row = await repo.insertNotification(tx, {
      userId: input.userId,
      type: input.type,
      title: input.title,
      message: input.message,
      data: input.data ?? {},
      at,
    });
    // Switched off in-app: kept for the record, but born read so it never counts as unread.
    if (!inApp) await repo.markRead(tx, input.userId, row.id, at);
    await repo.insertDelivery(tx, {
      notificationId: row.id,
      channel: "in_app",
      status: inApp ? "delivered" : "skipped",
      at,
    });
    if (enabled(prefs, input.type, "email")) {
      const contact = await repo.userContact(tx, input.userId);
      if (contact?.email) {
        const mail = await sendEmail(
          { ...ctx, db: tx },
          { to: contact.email, subject: input.title, text: input.message, userId: input.userId },
        );
        await repo.insertDelivery(tx, {
          notificationId: row.id,
          channel: "email",
          status: "queued",
          outboxId: mail.id,
          at,
        });
      } else {
        await repo.insertDelivery(tx, { notificationId: row.id, channel: "email", status: "skipped", at });
      }
    }
    return { id: row.id };
  });
}

/** Notifies every active administrator (e.g. a new account awaits approval). */
export async function notifyAdmins(ctx: Ctx, input: NotificationInput): Promise<{ ids: string[] }> {
  return inTransaction(ctx.db, async (tx) => {
    const admins = await repo.activeAdminIds(tx);
    const ids: string[] = [];
    for (const userId of admins) ids.push((await notifyUser({ ...ctx, db: tx }, { ...input, userId })).id);
    return { ids };
  });
}

async function enqueueDelivery(ctx: Ctx, id: string): Promise<void> {
  // Enqueued in the same transaction as the outbox row when the queue is up in this process; otherwise
  // the sweeper job picks the row up (within a minute or two).
  if (ctx.jobs?.isReady(DELIVER_JOB)) await ctx.jobs.send(DELIVER_JOB, { id }, { db: ctx.db });
}

/**
 * Queues an email: one outbox row written in ctx's transaction (so it exists only if the caller
 * commits) and a delivery job that sends it over SMTP with retries and backoff.
 */
export async function sendEmail(
  ctx: Ctx,
  msg: { to: string; subject: string; text: string; html?: string; userId?: string | null },
): Promise<{ id: string }> {
  const row = await repo.insertOutbox(ctx.db, {
    channel: "email",
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    html: msg.html ?? null,
    userId: msg.userId ?? null,
    status: "pending",
    at: ctx.clock.now(),
  });
  await enqueueDelivery(ctx, row.id);
  return { id: row.id };
}

/**
 * Queues a text message. With SMS_PROVIDER=log (default) it is recorded in the outbox as `logged`
 * and written to the log; with `http` a job posts it to the provider (Twilio's Messages API).
 */
export async function sendSms(
  ctx: Ctx,
  msg: { to: string; text: string; userId?: string | null },
): Promise<{ id: string }> {
  const logOnly = ctx.config.SMS_PROVIDER === "log";
  const row = await repo.insertOutbox(ctx.db, {
    channel: "sms",
    to: msg.to,
    text: msg.text,
    userId: msg.userId ?? null,
    status: logOnly ? "logged" : "pending",
    at: ctx.clock.now(),
  });
  if (logOnly)
    ctx.log.info({ outboxId: row.id, to: msg.to, text: msg.text }, "SMS (SMS_PROVIDER=log, not sent)");
  else await enqueueDelivery(ctx, row.id);
  return { id: row.id };
}

function actorId(ctx: Ctx): string {
  if (!ctx.actor) throw new UnauthenticatedError();
  return ctx.actor.userId;
}

export interface NotificationView {
  id: string;
  type: string;
  title: string;
  message: string;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

/** The actor's notifications (newest first, at most `limit`) and their unread count. */
export async function listNotifications({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { unread?: boolean; limit?: number };
}): Promise<{ notifications: NotificationView[]; unreadCount: number }> {
  const userId = actorId(ctx);
  const rows = await repo.listNotifications(ctx.db, userId, {
    unreadOnly: input.unread === true,
    limit: input.limit ?? 50,
  });
  return {
    notifications: rows.map((r) => ({
      id: r.id,
      type: r.type,
      title: r.title,
      message: r.message,
      data: r.data ?? {},
      readAt: r.readAt ? r.readAt.toISOString() : null,
      createdAt: r.createdAt.toISOString(),
    })),
    unreadCount: await repo.countUnread(ctx.db, userId),
  };
}

/** Marks one of the actor's notifications read; another user's id is simply not found. */
export async function markNotificationRead({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<void> {
  const ok = await repo.markRead(ctx.db, actorId(ctx), input.id, ctx.clock.now());
  if (!ok) throw new NotFoundError("Notification not found");
}

export async function markAllNotificationsRead({ ctx }: { ctx: Ctx }): Promise<{ updated: number }> {
  return { updated: await repo.markAllRead(ctx.db, actorId(ctx), ctx.clock.now()) };
}

export interface Preference {
  type: string;
  channel: repo.Channel;
  enabled: boolean;
}

export async function getPreferences({
  ctx,
}: {
  ctx: Ctx;
}): Promise<{ preferences: Preference[]; defaults: Record<repo.Channel, boolean> }> {
  const rows = await repo.getPreferences(ctx.db, actorId(ctx));
  return { preferences: rows as Preference[], defaults: DEFAULTS };
}

/** Upserts the actor's preferences ('*' type = default for that channel). */
export async function setPreferences({ ctx, input }: { ctx: Ctx; input: { preferences: Preference[] } }) {
  const userId = actorId(ctx);
  await inTransaction(ctx.db, async (tx) => {
    for (const p of input.preferences)
      await repo.upsertPreference(tx, {
        userId,
        type: p.type,
        channel: p.channel,
        enabled: p.enabled,
        at: ctx.clock.now(),
      });
  });
  return getPreferences({ ctx });
}
