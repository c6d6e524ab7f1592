// A ledger row's import fingerprint: what makes two rows "the same activity" for one account, so a
// re-imported file adds nothing and overlapping files for the same account import cleanly. It hashes
// the row's content (never its row number or file), plus an occurrence index that tells apart rows
// identical in every field within one file (two buys of 10 at the same price on the same day).
import { createHash } from "node:crypto";
import { Decimal } from "../../../platform/money.ts";

/** The content of a ledger row that identifies it. Numbers as decimal strings (any scale). */
export interface FingerprintContent {
  accountId: string;
  date: string;
  type: string;
  /** The instrument the row was matched to (its id), or the file's key for it when unmatched. */
  instrumentKey?: string | null;
  quantity?: string | null;
  price?: string | null;
  amount?: string | null;
  currency?: string | null;
  /** The broker's own id for the activity, when the file carries one. */
  externalId?: string | null;
}

const PLAIN = /^([+-]?)0*(\d+?)(?:\.(\d*?)0*)?$/;

/**
 * `1.50`, `1.5`, `+01.5` are one number: the shortest decimal text of a number (`-0` is `0`); text
 * that is not a plain decimal goes through Decimal, and text that is not a number is kept as written.
 */
export function canonicalNumber(v: string | null | undefined): string {
  if (v == null || v === "") return "";
  const m = PLAIN.exec(v);
  if (m) {
    const int = m[2] as string;
    const frac = m[3] ?? "";
    if (int === "0" && frac === "") return "0";
    return `${m[1] === "-" ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
  }
  try {
    return new Decimal(v).toString();
  } catch {
    return v;
  }
}

/** The canonical text the hash is taken of (unit separator between fields). */
export function fingerprintKey(c: FingerprintContent): string {
  return [
    c.accountId,
    c.date,
    c.type,
    c.instrumentKey ?? "",
    canonicalNumber(c.quantity),
    canonicalNumber(c.price),
    canonicalNumber(c.amount),
    (c.currency ?? "").toUpperCase(),
    c.externalId ?? "",
  ].join("\u001f");
}

/**
 * Fingerprints of a file's rows, in file order: the hash of each row's content and of how many rows
 * with the same content came before it in the file (`…#0`, `…#1`). Answers base64url of SHA-256.
 */
export function fingerprintRows(rows: readonly FingerprintContent[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const key = fingerprintKey(r);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash("sha256").update(`${key}\u001e${n}`).digest("base64url");
  });
}
