// The holdings table as the overview draws it from GET /api/portfolio/holdings: money in each
// currency's units, P&L in the instrument's and the base currency in the user's price colours, lots
// on expand (keyboard and screen-reader named), in English and Korean.
import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../test/render.tsx";
import { HoldingsTable } from "./HoldingsTable.tsx";
import type { Holding, Holdings } from "./queries.ts";

const holding = (over: Partial<Holding>): Holding => ({
  accountId: "a1",
  accountName: "Main",
  instrumentId: "i-aapl",
  symbol: "AAPL",
  name: "Apple Inc.",
  nameLocal: null,
  assetClass: "equity",
  side: "long",
  quantity: "10",
  currency: "USD",
  baseCurrency: "KRW",
  averagePrice: "150",
  averageCost: "1500",
  averageCostBase: "1950000",
  fifoCost: "1500",
  fifoCostBase: "1950000",
  lots: [
    {
      id: "l1",
      quantity: "4",
      cost: "560",
      costBase: "728000",
      acquiredDate: "2023-02-01",
      transactionId: "t1",
      origin: { kind: "manual" },
    },
    {
      id: "l2",
      quantity: "6",
      cost: "940",
      costBase: "1222000",
      acquiredDate: "2023-06-01",
      transactionId: "t2",
      origin: { kind: "manual" },
    },
  ],
  price: 180.5,
  priceDate: "2024-03-01",
  stale: true,
  marketValue: "1805",
  marketValueBase: "2436750",
  unrealisedPnl: "305",
  unrealisedPnlPct: 0.20333,
  unrealisedPnlBase: "486750",
  unrealisedPnlBasePct: 0.2496,
  value: "2436750",
  weight: 0.6,
  ...over,
});

const data = (holdings: Holding[]): Holdings => ({
  asOf: "2024-03-04",
  currency: "KRW",
  totalValue: "4061250",
  holdingsValue: "3248250",
  cashValue: "813000",
  holdings,
  cash: [],
  realised: [],
  unvalued: [],
});

describe("HoldingsTable", () => {
  it("shows each holding's figures and its lots on expand", async () => {
    const loser = holding({
      instrumentId: "i-ss",
      symbol: "005930",
      name: "Samsung Electronics",
      currency: "KRW",
      quantity: "15",
      averagePrice: "72000",
      price: 54100,
      stale: false,
      marketValue: "811500",
      unrealisedPnl: "-268500",
      unrealisedPnlPct: -0.2486,
      unrealisedPnlBase: "-268500",
      unrealisedPnlBasePct: -0.2486,
      value: "811500",
      weight: 0.2,
      lots: [],
    });
    await renderWithProviders(<HoldingsTable data={data([holding({}), loser])} showAccount={false} />);
    const table = screen.getByRole("table", { name: "Holdings on 4 Mar 2024, values in KRW" });
    const aapl = within(table).getByRole("row", { name: /AAPL/ });
    expect(aapl).toHaveTextContent("$150.00"); // average cost in USD
    expect(aapl).toHaveTextContent("$180.50");
    expect(aapl).toHaveTextContent("price of 1 Mar 2024"); // stale price dated
    expect(aapl).toHaveTextContent("₩2,436,750");
    expect(aapl).toHaveTextContent("+$305.00");
    expect(aapl).toHaveTextContent("+20.33%");
    expect(aapl).toHaveTextContent("+₩486,750");
    expect(aapl).toHaveTextContent("60.0%");
    // Green up, red down in English (by language).
    expect(within(aapl).getByText("+$305.00").closest("td")).toHaveStyle({ color: "#087f5b" });
    const ss = within(table).getByRole("row", { name: /005930/ });
    // In KRW both ways: the local and the base P&L cells, both red.
    const cells = within(ss).getAllByText("-₩268,500");
    expect(cells).toHaveLength(2);
    for (const c of cells) expect(c.closest("td")).toHaveStyle({ color: "#c92a2a" });
    // No lots: no button.
    expect(within(ss).queryByRole("button")).toBeNull();

    expect(screen.queryByRole("table", { name: /Open lots of AAPL/ })).toBeNull();
    const toggle = screen.getByRole("button", { name: "Show the lots of AAPL" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    fireEvent.click(toggle);
    const lots = screen.getByRole("table", { name: "Open lots of AAPL (FIFO)" });
    const rows = within(lots).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      "1 Feb 20234$560.00₩728,000",
      "1 Jun 20236$940.00₩1,222,000",
    ]);
    fireEvent.click(screen.getByRole("button", { name: "Hide the lots of AAPL" }));
    expect(screen.queryByRole("table", { name: /Open lots of AAPL/ })).toBeNull();
  });

  it("in Korean: the words, and a rise in red", async () => {
    await renderWithProviders(<HoldingsTable data={data([holding({})])} showAccount />, { language: "ko" });
    const table = await screen.findByRole("table", { name: /기준 보유 종목, 평가액 통화 KRW/ });
    expect(within(table).getByRole("columnheader", { name: "평균 단가" })).toBeInTheDocument();
    expect(within(table).getByRole("columnheader", { name: "계좌" })).toBeInTheDocument();
    const aapl = within(table).getByRole("row", { name: /AAPL/ });
    expect(within(aapl).getByText("+$305.00").closest("td")).toHaveStyle({ color: "#c92a2a" });
    expect(screen.getByRole("button", { name: "AAPL의 매수 묶음 보기" })).toBeInTheDocument();
  });

  it("says so when nothing is held", async () => {
    await renderWithProviders(<HoldingsTable data={data([])} showAccount={false} />);
    expect(screen.getByText("No open positions.")).toBeInTheDocument();
  });
});
