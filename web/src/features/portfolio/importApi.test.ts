// The import wizard's request parts: the upload form carries the options given and the file; a staged
// row is told in a few words from what it becomes in the ledger (or what the file said).
import { describe, expect, it } from "vitest";
import {
  type Columns,
  cleanMapping,
  describeRow,
  initialMapping,
  mappingProblem,
  type StagedRow,
  uploadForm,
} from "./importApi.ts";

const row = (over: Partial<StagedRow>): StagedRow => ({
  row: 2,
  status: "ok",
  activity: null,
  matchedBy: null,
  ledger: null,
  errors: [],
  warnings: [],
  ...over,
});
const ledger = {
  type: "buy",
  tradeDate: "2024-01-03",
  seq: 0,
  instrumentId: "i1",
  quantity: "2",
  price: "370",
  amount: null,
  fee: null,
  withholdingTax: null,
  currency: "USD",
  fxRate: "1",
  ratio: null,
  transferId: null,
  toCurrency: null,
  toAmount: null,
  toFxRate: null,
  externalId: null,
  note: null,
  fingerprint: "f",
};

describe("the import's requests", () => {
  it("sends the options given, leaves out the empty ones, the file last", async () => {
    const file = new Blob(["a,b\n1,2\n"], { type: "text/csv" });
    const form = uploadForm(file, "t212.csv", {
      accountId: "acc",
      broker: "",
      decimal: ",",
      dateOrder: undefined,
    });
    expect([...form.keys()]).toEqual(["accountId", "decimal", "file"]);
    expect(form.get("accountId")).toBe("acc");
    const sent = form.get("file") as File;
    expect(sent.name).toBe("t212.csv");
    expect(await sent.text()).toBe("a,b\n1,2\n");
  });

  it("tells a row by its ledger entry, else by what the file said", () => {
    const name = (t: string) => t.toUpperCase();
    expect(describeRow(row({ ledger, activity: { symbol: "MSFT" } }), name)).toBe("BUY 2 MSFT @ 370 USD");
    expect(
      describeRow(
        row({ ledger: { ...ledger, type: "deposit", quantity: null, price: null, amount: "1000" } }),
        name,
      ),
    ).toBe("DEPOSIT 1000 USD");
    expect(
      describeRow(
        row({ status: "error", activity: { type: "buy", isin: "US5949181045", price: "370" } }),
        name,
      ),
    ).toBe("BUY US5949181045 @ 370");
    expect(
      describeRow(
        row({
          ledger: {
            ...ledger,
            type: "conversion",
            quantity: null,
            price: null,
            amount: "10",
            toAmount: "9.1",
            toCurrency: "EUR",
          },
        }),
        name,
      ),
    ).toBe("CONVERSION 10 USD → 9.1 EUR");
    expect(describeRow(row({}), name)).toBe("");
  });
});

describe("the mapping step's rules", () => {
  const cols = (over: Partial<Columns> = {}): Columns => ({
    detected: null,
    headers: ["Datum", "Art", "Stück"],
    headerRow: 1,
    samples: [],
    fields: [],
    suggested: { date: "Datum", quantity: "Stück" },
    saved: [],
    ...over,
  });
  const saved = (id: string, mapping: Record<string, string>) => ({
    id,
    name: id,
    headerKey: "k",
    mapping,
    createdAt: "",
    updatedAt: "",
  });

  it("starts from a saved mapping, else the one used, else the suggestion; columns not in the file dropped", () => {
    expect(initialMapping(cols())).toEqual({ mapping: { date: "Datum", quantity: "Stück" }, savedId: null });
    expect(initialMapping(cols(), { date: "Datum", type: "Art", "value:KAUF": "buy" })).toEqual({
      mapping: { date: "Datum", type: "Art" },
      savedId: null,
    });
    const s = saved("m1", { date: "Datum", type: "Art", symbol: "Gone" });
    expect(initialMapping(cols({ saved: [s, saved("m0", {})] }), { date: "Art" })).toEqual({
      mapping: { date: "Datum", type: "Art" },
      savedId: "m1",
    });
  });

  it("needs the date, and a type or a quantity; empty choices leave the mapping", () => {
    expect(mappingProblem({ type: "Art" })).toBe("dateRequired");
    expect(mappingProblem({ date: "Datum" })).toBe("typeOrQuantity");
    expect(mappingProblem({ date: "Datum", quantity: "Stück" })).toBeNull();
    expect(cleanMapping({ date: "Datum", fee: "", type: "Art" })).toEqual({ date: "Datum", type: "Art" });
  });
});
