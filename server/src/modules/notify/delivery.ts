// Transports for the outbox: SMTP through nodemailer, SMS through Twilio's Messages API.
import type { Transporter } from "nodemailer";
import type { Config } from "../../config.ts";

export interface EmailMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

/** Sends one email; resolves with the server's message id, rejects when the server refuses or is down. */
export type EmailTransport = (msg: EmailMessage) => Promise<string | null>;

// nodemailer loads on the first email, not with every CLI command that declares the jobs.
const transporters = new Map<string, Promise<Transporter>>();

/** An SMTP transport for `SMTP_URL` (smtp:// or smtps://, credentials in the URL), or null when unset. */
export function smtpTransport(config: Config): EmailTransport | null {
  const url = config.SMTP_URL;
  if (!url) return null;
  let t = transporters.get(url);
  if (!t) {
    const u = new URL(url);
    // Short timeouts: a dead server fails the attempt quickly and the job retries later.
    for (const [k, v] of [
      ["connectionTimeout", "10000"],
      ["greetingTimeout", "10000"],
      ["socketTimeout", "30000"],
    ])
      if (!u.searchParams.has(k)) u.searchParams.set(k, v);
    const options = u.toString();
    t = import("nodemailer").then((m) => m.default.createTransport(options));
    transporters.set(url, t);
  }
  const transport = t;
  return async (msg) => {
    const info = await (await transport).sendMail({
      from: config.MAIL_FROM,
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
      html: msg.html ?? undefined,
      // The outbox id as Message-ID: a redelivery after a crash carries the same id, so receivers can dedupe.
      messageId: `<${msg.id}@bullpen>`,
    });
    return info.messageId ?? null;
  };
}

export class SmsProviderError extends Error {
  readonly status: number;
  /** 4xx other than 429 will fail the same way again. */
  readonly permanent: boolean;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
    this.permanent = status >= 400 && status < 500 && status !== 429;
  }
}

/**
 * Twilio Messages API: POST {SMS_API_URL}/2010-04-01/Accounts/{sid}/Messages.json, form-encoded
 * To/From/Body, HTTP basic auth with the account SID and auth token (SMS_API_KEY). Answers 201 with
 * the message resource; its `sid` becomes the outbox row's provider id.
 */
export async function sendTwilioSms(
  config: Config,
  msg: { to: string; text: string },
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const sid = config.SMS_ACCOUNT_SID;
  const token = config.SMS_API_KEY;
  if (!sid || !token)
    throw new SmsProviderError(0, "SMS_ACCOUNT_SID and SMS_API_KEY are required for SMS_PROVIDER=http");
  const base = (config.SMS_API_URL ?? "https://api.twilio.com").replace(/\/$/, "");
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`;
  const res = await fetchImpl(url, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams({ To: msg.to, From: config.SMS_FROM, Body: msg.text }).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await res.json().catch(() => ({}))) as {
    sid?: string;
    message?: string;
    code?: number;
    status?: string;
  };
  if (!res.ok) {
    throw new SmsProviderError(
      res.status,
      `SMS provider answered ${res.status}: ${body.message ?? "no message"} (code ${body.code ?? "?"})`,
    );
  }
  if (!body.sid) throw new SmsProviderError(res.status, "SMS provider answered without a message sid");
  return body.sid;
}
