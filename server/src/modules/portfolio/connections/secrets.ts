// Where a connection's credentials live, for envelope encryption: the AAD binds the ciphertext to its
// row, so a value copied onto another connection does not decrypt.
export const credentialsAad = (id: string) => `portfolio.broker_connections.credentials:${id}`;

/** The last four characters of the key that identifies the credentials, for the user to recognise. */
export function credentialHint(credentials: Record<string, unknown>): string {
  const key = String(credentials.keyId ?? credentials.token ?? "");
  return key.length <= 4 ? "…" : `…${key.slice(-4)}`;
}
