// Identity's auth and security events, written through the audit module (004 auth_logs, security_events).
// A failure's events are written on the pool, outside any transaction, before the error is thrown: a
// failed sign-in rolls nothing back but must still be recorded. A success's events are written in
// the transaction of the change they describe (a verb's step), so they commit with it.
import type { Ctx } from "../../platform/context.ts";
import { recordAuthEvent, recordSecurityEvent } from "../audit/index.ts";

export type AuthEventName =
  | "login_success"
  | "login_failure"
  | "logout"
  | "session_revoked"
  | "sessions_revoked_all"
  | "password_changed"
  | "password_reset_requested"
  | "password_reset"
  | "mfa_enrolled"
  | "mfa_enabled"
  | "mfa_disabled"
  | "mfa_failure"
  | "mfa_reset"
  | "recovery_code_used"
  | "recovery_codes_regenerated"
  | "email_verified"
  | "phone_verified"
  | "registered"
  | "registration_email_taken"
  | "account_deleted";

/** Records an authentication event; never fails the request it describes. */
export async function authEvent(
  ctx: Ctx,
  userId: string | null,
  event: AuthEventName,
  success: boolean,
  details?: object,
): Promise<void> {
  try {
    await recordAuthEvent(ctx, { userId, event, success, details });
  } catch (err) {
    ctx.log.error({ err, event }, "could not record auth event");
  }
}

/** Records a security event (rate-limit trips, throttled accounts, failed MFA, CSRF rejections). */
export async function securityEvent(
  ctx: Ctx,
  e: {
    eventCode: string;
    severity: "low" | "medium" | "high" | "critical";
    userId?: string | null;
    isBlocked?: boolean;
    details?: object;
    category?: string;
  },
): Promise<void> {
  try {
    await recordSecurityEvent(ctx, { ...e, category: e.category ?? "authentication" });
  } catch (err) {
    ctx.log.error({ err, code: e.eventCode }, "could not record security event");
  }
}
