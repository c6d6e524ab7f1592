// Notify verbs: in-app notifications, preferences, and the email/SMS outbox, each `verb({ ctx, input })`.
import { z } from "zod";
import type { Ctx } from "../../platform/context.ts";
import type { Db } from "../../platform/db/index.ts";
import { NotFoundError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Keyring } from "../../platform/secrets.ts";
import { defineVerb } from "../../platform/verb.ts";
import { idParams, preferencesBody } from "./contracts.ts";
import * as repo from "./repository.ts";
import { DEFAULT_SECRET_RETENTION_MS, type MessageBody, openBody, sealBody } from "./secret-body.ts";

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

const notificationInput = z.object({
  type: z.string().min(1).max(100),
  title: z.string().min(1).max(300),
  message: z.string().max(5000),
  data: z.record(z.string(), z.unknown()).optional(),
});
const userNotificationInput = notificationInput.extend({ userId: z.uuid() });

/**
 * Creates an in-app notification for one user and fans it out to the channels their preferences
 * enable (email through the outbox), recording one `deliveries` row per channel. Runs in ctx's
 * transaction when there is one. Other modules call it for their own events (access `public`: the
 * calling verb has already decided who may cause the notification).
 */
export const notifyUser = defineVerb({
  name: "notify.notifyUser",
  access: "public",
  input: userNotificationInput,
  write: true,
  run: async ({ ctx, input }): Promise<{ id: string }> => {
    const at = ctx.clock.now();
    const prefs = await repo.getPreferences(ctx.db, input.userId);
    const inApp = enabled(prefs, input.type, "in_app");
    const row = await repo.insertNotification(ctx.db, {
      userId: input.userId,
      type: input.type,
      title: input.title,
      message: input.message,
      data: input.data ?? {},
      at,
    });
    // Switched off in-app: kept for the record, but born read so it never counts as unread.
    if (!inApp) await repo.markRead(ctx.db, input.userId, row.id, at);
    await repo.insertDelivery(ctx.db, {
      notificationId: row.id,
      channel: "in_app",
      status: inApp ? "delivered" : "skipped",
      at,
    });
    if (enabled(prefs, input.type, "email")) {
      const contact = await repo.userContact(ctx.db, input.userId);
      if (contact?.email) {
        const mail = await sendEmail({
          ctx,
          input: { to: contact.email, subject: input.title, text: input.message, userId: input.userId },
        });
        await repo.insertDelivery(ctx.db, {
          notificationId: row.id,
          channel: "email",
          status: "queued",
          outboxId: mail.id,
          at,
        });
      } else {
        await repo.insertDelivery(ctx.db, {
          notificationId: row.id,
          channel: "email",
          status: "skipped",
          at,
        });
      }
    }
    return { id: row.id };
  },
});

/** Notifies every active administrator (e.g. a new account awaits approval). */
export const notifyAdmins = defineVerb({
  name: "notify.notifyAdmins",
  access: "public",
  input: notificationInput,
  write: true,
  run: async ({ ctx, input }): Promise<{ ids: string[] }> => {
    const ids: string[] = [];
    for (const userId of await repo.activeAdminIds(ctx.db))
      ids.push((await notifyUser({ ctx, input: { ...input, userId } })).id);
    return { ids };
  },
});

async function enqueueDelivery(ctx: Ctx, id: string): Promise<void> {
  // Enqueued in the same transaction as the outbox row when the queue is up in this process; otherwise
  // the sweeper job picks the row up (within a minute or two).
  if (ctx.jobs.isReady(DELIVER_JOB)) await ctx.jobs.send(DELIVER_JOB, { id }, { db: ctx.db });
}

/**
 * What a message carries that must not stay readable: each value (and its URL-encoded form) is
 * stored and logged as "[redacted]", and the whole body is kept sealed under the master key only
 * until it is delivered, fails for good or `secretExpiresAt` (default: one hour) passes.
 */
const secretFields = {
  secrets: z.array(z.string().min(1)).max(10).optional(),
  secretExpiresAt: z.date().optional(),
};

/** The outbox columns of a body: as is, or redacted plus its sealed whole when it carries secrets. */
function outboxBody(
  ctx: Ctx,
  id: string,
  body: MessageBody,
  input: { secrets?: string[]; secretExpiresAt?: Date },
): MessageBody & { secretBody: string | null; secretExpiresAt: Date | null } {
  const secrets = input.secrets ?? [];
  if (secrets.length === 0) return { ...body, secretBody: null, secretExpiresAt: null };
  const { stored, secretBody } = sealBody(ctx.keyring, id, body, secrets);
  const expiresAt =
    input.secretExpiresAt ?? new Date(ctx.clock.now().getTime() + DEFAULT_SECRET_RETENTION_MS);
  return { ...stored, secretBody, secretExpiresAt: expiresAt };
}

/**
 * Queues an email: one outbox row written in ctx's transaction (so it exists only if the caller
 * commits) and a delivery job that sends it over SMTP with retries and backoff.
 */
export const sendEmail = defineVerb({
  name: "notify.sendEmail",
  access: "public",
  input: z.object({
    to: z.string().min(3).max(320),
    subject: z.string().max(300),
    text: z.string(),
    html: z.string().optional(),
    userId: z.uuid().nullish(),
    ...secretFields,
  }),
  write: true,
  run: async ({ ctx, input }): Promise<{ id: string }> => {
    const id = newId();
    const row = await repo.insertOutbox(ctx.db, {
      id,
      channel: "email",
      to: input.to,
      subject: input.subject,
      ...outboxBody(ctx, id, { text: input.text, html: input.html ?? null }, input),
      userId: input.userId ?? null,
      status: "pending",
      at: ctx.clock.now(),
    });
    await enqueueDelivery(ctx, row.id);
    return { id: row.id };
  },
});

/**
 * Queues a text message. With SMS_PROVIDER=log (default) it is recorded in the outbox as `logged`
 * and written to the log with its secrets redacted (`bullpen notify show <id>` shows it whole while
 * the outbox holds it); with `http` a job posts it to the provider (Twilio's Messages API).
 */
export const sendSms = defineVerb({
  name: "notify.sendSms",
  access: "public",
  input: z.object({
    to: z.string().min(1).max(32),
    text: z.string(),
    userId: z.uuid().nullish(),
    ...secretFields,
  }),
  write: true,
  run: async ({ ctx, input }): Promise<{ id: string }> => {
    const logOnly = ctx.config.SMS_PROVIDER === "log";
    const id = newId();
    const body = outboxBody(ctx, id, { text: input.text, html: null }, input);
    const row = await repo.insertOutbox(ctx.db, {
      id,
      channel: "sms",
      to: input.to,
      ...body,
      userId: input.userId ?? null,
      status: logOnly ? "logged" : "pending",
      at: ctx.clock.now(),
    });
    if (logOnly)
      ctx.log.info(
        { outboxId: row.id, to: input.to, text: body.text },
        `SMS not sent (SMS_PROVIDER=log)${body.secretBody ? `; see it whole with: bullpen notify show ${row.id}` : ""}`,
      );
    else await enqueueDelivery(ctx, row.id);
    return { id: row.id };
  },
});

/**
 * Outbox messages as stored (secrets redacted), newest first. With a keyring, each message whose
 * secret body the outbox still holds comes whole, as it was sent: for tests and `bullpen notify show`.
 */
export async function listOutbox(
  db: Db,
  filter: { to?: string; id?: string; limit?: number; keyring?: Keyring } = {},
): Promise<repo.OutboxEntry[]> {
  const rows = await repo.listOutbox(db, filter);
  const { keyring } = filter;
  if (!keyring) return rows;
  return rows.map((r) => (r.secretBody ? { ...r, ...openBody(keyring, r.id, r.secretBody) } : r));
}

export interface OutboxMessage {
  id: string;
  channel: "email" | "sms";
  to: string;
  subject: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  text: string;
  html: string | null;
  /**
   * `none`: the message carried no secret; `shown`: the body is whole (only from `revealOutboxMessage`);
   * `redacted`: its secret is in the outbox but not shown; `erased`: delivered, failed or expired.
   */
  secret: "none" | "shown" | "redacted" | "erased";
  secretExpiresAt: string | null;
}

const outboxView = (r: repo.OutboxEntry, secret: OutboxMessage["secret"]): OutboxMessage => ({
  id: r.id,
  channel: r.channel,
  to: r.to,
  subject: r.subject,
  status: r.status,
  attempts: r.attempts,
  lastError: r.lastError,
  createdAt: r.createdAt.toISOString(),
  sentAt: r.sentAt ? r.sentAt.toISOString() : null,
  text: r.text,
  html: r.html,
  secret,
  secretExpiresAt: r.secretExpiresAt ? r.secretExpiresAt.toISOString() : null,
});

const secretState = (r: repo.OutboxEntry): OutboxMessage["secret"] =>
  !r.carriedSecret ? "none" : r.secretBody ? "redacted" : "erased";

/** The operator (`bullpen notify outbox`): recent outbox messages, secrets redacted. */
export const listOutboxMessages = defineVerb({
  name: "notify.listOutboxMessages",
  access: "local",
  input: z.object({
    to: z.string().min(1).max(320).optional(),
    status: z.enum(["pending", "sending", "sent", "failed", "logged"]).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }),
  run: async ({ ctx, input }): Promise<OutboxMessage[]> => {
    const rows = await repo.listOutbox(ctx.db, { ...input, limit: input.limit ?? 20 });
    return rows.map((r) => outboxView(r, secretState(r)));
  },
});

/**
 * The operator (`bullpen notify show <id>`): one message whole, its secret included while the outbox
 * still holds it (a server without SMTP, SMS_PROVIDER=log). Showing a secret is audited.
 */
export const revealOutboxMessage = defineVerb({
  name: "notify.revealOutboxMessage",
  access: "local",
  input: idParams,
  write: true,
  run: async ({ ctx, input }): Promise<OutboxMessage> => {
    const [row] = await repo.listOutbox(ctx.db, { id: input.id, limit: 1 });
    if (!row) throw new NotFoundError("No outbox message with that id");
    if (!row.secretBody) return outboxView(row, secretState(row));
    return outboxView({ ...row, ...openBody(ctx.keyring, row.id, row.secretBody) }, "shown");
  },
  audit: ({ input, result }) =>
    result.secret === "shown"
      ? {
          eventType: "security",
          action: "notify.outbox.reveal",
          resourceType: "outbox_message",
          resourceId: input.id,
          severity: "warning",
          newValues: { channel: result.channel, to: result.to, status: result.status },
        }
      : null,
});

export interface NotificationView {
  id: string;
  type: string;
  title: string;
  message: string;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

const view = (r: repo.NotificationRow): NotificationView => ({
  id: r.id,
  type: r.type,
  title: r.title,
  message: r.message,
  data: r.data ?? {},
  readAt: r.readAt ? r.readAt.toISOString() : null,
  createdAt: r.createdAt.toISOString(),
});

/** The actor's notifications (newest first, at most `limit`) and their unread count. */
export const listNotifications = defineVerb({
  name: "notify.listNotifications",
  access: "user",
  input: z.object({ unread: z.boolean().optional(), limit: z.number().int().min(1).max(200).optional() }),
  run: async ({ ctx, input, actor }): Promise<{ notifications: NotificationView[]; unreadCount: number }> => {
    const rows = await repo.listNotifications(ctx.db, actor.userId, {
      unreadOnly: input.unread === true,
      limit: input.limit ?? 50,
    });
    return { notifications: rows.map(view), unreadCount: await repo.countUnread(ctx.db, actor.userId) };
  },
});

/**
 * Marks one of the actor's notifications read; another user's id is simply not found. A harmless
 * write, but still a write: API keys need the "trade" scope.
 */
export const markNotificationRead = defineVerb({
  name: "notify.markNotificationRead",
  access: "user",
  input: idParams,
  write: true,
  run: async ({ ctx, input, actor }): Promise<void> => {
    const ok = await repo.markRead(ctx.db, actor.userId, input.id, ctx.clock.now());
    if (!ok) throw new NotFoundError("Notification not found");
  },
});

export const markAllNotificationsRead = defineVerb({
  name: "notify.markAllNotificationsRead",
  access: "user",
  write: true,
  run: async ({ ctx, actor }): Promise<{ updated: number }> => ({
    updated: await repo.markAllRead(ctx.db, actor.userId, ctx.clock.now()),
  }),
});

export interface Preference {
  type: string;
  channel: repo.Channel;
  enabled: boolean;
}
type Preferences = { preferences: Preference[]; defaults: Record<repo.Channel, boolean> };

export const getPreferences = defineVerb({
  name: "notify.getPreferences",
  access: "user",
  run: async ({ ctx, actor }): Promise<Preferences> => {
    const rows = await repo.getPreferences(ctx.db, actor.userId);
    return { preferences: rows as Preference[], defaults: DEFAULTS };
  },
});

/** Upserts the actor's preferences ('*' type = default for that channel). */
export const setPreferences = defineVerb({
  name: "notify.setPreferences",
  access: "user",
  input: preferencesBody,
  write: true,
  run: async ({ ctx, input, actor }): Promise<Preferences> => {
    for (const p of input.preferences)
      await repo.upsertPreference(ctx.db, {
        userId: actor.userId,
        type: p.type,
        channel: p.channel,
        enabled: p.enabled,
        at: ctx.clock.now(),
      });
    return getPreferences({ ctx, input: undefined });
  },
});
