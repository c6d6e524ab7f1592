// Outbox delivery: one job per message, plus a sweeper for messages whose job never got enqueued and
// for one-time secrets past their retention.
import type { Logger } from "pino";
import type { Config } from "../../config.ts";
import type { Jobs } from "../../platform/jobs.ts";
import type { Platform } from "../../platform/platform.ts";
import { type EmailTransport, SmsProviderError, sendTwilioSms, smtpTransport } from "./delivery.ts";
import * as repo from "./repository.ts";
import { openBody } from "./secret-body.ts";
import { DELIVER_JOB } from "./service.ts";

export const SWEEP_JOB = "notify.outbox-sweep";
const LEASE_SECONDS = 120;

export interface DeliveryDeps {
  /** Overrides the SMTP transport built from SMTP_URL (tests point it at an in-process server via SMTP_URL instead). */
  email?: EmailTransport | null;
  fetch?: typeof fetch;
}

const warnedNoSmtp = new WeakSet<object>();

function noSmtp(config: Config, log: Logger) {
  if (warnedNoSmtp.has(config)) return;
  warnedNoSmtp.add(config);
  log.warn(
    "SMTP_URL is not set: emails are not sent; each is logged with its one-time secrets redacted and stays in the outbox (bullpen notify outbox, bullpen notify show <id>)",
  );
}

/** Registers delivery and sweeping on the platform's queue; idempotent handlers (at-least-once). */
export function registerNotifyJobs(
  platform: Pick<Platform, "jobs" | "config">,
  deps: DeliveryDeps = {},
): void {
  const { jobs, config } = platform;
  jobs.register<{ id: string }>(
    DELIVER_JOB,
    async (data, ctx) => {
      const current = await repo.getOutbox(ctx.db, data.id);
      if (!current) return;
      const email =
        current.channel === "email" ? (deps.email !== undefined ? deps.email : smtpTransport(config)) : null;
      if (current.channel === "email" && !email) {
        // The stored body: its one-time secrets read "[redacted]" (never written to a log).
        ctx.log.info(
          { outboxId: current.id, to: current.to, subject: current.subject, text: current.text },
          current.secretBody
            ? `email not sent (no SMTP_URL); see it whole with: bullpen notify show ${current.id}`
            : "email not sent (no SMTP_URL)",
        );
        noSmtp(config, ctx.log as Logger);
        return;
      }
      const row = await repo.claimOutbox(ctx.db, data.id, LEASE_SECONDS);
      if (!row) return; // sent, failed, logged, or another worker holds it
      if (row.secretExpiresAt && !row.secretBody) {
        // Its secret was erased (expired) before it could go: the redacted copy is not worth sending.
        await repo.markOutboxFailed(ctx.db, row.id, "not sent before its one-time secret expired", true, 0);
        return;
      }
      try {
        // The whole body, secrets included, exists only in memory while it is handed over.
        const body = row.secretBody
          ? openBody(ctx.keyring, row.id, row.secretBody)
          : { text: row.text, html: row.html };
        const providerId =
          row.channel === "email"
            ? await (email as EmailTransport)({
                id: row.id,
                to: row.to,
                subject: row.subject ?? "",
                text: body.text,
                html: body.html,
              })
            : await sendTwilioSms(config, { to: row.to, text: body.text }, deps.fetch);
        await repo.markOutboxSent(ctx.db, row.id, providerId);
        ctx.log.info({ outboxId: row.id, channel: row.channel }, "outbox message sent");
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const permanent = err instanceof SmsProviderError && err.permanent;
        const final = permanent || row.attempts >= config.EMAIL_MAX_ATTEMPTS;
        const retryIn = config.EMAIL_RETRY_DELAY_SECONDS * 2 ** Math.max(0, row.attempts - 1);
        await repo.markOutboxFailed(ctx.db, row.id, message, final, retryIn);
        if (final) {
          ctx.log.error(
            { outboxId: row.id, attempts: row.attempts, err: message },
            "outbox message failed for good",
          );
          return;
        }
        throw err; // pg-boss retries with backoff
      }
    },
    {
      retryLimit: config.EMAIL_MAX_ATTEMPTS - 1,
      retryDelaySeconds: config.EMAIL_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      retryDelayMaxSeconds: 3600,
      expireInSeconds: LEASE_SECONDS,
      concurrency: 2,
    },
  );

  jobs.register(SWEEP_JOB, async (_data, ctx) => {
    // One-time secrets kept for an undelivered message go when their time is up (docs/security.md).
    const erased = await repo.eraseExpiredSecrets(ctx.db, ctx.clock.now());
    if (erased) ctx.log.info({ count: erased }, "erased expired one-time secrets from the outbox");
    const channels: ("email" | "sms")[] = [];
    if (deps.email || config.SMTP_URL) channels.push("email");
    if (config.SMS_PROVIDER === "http") channels.push("sms");
    // Grace: a row whose job is waiting out its retry delay is left to that job.
    const rows = await repo.overduePending(ctx.db, channels, config.EMAIL_RETRY_DELAY_SECONDS * 4 + 60, 200);
    for (const r of rows) await ctx.jobs.send(DELIVER_JOB, { id: r.id });
    if (rows.length) ctx.log.info({ count: rows.length }, "re-enqueued overdue outbox messages");
  });
  void jobs.schedule(SWEEP_JOB, "* * * * *");
}

export type { Jobs };
