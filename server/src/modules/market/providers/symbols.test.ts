// Provider symbols by listing venue: Yahoo, Stooq and Alpha Vantage suffixes from the MIC/country.
import { describe, expect, it } from "vitest";
import { alphaVantageSymbol } from "./alphavantage.ts";
import { KrxProvider } from "./krx.ts";
import { stooqSymbol } from "./stooq.ts";
import { yahooSymbol } from "./yahoo.ts";

describe("provider symbols by venue", () => {
  it("yahoo: suffix by MIC, Korean listings without a venue on KOSPI, FX pairs as =X, US class shares with -", () => {
    expect(yahooSymbol({ symbol: "005930", mic: "XKRX", country: "KR" })).toBe("005930.KS");
    expect(yahooSymbol({ symbol: "035720", mic: "XKOS", country: "KR" })).toBe("035720.KQ");
    expect(yahooSymbol({ symbol: "005930", mic: "XXXX", country: "KR" })).toBe("005930.KS");
    expect(yahooSymbol({ symbol: "7203", mic: "XTKS", country: "JP" })).toBe("7203.T");
    expect(yahooSymbol({ symbol: "VOD", mic: "XLON", country: "GB" })).toBe("VOD.L");
    expect(yahooSymbol({ symbol: "SAP", mic: "XETR", country: "DE" })).toBe("SAP.DE");
    expect(yahooSymbol({ symbol: "BRK.B", mic: "XNYS", country: "US" })).toBe("BRK-B");
    expect(yahooSymbol({ symbol: "AAPL", mic: "XNAS", country: "US" })).toBe("AAPL");
    expect(yahooSymbol({ symbol: "EURUSD", mic: "XXXX", country: null, assetClass: "fx" })).toBe("EURUSD=X");
  });

  it("stooq: country suffix, Korean listings refused, FX lower case", () => {
    expect(stooqSymbol({ symbol: "BRK.B", mic: "XNYS", country: "US" })).toBe("brk-b.us");
    expect(stooqSymbol({ symbol: "AAPL", mic: "XXXX", country: "US" })).toBe("aapl.us");
    expect(stooqSymbol({ symbol: "VOD", mic: "XLON", country: "GB" })).toBe("vod.uk");
    expect(stooqSymbol({ symbol: "^SPX", mic: "XXXX", country: "US", assetClass: "index" })).toBe("^spx");
    expect(stooqSymbol({ symbol: "EURUSD", country: null, assetClass: "fx" })).toBe("eurusd");
    expect(() => stooqSymbol({ symbol: "005930", mic: "XKRX", country: "KR" })).toThrow(
      /use the krx provider/,
    );
    expect(() => stooqSymbol({ symbol: "ABC", mic: "XWAR", country: "PL" })).toThrow(/no listings in PL/);
  });

  it("alphavantage: US as is, a few venues by suffix, others refused", () => {
    expect(alphaVantageSymbol({ symbol: "IBM", mic: "XNYS", country: "US" })).toBe("IBM");
    expect(alphaVantageSymbol({ symbol: "VOD", mic: "XLON", country: "GB" })).toBe("VOD.LON");
    expect(alphaVantageSymbol({ symbol: "SHOP", mic: "XTSE", country: "CA" })).toBe("SHOP.TRT");
    expect(() => alphaVantageSymbol({ symbol: "005930", mic: "XKRX", country: "KR" })).toThrow(
      /krx provider/,
    );
  });

  it("krx: Korea Exchange listings only", async () => {
    const krx = new KrxProvider(null as never, "http://127.0.0.1:9");
    await expect(
      krx.history({
        symbol: "AAPL",
        mic: "XNAS",
        country: "US",
        from: "2024-01-02",
        to: "2024-01-03",
        interval: "1d",
      }),
    ).rejects.toThrow(/krx: AAPL is listed on XNAS, not the Korea Exchange/);
  });
});
