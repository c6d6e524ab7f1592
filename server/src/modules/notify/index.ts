// The notify module's one door.

export { sendTwilioSms, smtpTransport } from "./delivery.ts";
export { SWEEP_JOB } from "./jobs.ts";
export { listOutbox, type OutboxEntry } from "./repository.ts";
export {
  DELIVER_JOB,
  type NotificationInput,
  notifyAdmins,
  notifyUser,
  sendEmail,
  sendSms,
} from "./service.ts";
