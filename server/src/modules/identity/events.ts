// Identity's auth and security events, written through the audit module (004 auth_logs, security_events).
// They are written on the pool, outside the verb's transaction: a failed sign-in rolls nothing back
// but must still be recorded.
import type { Ctx } from "../../platform/context.ts";

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
  | "email_verified"
  | "phone_verified"
  | "registered"
  | "account_deleted";

type AuthEventWriter = (
  ctx: Ctx,
  e: { userId: string | null; event: string; success: boolean; details?: object },
) => Promise<void>;
type SecurityEventWriter = (
  ctx: Ctx,
  e: {
    category: string;
    severity: "low" | "medium" | "high" | "critical";
    userId?: string | null;
    eventCode: string;
    isBlocked?: boolean;
    details?: object;
  },
) => Promise<void>;

let writers: { auth: AuthEventWriter; security: SecurityEventWriter } | null = null;

/** Connects the writers (the audit module's recordAuthEvent / recordSecurityEvent); set at registration. */
export function setEventWriters(w: { auth: AuthEventWriter; security: SecurityEventWriter }): void {
  writers = w;
}

/** Records an authentication event; never fails the request it describes. */
export async function authEvent(
  ctx: Ctx,
  userId: string | null,
  event: AuthEventName,
  success: boolean,
  details?: object,
): Promise<void> {
  if (!writers) return;
  try {
    await writers.auth(ctx, { userId, event, success, details });
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
  if (!writers) return;
  try {
    await writers.security(ctx, { category: e.category ?? "authentication", ...e });
  } catch (err) {
    ctx.log.error({ err, code: e.eventCode }, "could not record security event");
  }
}
