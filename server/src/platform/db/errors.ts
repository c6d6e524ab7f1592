// PostgreSQL error classes, recognised however the driver (pg, PGlite, Drizzle) wraps them.

/** The SQLSTATE of `err` or of an error it wraps (Drizzle wraps driver errors in `cause`). */
export function sqlState(err: unknown): string | null {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** True for a unique-constraint violation (23505). */
export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === "23505";
/** True for a foreign-key violation (23503): the row points at something that does not exist. */
export const isForeignKeyViolation = (err: unknown): boolean => sqlState(err) === "23503";
/** True for a check-constraint violation (23514). */
export const isCheckViolation = (err: unknown): boolean => sqlState(err) === "23514";
