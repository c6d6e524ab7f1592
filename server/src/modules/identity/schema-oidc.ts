import { boolean, customType, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts, updatedAt } from "../../platform/db/columns.ts";
import { identitySchema, users } from "./schema.ts";

const citext = customType<{ data: string }>({ dataType: () => "citext" });

/**
 * 004 oauth_accounts: a user's link to an OpenID Connect provider account, keyed by the
 * provider's stable subject. `tokens` is one envelope-encrypted JSON document
 * (AAD "identity.oauth_accounts.tokens:<id>"), registered for key rotation.
 */
export const oauthAccounts = identitySchema.table(
  "oauth_accounts",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    subject: text("subject").notNull(),
    email: citext("email"),
    emailVerified: boolean("email_verified").notNull().default(false),
    tokens: text("tokens"),
    tokenExpiresAt: ts("token_expires_at"),
    lastLoginAt: ts("last_login_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("oauth_accounts_provider_subject_key").on(t.provider, t.subject),
    // One link per provider per user; also serves lookups by user.
    uniqueIndex("oauth_accounts_user_provider_key").on(t.userId, t.provider),
  ],
);
