// The row ↔ transaction mapping keeps every type's facts, origin included, both ways.
import { describe, expect, it } from "vitest";
import { D, journal } from "../engine/test-builders.ts";
import type { Transaction } from "../engine/types.ts";
import { manualFingerprint, RowShapeError, type TransactionRow, toRow, toTransaction } from "./rows.ts";

const stored = (t: Transaction, fingerprint?: string): TransactionRow => {
  const r = toRow(t, { userId: "u1", seq: 3, note: "n", ...(fingerprint ? { fingerprint } : {}) });
  return {
    seq: 0,
    note: null,
    externalId: null,
    importRow: null,
    connectionId: null,
    importId: null,
    ...r,
    createdAt: new Date(),
    updatedAt: new Date(),
  } as TransactionRow;
};
const plain = (t: Transaction) => JSON.parse(JSON.stringify(t, (_k, v) => v));

describe("transaction rows", () => {
  const j = journal("acc", "KRW");
  j.buy("2024-01-02", "i1", 10, "100.5", { currency: "USD", fx: "1300.25", fee: "1.5" });
  j.sell("2024-01-03", "i1", 4, 110, {
    currency: "USD",
    fx: 1310,
    lots: [{ lotId: "acc-1", quantity: D(4) }],
  });
  j.short("2024-01-03", "i2", 1, 50);
  j.cover("2024-01-04", "i2", 1, 40);
  j.dividend("2024-01-05", "i1", "12.3", "1.845", { currency: "USD", fx: 1320 });
  j.interest("2024-01-06", "-3");
  j.fee("2024-01-06", 5, { instrumentId: "i1" });
  j.tax("2024-01-06", 7);
  j.deposit("2024-01-01", 1000000, { transferId: "t1" });
  j.withdrawal("2024-01-07", 1000);
  j.split("2024-01-08", "i1", 4);
  j.spinOff("2024-01-09", "i1", "i3", "0.5", "0.1");
  j.returnOfCapital("2024-01-10", "i1", 2, { currency: "USD", fx: 1300 });
  j.transferOut("2024-01-11", "i1", 2, "tr1");
  j.transferIn("2024-01-12", "i4", 3, "tr2", {
    currency: "USD",
    fx: 1300,
    lots: [{ quantity: 3, cost: 30, acquiredDate: "2020-01-01" }],
  });
  j.convert("2024-01-13", ["KRW", 130000, 1], ["USD", 100, 1300], { fee: 10 });

  it("round-trips every type through a row", () => {
    for (const t of j.rows) {
      const back = toTransaction(stored(t));
      // The builders write `fee: 0` and `transferId: undefined`; both are kept as the row says.
      const expected = plain(t);
      const got = plain(back);
      for (const k of Object.keys(expected)) expect(got[k], `${t.type}.${k}`).toEqual(expected[k]);
    }
  });

  it("keeps the origin: import row, sync id, paper account", () => {
    const [first] = j.rows as [Transaction];
    const imp = { ...first, origin: { kind: "import", importId: "imp-1", row: 7 } } as Transaction;
    const r = toRow(imp, { userId: "u", fingerprint: "f1" });
    expect([r.origin, r.importId, r.importRow]).toEqual(["import", "imp-1", 7]);
    expect(toTransaction(stored(imp, "f1")).origin).toEqual({ kind: "import", importId: "imp-1", row: 7 });
    const syn = { ...first, origin: { kind: "sync", connectionId: "c1", externalId: "x9" } } as Transaction;
    expect(toTransaction(stored(syn, "f2")).origin).toEqual(syn.origin);
    const pap = { ...first, origin: { kind: "paper", paperAccountId: "p1" } } as Transaction;
    expect(toTransaction(stored(pap, "f3")).origin).toEqual(pap.origin);
  });

  it("gives a manual row the manual fingerprint and asks one of the others", () => {
    const [first] = j.rows as [Transaction];
    expect(toRow(first, { userId: "u" }).fingerprint).toBe(manualFingerprint(first.id));
    const imp = { ...first, origin: { kind: "import", importId: "i", row: 1 } } as Transaction;
    expect(() => toRow(imp, { userId: "u" })).toThrow(/fingerprint/);
  });

  it("names the missing column of a malformed row", () => {
    const [first] = j.rows as [Transaction];
    const row = { ...stored(first), price: null };
    expect(() => toTransaction(row)).toThrow(RowShapeError);
    expect(() => toTransaction(row)).toThrow(/price/);
  });
});
