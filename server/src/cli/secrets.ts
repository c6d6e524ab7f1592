// `bullpen secrets rotate`: puts every registered encrypted column under a new master key.
import { existsSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { recordAudit } from "../modules/audit/index.ts";
import type { Ctx } from "../platform/context.ts";
import { inTransaction } from "../platform/db/index.ts";
import { type EncryptedColumn, type Keyring, loadKeyring, rotateKeyFile } from "../platform/secrets.ts";
import { CliError, type CliPlatform } from "./kit.ts";

export interface RotationReport {
  /** "key-file" when the embedded key file was replaced, "env" when BULLPEN_SECRET_KEY was. */
  mode: "key-file" | "env";
  keyId: string;
  columns: { table: string; column: string; rows: number; rewrapped: number }[];
}

const IDENT = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/** Re-wraps every envelope in every registered column under `keyring.current`, in one transaction. */
async function rewrapAll(
  ctx: Ctx,
  columns: readonly EncryptedColumn[],
  keyring: Keyring,
): Promise<RotationReport["columns"]> {
  return inTransaction(ctx.db, async (tx) => {
    const out: RotationReport["columns"] = [];
    for (const c of columns) {
      for (const name of [c.table, c.idColumn, c.column])
        if (!IDENT.test(name))
          throw new CliError(`refusing odd identifier in encrypted column registry: ${name}`);
      const table = sql.raw(
        c.table
          .split(".")
          .map((p) => `"${p}"`)
          .join("."),
      );
      const id = sql.raw(`"${c.idColumn}"`);
      const col = sql.raw(`"${c.column}"`);
      const result = await tx.execute(
        sql`select ${id}::text as id, ${col} as value from ${table} where ${col} is not null for update`,
      );
      const rows = (result as unknown as { rows: { id: string; value: string }[] }).rows;
      let rewrapped = 0;
      for (const r of rows) {
        if (keyring.isCurrent(r.value)) continue;
        const next = keyring.rewrap(r.value, c.aad(r.id));
        await tx.execute(sql`update ${table} set ${col} = ${next} where ${id}::text = ${r.id}`);
        rewrapped++;
      }
      out.push({ table: c.table, column: c.column, rows: rows.length, rewrapped });
    }
    // Written with the keyring being rotated to: the audit chain's key is one of the values re-wrapped.
    await recordAudit(
      { ...ctx, db: tx, keyring },
      {
        eventType: "security",
        action: "secrets.rotate",
        resourceType: "master_key",
        resourceId: keyring.current.id,
        severity: "warning",
        newValues: { via: "cli", keyId: keyring.current.id, columns: out },
      },
    );
    return out;
  });
}

/**
 * Embedded mode (key file in the data directory): a fresh key file becomes current, the old one is
 * kept as secret.key.previous until every value is re-wrapped, then removed. If a previous run was
 * interrupted (secret.key.previous still there), no new key is made: the run finishes the old one,
 * so running the command twice never strands a value.
 *
 * Environment mode: the operator sets BULLPEN_SECRET_KEY to the new key and
 * BULLPEN_SECRET_KEY_PREVIOUS to the old one; this re-wraps everything under the new key.
 */
export async function rotateSecrets(
  platform: CliPlatform,
  ctx: Ctx,
  columns: readonly EncryptedColumn[],
): Promise<RotationReport> {
  const { config } = platform;
  if (config.BULLPEN_SECRET_KEY) {
    if (!config.BULLPEN_SECRET_KEY_PREVIOUS)
      throw new CliError(
        "With BULLPEN_SECRET_KEY, rotation needs the old key too: set BULLPEN_SECRET_KEY to the new key " +
          "and BULLPEN_SECRET_KEY_PREVIOUS to the old one, then run `bullpen secrets rotate` again.",
      );
    const rewrapped = await rewrapAll(ctx, columns, platform.keyring);
    return { mode: "env", keyId: platform.keyring.current.id, columns: rewrapped };
  }
  if (platform.database.kind !== "pglite")
    throw new CliError("BULLPEN_SECRET_KEY is required with DATABASE_URL");
  const previousFile = join(config.dataDir, "secret.key.previous");
  if (!existsSync(previousFile)) rotateKeyFile(config.dataDir);
  const { keyring } = loadKeyring({ dataDir: config.dataDir, embedded: true });
  const rewrapped = await rewrapAll(ctx, columns, keyring);
  // Everything now opens with the current key; the old one is no longer needed.
  unlinkSync(previousFile);
  return { mode: "key-file", keyId: keyring.current.id, columns: rewrapped };
}
