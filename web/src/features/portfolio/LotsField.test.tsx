// A sale in the transaction form, lots picked: the account's open lots of the instrument are listed
// from GET /holdings (date, open quantity, cost), the units typed per lot go in the request as
// `lots`, a pick that does not add up to the quantity is named before anything is sent, and FIFO (the
// default) sends no lots. A transfer from another broker states its lots' cost and date.
import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render.tsx";
import type { Holding, PortfolioAccount } from "./queries.ts";
import { TransactionForm } from "./TransactionForm.tsx";
import { emptyValues } from "./transactionForm.ts";

configure({ asyncUtilTimeout: 10_000 });

const calls = vi.hoisted(() => ({ post: vi.fn(), get: vi.fn() }));
vi.mock("../../api/client.ts", async (importActual) => {
  const actual = await importActual<typeof import("../../api/client.ts")>();
  return { ...actual, api: { ...actual.api, POST: calls.post, GET: calls.get } };
});

const answer = (status: number, body: object) => ({
  error: status >= 400 ? body : undefined,
  data: status < 400 ? body : undefined,
  response: new Response(JSON.stringify(body), { status }),
});

const account: PortfolioAccount = {
  id: "acc-1",
  name: "Main",
  broker: null,
  brokerAccountId: null,
  baseCurrency: "USD",
  active: true,
  connected: false,
  lastSyncedAt: null,
  transactionCount: 3,
  firstTransactionDate: "2023-02-01",
  lastTransactionDate: "2023-06-01",
  createdAt: "2024-01-01T00:00:00Z",
  updatedAt: "2024-01-01T00:00:00Z",
};

const lot = (id: string, quantity: string, cost: string, acquiredDate: string) => ({
  id,
  quantity,
  cost,
  costBase: cost,
  acquiredDate,
  transactionId: id,
  origin: { kind: "manual" },
});
const holding = {
  accountId: "acc-1",
  instrumentId: "i-aapl",
  currency: "USD",
  lots: [lot("lot-a", "4", "560", "2023-02-01"), lot("lot-b", "6", "940", "2023-06-01")],
} as unknown as Holding;

function answerGets() {
  calls.get.mockImplementation(async (path: string) => {
    if (path === "/api/portfolio/holdings")
      return answer(200, { holdings: [holding], cash: [], realised: [] });
    if (path === "/api/instruments/{id}")
      return answer(200, { id: "i-aapl", symbol: "AAPL", name: "Apple Inc.", currency: "USD" });
    return answer(404, { code: "not_found", message: path });
  });
}

const sale = () => ({
  ...emptyValues("acc-1", "sell", "2024-03-01"),
  instrumentId: "i-aapl",
  quantity: "5",
  price: "190",
});

describe("picking lots in the transaction form", () => {
  beforeEach(() => {
    calls.post.mockReset();
    calls.get.mockReset();
    answerGets();
  });

  it("lists the open lots and sends the units taken from each", async () => {
    calls.post.mockResolvedValue(answer(201, { id: "t1", fxUsed: [] }));
    const done = vi.fn();
    await renderWithProviders(<TransactionForm accounts={[account]} initial={sale()} onDone={done} />);
    const lots = screen.getByRole("group", { name: "Lots" });
    expect(within(lots).getByRole("radio", { name: "FIFO (default)" })).toBeChecked();
    fireEvent.click(within(lots).getByText("Pick lots"));
    const rows = await screen.findAllByTestId("lot-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("4");
    expect(rows[0]).toHaveTextContent("$560.00");
    expect(rows[1]).toHaveTextContent("$940.00");
    const take = (n: number) => within(rows[n] as HTMLElement).getByRole("textbox");
    fireEvent.change(take(1), { target: { value: "3" } });
    fireEvent.click(screen.getByRole("button", { name: "Add transaction" }));
    expect(await screen.findByText("The lots must add up to the quantity")).toBeInTheDocument();
    expect(calls.post).not.toHaveBeenCalled();
    fireEvent.change(take(0), { target: { value: "2" } });
    expect(screen.getByTestId("lots-picked")).toHaveTextContent("Picked 5 of 5");
    fireEvent.click(screen.getByRole("button", { name: "Add transaction" }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(calls.post).toHaveBeenCalledWith("/api/portfolio/transactions", {
      body: {
        accountId: "acc-1",
        type: "sell",
        date: "2024-03-01",
        instrumentId: "i-aapl",
        quantity: "5",
        price: "190",
        lots: [
          { lotId: "lot-a", quantity: "2" },
          { lotId: "lot-b", quantity: "3" },
        ],
      },
    });
    expect(calls.get).toHaveBeenCalledWith("/api/portfolio/holdings", {
      params: { query: { accountId: "acc-1" } },
    });
  });

  it("sends no lots with FIFO, and shows the server's refusal of a pick (Korean)", async () => {
    calls.post.mockResolvedValue(
      answer(422, {
        code: "ledger_inconsistent",
        message: "input.lots.0.quantity: on 2024-03-01: lot lot-a has 4 open, not 5",
        requestId: "r1",
      }),
    );
    await renderWithProviders(
      <TransactionForm
        accounts={[account]}
        initial={{ ...sale(), lotMode: "pick", picks: { "lot-a": "5" } }}
        onDone={vi.fn()}
      />,
      { language: "ko" },
    );
    expect(await screen.findAllByTestId("lot-row")).toHaveLength(2);
    expect(screen.getByRole("group", { name: "로트" })).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "거래 입력" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("input.lots.0.quantity");
    fireEvent.click(screen.getByText("선입선출 (기본)"));
    fireEvent.click(screen.getByRole("button", { name: "거래 입력" }));
    await waitFor(() => expect(calls.post).toHaveBeenCalledTimes(2));
    expect(calls.post.mock.calls[1]?.[1].body).not.toHaveProperty("lots");
  });

  it("a transfer from another broker states each lot's date, quantity and cost", async () => {
    calls.post.mockResolvedValue(answer(201, { id: "t2", fxUsed: [] }));
    const done = vi.fn();
    await renderWithProviders(
      <TransactionForm
        accounts={[account]}
        initial={{
          ...emptyValues("acc-1", "transferIn", "2024-03-01"),
          instrumentId: "i-aapl",
          quantity: "2",
          transferId: "acat-1",
        }}
        onDone={done}
      />,
    );
    fireEvent.click(screen.getByLabelText(/From another broker/));
    fireEvent.change(screen.getByLabelText("Acquired"), { target: { value: "2020-05-04" } });
    fireEvent.change(screen.getByLabelText("Quantity", { selector: "input:not([required])" }), {
      target: { value: "2" },
    });
    fireEvent.change(screen.getByLabelText("Total cost"), { target: { value: "300.5" } });
    fireEvent.click(screen.getByRole("button", { name: "Add transaction" }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(calls.post.mock.calls[0]?.[1].body.lots).toEqual([
      { quantity: "2", cost: "300.5", acquiredDate: "2020-05-04" },
    ]);
  });
});
