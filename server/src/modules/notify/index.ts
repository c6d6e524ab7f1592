// The notify module's one door.

export { sendTwilioSms, smtpTransport } from "./delivery.ts";
export { SWEEP_JOB } from "./jobs.ts";
export type { OutboxEntry } from "./repository.ts";
export { REDACTED } from "./secret-body.ts";
export {
  DELIVER_JOB,
  listOutbox,
  listOutboxMessages,
  type NotificationInput,
  notifyAdmins,
  notifyUser,
  type OutboxMessage,
  revealOutboxMessage,
  sendEmail,
  sendSms,
} from "./service.ts";
