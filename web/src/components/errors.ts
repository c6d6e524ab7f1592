// Turns an ApiError into a sentence for the user, in the current language. Validation and conflict
// answers keep the server's message because it names the offending field.
import type { TFunction } from "i18next";
import { ApiError } from "../api/client.ts";

const FIELD_LABELS: Record<string, string> = {
  username: "fields.username",
  email: "fields.email",
  password: "fields.password",
  newPassword: "fields.newPassword",
  currentPassword: "fields.currentPassword",
  login: "fields.login",
  token: "fields.setupToken",
  inviteCode: "fields.inviteCode",
  totp: "fields.totp",
  code: "fields.totp",
  phoneNumber: "fields.phoneNumber",
  name: "fields.keyName",
  scopes: "fields.scopes",
  timezone: "fields.timezone",
  firstName: "fields.firstName",
  lastName: "fields.lastName",
  avatarUrl: "fields.avatarUrl",
};

/** "body.password: must be at least 8 characters" → "Password: must be at least 8 characters". */
export function humanizeFieldMessage(t: TFunction, message: string): string {
  const m = /^(?:body|query|params|querystring)\.([\w.[\]]+):\s*(.*)$/s.exec(message);
  if (!m) return message;
  const field = m[1].split(".")[0].replace(/\[.*$/, "");
  const key = FIELD_LABELS[field];
  // biome-ignore lint/suspicious/noExplicitAny: dynamic key chosen from a fixed table above
  const label = key ? (t as any)(key) : field;
  return `${label}: ${m[2]}`;
}

export function errorMessage(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) {
    return t("errors.unknown", { message: err instanceof Error ? err.message : String(err) });
  }
  switch (err.code) {
    case "validation":
      return t("errors.validation", { message: humanizeFieldMessage(t, err.message) });
    case "conflict":
      return t("errors.conflict", { message: humanizeFieldMessage(t, err.message) });
    case "csrf_failed":
      return t("errors.csrf");
    case "rate_limited":
      return err.retryAfter
        ? t("errors.rate_limited_after", { seconds: err.retryAfter })
        : t("errors.rate_limited");
    case "internal":
      return t("errors.internal", { requestId: err.requestId ?? "—" });
    case "unauthenticated":
    case "forbidden":
    case "not_found":
    case "network":
    case "invalid_credentials":
    case "sign_in_locked":
    case "invalid_token":
    case "invalid_code":
    case "mfa_required":
    case "account_pending":
    case "account_suspended":
    case "csrf":
    case "invalid_setup_token":
    case "already_set_up":
    case "registration_closed":
    case "invalid_invite":
    case "last_admin":
    case "mfa_already_enabled":
    case "mfa_not_enrolling":
    case "invalid_state":
      return t(`errors.${err.code}`);
    default:
      // Unknown code: the server's message is the best we have (it is written for people).
      return err.message || t("errors.unknown", { message: err.code });
  }
}
