// One-time secrets in outgoing messages (reset and verification tokens, SMS codes): the outbox keeps
// a redacted copy in the clear and the whole body sealed under the master key until it is delivered
// or its time is up (docs/security.md, "Secrets at rest").
import type { Keyring } from "../../platform/secrets.ts";

/** What stands in a stored or logged message for its one-time secret. */
export const REDACTED = "[redacted]";

/** The AAD of a message's sealed body: binds the envelope to its outbox row. */
export const OUTBOX_SECRET_AAD = (id: string): string => `notify.outbox.secret_body:${id}`;

/** How long a secret body is kept, undelivered, when the sender names no expiry. */
export const DEFAULT_SECRET_RETENTION_MS = 60 * 60_000;

export interface MessageBody {
  text: string;
  html: string | null;
}

/**
 * `text` with every occurrence of each secret (and of its URL-encoded form, as in a link) replaced by
 * REDACTED; longer secrets first, so one that contains another goes whole.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
  }
  let out = text;
  for (const f of [...forms].sort((a, b) => b.length - a.length)) out = out.split(f).join(REDACTED);
  return out;
}

/** The stored copy of a body (secrets redacted) and the envelope of the whole of it. */
export function sealBody(
  keyring: Keyring,
  id: string,
  body: MessageBody,
  secrets: readonly string[],
): { stored: MessageBody; secretBody: string } {
  return {
    stored: {
      text: redact(body.text, secrets),
      html: body.html === null ? null : redact(body.html, secrets),
    },
    secretBody: keyring.encrypt(JSON.stringify(body), OUTBOX_SECRET_AAD(id)),
  };
}

/** The whole body from its envelope. */
export function openBody(keyring: Keyring, id: string, secretBody: string): MessageBody {
  const body = JSON.parse(keyring.decrypt(secretBody, OUTBOX_SECRET_AAD(id))) as MessageBody;
  return { text: body.text, html: body.html ?? null };
}
