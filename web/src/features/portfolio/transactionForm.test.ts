// The transaction form's rules: decimals typed in the user's locale become the API's decimal strings,
// a type sends only its own fields (a stray one would be a 400), missing required fields are named.
import { describe, expect, it } from "vitest";
import {
  buildTransaction,
  emptyValues,
  fieldsOf,
  normaliseDecimal,
  patchOf,
  SHAPES,
  TYPES,
  valuesOf,
} from "./transactionForm.ts";

describe("normaliseDecimal", () => {
  it.each([
    ["12.5", "12.5"],
    ["1,234.56", "1234.56"],
    ["1.234,56", "1234.56"],
    ["1 234,5", "1234.5"],
    ["12,5", "12.5"],
    ["0,125", "0.125"],
    ["1,234", "1234"],
    ["1,234,567", "1234567"],
    ["1.234.567", "1234567"],
    ["-3.5", "-3.5"],
    ["+7", "7"],
    ["10.", "10"],
    ["  42  ", "42"],
  ])("%s → %s", (input, out) => expect(normaliseDecimal(input)).toBe(out));

  it.each(["", "abc", "1.2.3,4,5", "--1", "1e5", "12a"])("%s is not a number", (input) =>
    expect(normaliseDecimal(input)).toBeNull(),
  );
});

describe("buildTransaction", () => {
  const base = (type: (typeof TYPES)[number]) => emptyValues("acc-1", type, "2024-03-01");

  it("a buy sends its fields only, decimals normalised and the currency upper-cased", () => {
    const v = { ...base("buy"), instrumentId: "ins-1", quantity: "10", price: "1.234,5", currency: "usd" };
    v.amount = "999"; // typed under another type, then the type changed: not sent
    const r = buildTransaction(v);
    expect(r.errors).toEqual({});
    expect(r.body).toEqual({
      accountId: "acc-1",
      type: "buy",
      date: "2024-03-01",
      instrumentId: "ins-1",
      quantity: "10",
      price: "1234.5",
      currency: "USD",
    });
  });

  it("names every missing required field, and the bad ones", () => {
    const r = buildTransaction({
      ...base("sell"),
      accountId: "",
      date: "",
      price: "abc",
      fee: "x",
      currency: "US",
    });
    expect(r.body).toBeNull();
    expect(r.errors).toEqual({
      accountId: "required",
      date: "required",
      instrumentId: "required",
      quantity: "required",
      price: "number",
      fee: "number",
      currency: "currency",
    });
  });

  it("every type's required fields are exactly the ones it reports missing", () => {
    for (const type of TYPES) {
      const r = buildTransaction(base(type));
      expect(Object.keys(r.errors).sort(), type).toEqual([...SHAPES[type].need].sort());
      expect(fieldsOf(type)).toEqual([...SHAPES[type].need, ...SHAPES[type].may]);
    }
  });

  it("an edit clears the fields its type does not use, and keeps a row's values round-trip", () => {
    const v = {
      ...base("dividend"),
      instrumentId: "ins-1",
      amount: "3.2",
      withholdingTax: "0.48",
      note: " q1 ",
    };
    const p = patchOf(v).body as Record<string, unknown>;
    expect(p).toMatchObject({ type: "dividend", amount: "3.2", withholdingTax: "0.48", note: "q1" });
    expect(p.quantity).toBeNull();
    expect(p.price).toBeNull();
    expect(p.toCurrency).toBeNull();
    const row = {
      ...(buildTransaction(v).body as object),
      id: "t1",
      seq: 0,
      quantity: null,
      price: null,
      fee: null,
      currency: null,
      fxRate: null,
      ratio: null,
      newInstrumentId: null,
      costFraction: null,
      transferId: null,
      lots: null,
      toCurrency: null,
      toAmount: null,
      toFxRate: null,
      note: "q1",
      origin: { kind: "manual", importId: null, importRow: null, connectionId: null, externalId: null },
      fingerprint: "f",
      createdAt: "",
      updatedAt: "",
    } as unknown as Parameters<typeof valuesOf>[0];
    expect(buildTransaction(valuesOf(row)).body).toEqual(buildTransaction({ ...v, note: "q1" }).body);
  });
});

describe("lots", () => {
  const sale = () => ({
    ...emptyValues("acc-1", "sell", "2024-03-01"),
    instrumentId: "i-1",
    quantity: "5",
    price: "10",
  });

  it("FIFO sends no lots; picked lots go with their typed quantities, empty ones left out", () => {
    expect(buildTransaction(sale()).body).not.toHaveProperty("lots");
    const picked = { ...sale(), lotMode: "pick" as const, picks: { l1: "2,5", l2: "2.5", l3: "", l4: "0" } };
    expect(buildTransaction(picked).body?.lots).toEqual([
      { lotId: "l1", quantity: "2.5" },
      { lotId: "l2", quantity: "2.5" },
    ]);
  });

  it("picked quantities must add up to the sale, and at least one lot be picked", () => {
    const short = { ...sale(), lotMode: "pick" as const, picks: { l1: "2", l2: "2.9999" } };
    expect(buildTransaction(short)).toEqual({ body: null, errors: { lots: "lotsSum" } });
    expect(buildTransaction({ ...sale(), lotMode: "pick" as const, picks: {} }).errors).toEqual({
      lots: "lotsEmpty",
    });
    expect(buildTransaction({ ...sale(), lotMode: "pick" as const, picks: { l1: "x" } }).errors).toEqual({
      lots: "number",
    });
    // Exact decimals: 0.1 + 0.2 is 0.3 here.
    const exact = { ...sale(), quantity: "0.3", lotMode: "pick" as const, picks: { a: "0.1", b: "0.2" } };
    expect(buildTransaction(exact).body?.lots).toHaveLength(2);
  });

  it("a type that takes no lots ignores picks; a transfer in sends the lots it states", () => {
    const buy = { ...sale(), type: "buy" as const, lotMode: "pick" as const, picks: { l1: "5" } };
    expect(buildTransaction(buy).body).not.toHaveProperty("lots");
    const arrive = {
      ...emptyValues("acc-1", "transferIn", "2024-03-01"),
      instrumentId: "i-1",
      quantity: "3",
      transferId: "t-1",
      incoming: [
        { acquiredDate: "2020-01-02", quantity: "1", cost: "100" },
        { acquiredDate: "2021-05-06", quantity: "2", cost: "1.234,5" },
      ],
    };
    expect(buildTransaction(arrive).body?.lots).toEqual([
      { quantity: "1", cost: "100", acquiredDate: "2020-01-02" },
      { quantity: "2", cost: "1234.5", acquiredDate: "2021-05-06" },
    ]);
    expect(
      buildTransaction({ ...arrive, incoming: [{ acquiredDate: "", quantity: "3", cost: "1" }] }).errors,
    ).toEqual({ lots: "date" });
  });

  it("an edit reads the lots back, and clears them when the sale goes back to FIFO", () => {
    const v = valuesOf({
      ...({} as Parameters<typeof valuesOf>[0]),
      accountId: "acc-1",
      type: "sell",
      date: "2024-03-01",
      instrumentId: "i-1",
      quantity: "2",
      price: "10",
      note: null,
      lots: [{ lotId: "l9", quantity: "2" }],
    });
    expect(v.lotMode).toBe("pick");
    expect(v.picks).toEqual({ l9: "2" });
    expect(patchOf(v).body?.lots).toEqual([{ lotId: "l9", quantity: "2" }]);
    expect(patchOf({ ...v, lotMode: "fifo" }).body?.lots).toBeNull();
  });
});
