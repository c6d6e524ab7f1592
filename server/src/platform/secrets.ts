import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// Envelope encryption for secrets at rest (MFA secrets, OAuth tokens, broker credentials).
// Each value gets its own random data key (DEK); the DEK is wrapped by the master key (KEK).
// Rotating the master key re-wraps DEKs only. Format: v1.<kid>.<wrapped DEK>.<payload>,
// each part base64url of iv(12) | tag(16) | ciphertext. AAD binds a value to its row and column.

const VERSION = "v1";

export class SecretKeyError extends Error {}

function parseKey(text: string, source: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32)
    throw new SecretKeyError(`${source}: the key must be 32 bytes (64 hex digits or base64)`);
  return key;
}

const keyId = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]).toString("base64url");
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const buf = Buffer.from(sealed, "base64url");
  const d = createDecipheriv("aes-256-gcm", key, buf.subarray(0, 12));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(buf.subarray(12, 28));
  return Buffer.concat([d.update(buf.subarray(28)), d.final()]);
}

export class Keyring {
  readonly current: { id: string; key: Buffer };
  private readonly byId = new Map<string, Buffer>();

  constructor(current: Buffer, previous: Buffer[] = []) {
    this.current = { id: keyId(current), key: current };
    for (const k of [current, ...previous]) this.byId.set(keyId(k), k);
  }

  /** Encrypts a secret; `aad` names where it lives (e.g. "identity.users.mfa_secret:<id>"). */
  encrypt(plaintext: string, aad: string): string {
    const dek = randomBytes(32);
    const wrapped = seal(this.current.key, dek, `dek:${aad}`);
    return [VERSION, this.current.id, wrapped, seal(dek, Buffer.from(plaintext, "utf8"), aad)].join(".");
  }

  decrypt(envelope: string, aad: string): string {
    const [version, kid, wrapped, payload] = envelope.split(".");
    if (version !== VERSION || !kid || !wrapped || !payload)
      throw new SecretKeyError("not an encrypted value");
    const kek = this.byId.get(kid);
    if (!kek)
      throw new SecretKeyError(
        `value was encrypted with an unknown master key (${kid}); set BULLPEN_SECRET_KEY_PREVIOUS`,
      );
    const dek = open(kek, wrapped, `dek:${aad}`);
    return open(dek, payload, aad).toString("utf8");
  }

  /** Re-wraps the value's data key under the current master key; the payload is untouched. */
  rewrap(envelope: string, aad: string): string {
    const [version, kid, wrapped, payload] = envelope.split(".");
    if (kid === this.current.id) return envelope;
    const kek = this.byId.get(kid);
    if (version !== VERSION || !kek || !payload)
      throw new SecretKeyError(`cannot re-wrap a value under key ${kid}`);
    const dek = open(kek, wrapped, `dek:${aad}`);
    return [VERSION, this.current.id, seal(this.current.key, dek, `dek:${aad}`), payload].join(".");
  }

  /** True when the value is sealed with the current key. */
  isCurrent(envelope: string): boolean {
    return envelope.split(".")[1] === this.current.id;
  }

  /**
   * A 32-byte key for one purpose (HKDF-SHA256 of the master key, `purpose` as the info): for MACs
   * that nobody with only the database can compute or check. It changes when the master key does.
   */
  derive(purpose: string): Buffer {
    return derived(this.current.key, purpose);
  }

  /** The purpose's key under the current master key, then under each previous one (to check older MACs). */
  deriveAll(purpose: string): Buffer[] {
    return [this.current.key, ...[...this.byId.values()].filter((k) => k !== this.current.key)].map((k) =>
      derived(k, purpose),
    );
  }
}

const derived = (key: Buffer, purpose: string): Buffer =>
  Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `bullpen:${purpose}`, 32));

export interface KeySource {
  keyring: Keyring;
  /** Human-readable origin for the start-up log. */
  origin: string;
  generated: boolean;
}

const KEY_FILE = "secret.key";
const PREVIOUS_KEY_FILE = "secret.key.previous";

/**
 * The master key comes from BULLPEN_SECRET_KEY; in embedded mode without it, from a key file
 * in the data directory, generated once with mode 0600. A PostgreSQL server shared by several
 * processes needs the key in the environment so that they all agree.
 */
export function loadKeyring(opts: {
  envKey?: string;
  envPreviousKey?: string;
  dataDir: string;
  embedded: boolean;
}): KeySource {
  const previous: Buffer[] = [];
  if (opts.envPreviousKey) previous.push(parseKey(opts.envPreviousKey, "BULLPEN_SECRET_KEY_PREVIOUS"));
  if (opts.envKey) {
    return {
      keyring: new Keyring(parseKey(opts.envKey, "BULLPEN_SECRET_KEY"), previous),
      origin: "BULLPEN_SECRET_KEY",
      generated: false,
    };
  }
  if (!opts.embedded) {
    throw new SecretKeyError(
      "BULLPEN_SECRET_KEY is required with DATABASE_URL (every process must share it). Generate one with: openssl rand -hex 32",
    );
  }
  const path = join(opts.dataDir, KEY_FILE);
  let generated = false;
  if (!existsSync(path)) {
    writeFileSync(path, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    generated = true;
  }
  chmodSync(path, 0o600);
  const prevPath = join(opts.dataDir, PREVIOUS_KEY_FILE);
  if (existsSync(prevPath)) previous.push(parseKey(readFileSync(prevPath, "utf8"), prevPath));
  return {
    keyring: new Keyring(parseKey(readFileSync(path, "utf8"), path), previous),
    origin: path,
    generated,
  };
}

/**
 * For `bullpen secrets rotate` in embedded mode: makes a fresh key file current and keeps the old
 * one as secret.key.previous, so values not yet re-wrapped still open.
 */
export function rotateKeyFile(dataDir: string): void {
  const path = join(dataDir, KEY_FILE);
  const next = `${path}.next`;
  writeFileSync(next, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  if (existsSync(path)) renameSync(path, join(dataDir, PREVIOUS_KEY_FILE));
  renameSync(next, path);
}

/** A column holding envelopes; modules list theirs in their runtime so rotation finds every secret. */
export interface EncryptedColumn {
  /** schema.table, e.g. "identity.users". */
  table: string;
  idColumn: string;
  column: string;
  /** The AAD the module used when encrypting: must be derivable from the row id. */
  aad: (id: string) => string;
}
