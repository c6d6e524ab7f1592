// All SQL of OpenID Connect sign-in: the identity.oauth_accounts links.
import { and, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { oauthAccounts } from "../schema-oidc.ts";

export type OauthAccountRow = typeof oauthAccounts.$inferSelect;

/** AAD of a link's encrypted token document: binds the ciphertext to its row. */
export const tokensAad = (id: string): string => `identity.oauth_accounts.tokens:${id}`;

export async function findLink(
  db: Db,
  provider: string,
  subject: string,
): Promise<OauthAccountRow | undefined> {
  const [row] = await db
    .select()
    .from(oauthAccounts)
    .where(and(eq(oauthAccounts.provider, provider), eq(oauthAccounts.subject, subject)));
  return row;
}

export async function findLinkForUser(
  db: Db,
  userId: string,
  provider: string,
): Promise<OauthAccountRow | undefined> {
  const [row] = await db
    .select()
    .from(oauthAccounts)
    .where(and(eq(oauthAccounts.userId, userId), eq(oauthAccounts.provider, provider)));
  return row;
}

export async function insertLink(db: Db, row: typeof oauthAccounts.$inferInsert): Promise<OauthAccountRow> {
  const [inserted] = await db.insert(oauthAccounts).values(row).returning();
  return inserted;
}

export async function updateLink(
  db: Db,
  id: string,
  patch: Partial<
    Pick<
      OauthAccountRow,
      "email" | "emailVerified" | "tokens" | "tokenExpiresAt" | "lastLoginAt" | "updatedAt"
    >
  >,
): Promise<void> {
  await db.update(oauthAccounts).set(patch).where(eq(oauthAccounts.id, id));
}

export async function listLinksForUser(db: Db, userId: string): Promise<OauthAccountRow[]> {
  return db.select().from(oauthAccounts).where(eq(oauthAccounts.userId, userId));
}
