// The transaction form as a user fills it: the type decides the fields, a missing required one is
// named before anything is sent, and the request carries the type's fields only, decimals typed with a
// comma as the API's decimal strings; the server's refusal (a 400 naming the field) is shown.
import { configure, fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render.tsx";
import type { PortfolioAccount } from "./queries.ts";
import { TransactionForm } from "./TransactionForm.tsx";
import { emptyValues } from "./transactionForm.ts";

configure({ asyncUtilTimeout: 10_000 });

const post = vi.hoisted(() => vi.fn());
vi.mock("../../api/client.ts", async (importActual) => {
  const actual = await importActual<typeof import("../../api/client.ts")>();
  return { ...actual, api: { ...actual.api, POST: post } };
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
  baseCurrency: "KRW",
  active: true,
  connected: false,
  lastSyncedAt: null,
  transactionCount: 0,
  firstTransactionDate: null,
  lastTransactionDate: null,
  createdAt: "2024-01-01T00:00:00Z",
  updatedAt: "2024-01-01T00:00:00Z",
};

describe("TransactionForm", () => {
  beforeEach(() => post.mockReset());

  it("sends a deposit with its amount typed the Korean way; names what is missing first", async () => {
    post.mockResolvedValue(answer(201, { id: "t1", fxUsed: [] }));
    const done = vi.fn();
    await renderWithProviders(
      <TransactionForm
        accounts={[account]}
        initial={emptyValues("acc-1", "deposit", "2024-03-01")}
        onDone={done}
      />,
      { language: "ko" },
    );
    // A deposit has no instrument, quantity or price.
    expect(screen.queryByLabelText(/^수량/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "거래 입력" }));
    expect(await screen.findByText("필수 항목입니다")).toBeInTheDocument();
    expect(post).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/^금액/), { target: { value: "1.250.000,5" } });
    fireEvent.change(screen.getByLabelText(/^통화/), { target: { value: "krw" } });
    fireEvent.click(screen.getByRole("button", { name: "거래 입력" }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(post).toHaveBeenCalledWith("/api/portfolio/transactions", {
      body: { accountId: "acc-1", type: "deposit", date: "2024-03-01", amount: "1250000.5", currency: "KRW" },
    });
  });

  it("shows the server's refusal naming the field", async () => {
    post.mockResolvedValue(
      answer(400, {
        code: "validation",
        message: "input.amount: must be greater than zero",
        requestId: "r1",
      }),
    );
    const done = vi.fn();
    await renderWithProviders(
      <TransactionForm
        accounts={[account]}
        initial={emptyValues("acc-1", "fee", "2024-03-01")}
        onDone={done}
      />,
    );
    fireEvent.change(screen.getByLabelText(/^Amount/), { target: { value: "0" } });
    fireEvent.click(screen.getByRole("button", { name: "Add transaction" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("input.amount: must be greater than zero");
    expect(done).not.toHaveBeenCalled();
  });
});
