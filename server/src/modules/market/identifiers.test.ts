import { describe, expect, it } from "vitest";
import { identifierProblems, isValidCusip, isValidIsin, isValidSedol } from "./identifiers.ts";

describe("security identifiers", () => {
  it("accepts real ISINs and refuses altered ones", () => {
    for (const ok of ["US0378331005", "US5949181045", "KR7005930003", "GB0002634946", "DE000BAY0017"])
      expect(isValidIsin(ok), ok).toBe(true);
    for (const bad of ["US0378331006", "US037833100", "us0378331005", "XX03783310O5", "KR7005930004"])
      expect(isValidIsin(bad), bad).toBe(false);
  });
  it("accepts real CUSIPs and refuses altered ones", () => {
    for (const ok of ["037833100", "594918104", "38259P508", "68389X105"])
      expect(isValidCusip(ok), ok).toBe(true);
    for (const bad of ["037833101", "59491810", "38259P509"]) expect(isValidCusip(bad), bad).toBe(false);
  });
  it("accepts real SEDOLs and refuses altered ones and vowels", () => {
    for (const ok of ["0263494", "2046251", "B0YBKJ7", "B0YBLH2"]) expect(isValidSedol(ok), ok).toBe(true);
    for (const bad of ["0263495", "A0YBKJ7", "B0YBKJ"]) expect(isValidSedol(bad), bad).toBe(false);
  });
  it("names each bad identifier in the message", () => {
    expect(identifierProblems({ isin: "US0378331005", cusip: "037833100" })).toEqual([]);
    const p = identifierProblems({ isin: "US0378331006", sedol: "0263495" });
    expect(p).toHaveLength(2);
    expect(p[0]).toContain("ISIN US0378331006");
    expect(p[1]).toContain("SEDOL 0263495");
  });
});
