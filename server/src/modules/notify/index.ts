// The notify module's one door.
import { desc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { outbox } from "./schema.ts";

export { sendTwilioSms, smtpTransport } from "./delivery.ts";
export { SWEEP_JOB } from "./jobs.ts";
export {
  DELIVER_JOB,
  type NotificationInput,
  notifyAdmins,
  notifyUser,
  sendEmail,
  sendSms,
} from "./service.ts";

export interface OutboxEntry {
  id: string;
  channel: "email" | "sms";
  to: string;
  subject: string | null;
  text: string;
  html: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** Outbox messages (optionally to one address), most recent first: for tests and operators. */
export async function listOutbox(
  db: Db,
  filter: { to?: string; limit?: number } = {},
): Promise<OutboxEntry[]> {
  const rows = await db
    .select()
    .from(outbox)
    .where(filter.to === undefined ? undefined : eq(outbox.to, filter.to))
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
  }));
}
