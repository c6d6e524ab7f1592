// The notices' English: every code's sentence takes its params by name, and an unknown or missing
// value cannot pass silently as an empty string.
import { describe, expect, it } from "vitest";
import { NOTICE_CODES, NOTICES, notice, noticeOut, noticeParams } from "./contracts.ts";

describe("notices", () => {
  it("fills each code's sentence with its params and answers the schema", () => {
    for (const code of NOTICE_CODES) {
      const names = noticeParams(code);
      const params = Object.fromEntries(names.map((n, i) => [n, `v${i}`]));
      const n = notice(code, params);
      expect(n.message, code).not.toMatch(/\{\{|\}\}/);
      for (const [i] of names.entries()) expect(n.message, code).toContain(`v${i}`);
      expect(noticeOut.parse(n)).toEqual(n);
    }
  });

  it("puts numbers in as they are and marks a missing value", () => {
    expect(notice("planning.shortsLeftOut", { count: 2 }).message).toBe(
      "2 short position(s) are left out of planning figures.",
    );
    expect(notice("snapshot.lineNoQuantity", { line: 3 }).message).toBe("line 3 (?): no quantity");
    expect(noticeParams("rebalance.buyConverting")).toEqual([
      "quantity",
      "symbol",
      "slice",
      "currentPct",
      "targetPct",
      "driftPct",
      "cashCurrency",
      "instrumentCurrency",
    ]);
  });

  it("refuses a code the list does not have", () => {
    expect(() => noticeOut.parse({ code: "xray.unknown", params: {}, message: "x" })).toThrow();
    expect(Object.keys(NOTICES)).toEqual(NOTICE_CODES);
  });
});
