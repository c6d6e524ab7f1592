// Turns an ApiError into a title and a sentence for the user, in the current language. Validation and
// conflict answers keep the server's message because it names the offending field.
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

/**
 * Every error code the API answers with (the server's typed errors, the HTTP edge's codes) and the
 * client's own `network`. Each has a title in `errors.titles` in both languages; a test compares this
 * list with the codes written in the server's source.
 */
export const KNOWN_ERROR_CODES = [
  // Any route
  "validation",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "rate_limited",
  "csrf_failed",
  "network",
  "bad_request",
  "method_not_allowed",
  "not_acceptable",
  "payload_too_large",
  "uri_too_long",
  "unsupported_media_type",
  "headers_too_large",
  "timeout",
  // Identity
  "invalid_credentials",
  "sign_in_locked",
  "invalid_token",
  "invalid_code",
  "mfa_required",
  "account_pending",
  "account_suspended",
  "invalid_setup_token",
  "already_set_up",
  "registration_closed",
  "invalid_invite",
  "last_admin",
  "mfa_already_enabled",
  "mfa_not_enrolling",
  "mfa_not_enabled",
  "invalid_state",
  "email_in_use",
  "username_taken",
  "reauthentication_required",
  // Market data providers
  "provider_unknown",
  "provider_disabled",
  "provider_not_found",
  "provider_rate_limited",
  "provider_bad_data",
  "provider_bad_request",
  "unavailable",
  // Portfolio
  "account_has_transactions",
  "ledger_inconsistent",
  "valuation_impossible",
  "no_demo_market_data",
  "vision_provider",
] as const;

export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];
const KNOWN = new Set<string>(KNOWN_ERROR_CODES);

/** Codes whose sentence is ours (errors.<code>); the others show the server's message. */
const OWN_MESSAGE = new Set<string>([
  "unauthenticated",
  "forbidden",
  "not_found",
  "network",
  "invalid_credentials",
  "sign_in_locked",
  "invalid_token",
  "invalid_code",
  "mfa_required",
  "account_pending",
  "account_suspended",
  "invalid_setup_token",
  "already_set_up",
  "registration_closed",
  "invalid_invite",
  "last_admin",
  "mfa_already_enabled",
  "mfa_not_enrolling",
  "mfa_not_enabled",
  "invalid_state",
  "email_in_use",
  "username_taken",
  "reauthentication_required",
  "payload_too_large",
]);

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

/**
 * The alert's title: what happened ("Wrong code", "Waiting for approval"), by the answer's code. Only
 * an unexpected error (a server fault, a code this app does not know, a bug) keeps the generic title.
 */
export function errorTitle(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError) || !KNOWN.has(err.code)) return t("errors.title");
  // A wrong password when confirming a change (403) is not a failed sign-in (401).
  if (err.code === "invalid_credentials" && err.status === 403) return t("errors.titles.wrong_password");
  return t(`errors.titles.${err.code as KnownErrorCode}`);
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
    case "csrf":
      return t("errors.csrf");
    case "rate_limited":
      return err.retryAfter
        ? t("errors.rate_limited_after", { seconds: err.retryAfter })
        : t("errors.rate_limited");
    case "internal":
      return t("errors.internal", { requestId: err.requestId ?? "—" });
    case "invalid_credentials":
      return err.status === 403 ? t("errors.wrong_password") : t("errors.invalid_credentials");
  }
  if (OWN_MESSAGE.has(err.code)) return t(`errors.${err.code}` as "errors.forbidden");
  // Any other code: the server's message is the best we have (it is written for people).
  return err.message || t("errors.unknown", { message: err.code });
}
