// Messages between the server's thread (pglite-thread.ts) and the database's (pglite-worker.ts).

/** `tx` names an open transaction the statement runs in; without it, the database's own connection. */
export type Request = { seq: number } & (
  | {
      op: "query";
      tx?: number;
      text: string;
      params?: unknown[];
      rowMode?: "array" | "object";
      /** Type OIDs answered as their raw text (Drizzle's parsers are all the identity). */
      raw?: number[];
      blob?: Blob;
    }
  | { op: "exec"; tx?: number; text: string }
  | { op: "execInTransaction"; text: string }
  | { op: "begin" }
  | { op: "end"; tx: number; commit: boolean }
  | { op: "close" }
);

/** A database error's fields as PGlite gives them (code, detail, constraint, ...), message included. */
export type ErrorFields = { message: string; name?: string } & Record<string, unknown>;

export interface Reply {
  /** The request's `seq`; 0 is the worker's start-up report. */
  seq: number;
  result?: unknown;
  error?: ErrorFields;
}
