ALTER TABLE "notify"."outbox" ADD COLUMN "secret_body" text;--> statement-breakpoint
ALTER TABLE "notify"."outbox" ADD COLUMN "secret_expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_secret_expiry_idx" ON "notify"."outbox" USING btree ("secret_expires_at") WHERE "notify"."outbox"."secret_body" is not null;--> statement-breakpoint
-- Messages written before this version hold their one-time secrets in the clear: redact them (reset
-- and verification tokens, invite codes, SMS codes, and the same values in links).
UPDATE "notify"."outbox" SET
  "text" = regexp_replace(
    regexp_replace(
      regexp_replace("text", '([?&](token|invite)=)[^&\s]+', '\1[redacted]', 'g'),
      '(Reset token|Verification token|Invite code): \S+', '\1: [redacted]', 'g'),
    'verification code is \d+', 'verification code is [redacted]', 'g'),
  "html" = CASE WHEN "html" IS NULL THEN NULL ELSE
    regexp_replace("html", '([?&](amp;)?(token|invite)=)[^&\s"''<]+', '\1[redacted]', 'g') END
WHERE "text" ~ '([?&](token|invite)=|Reset token: |Verification token: |Invite code: |verification code is \d)'
   OR "html" ~ '[?&](amp;)?(token|invite)=';
