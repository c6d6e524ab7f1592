// The broker connections page as a user sees it, over the API's answers: the list (broker, the
// account it syncs into linked to the accounts page, the key's hint, the status with the last error),
// the connect form's fields per broker with their help and the body it sends, and Sync now showing a
// failure (nothing changed, the reason) and a success with rows not synced and positions that differ.
import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render.tsx";
import { ConnectionsPage } from "./ConnectionsPage.tsx";
import type { Connection, SyncOutcome } from "./connectionsQueries.ts";
import type { PortfolioAccount } from "./queries.ts";

configure({ asyncUtilTimeout: 10_000 });

const client = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn(), patch: vi.fn(), del: vi.fn() }));
vi.mock("../../api/client.ts", async (importActual) => {
  const actual = await importActual<typeof import("../../api/client.ts")>();
  return {
    ...actual,
    api: { ...actual.api, GET: client.get, POST: client.post, PATCH: client.patch, DELETE: client.del },
  };
});

const answer = (status: number, body: object | null) => ({
  error: status >= 400 ? body : undefined,
  data: status < 400 ? body : undefined,
  response: new Response(body === null ? null : JSON.stringify(body), { status }),
});

const account: PortfolioAccount = {
  id: "acc-1",
  name: "US brokerage",
  broker: "alpaca",
  brokerAccountId: null,
  baseCurrency: "USD",
  active: true,
  connected: true,
  lastSyncedAt: null,
  transactionCount: 3,
  firstTransactionDate: "2024-01-02",
  lastTransactionDate: "2024-02-01",
  createdAt: "2024-01-01T00:00:00Z",
  updatedAt: "2024-01-01T00:00:00Z",
};

const connection = (over: Partial<Connection>): Connection => ({
  id: "c-1",
  broker: "alpaca",
  accountId: "acc-1",
  brokerAccountId: "PA1234",
  credentialHint: "…WXYZ",
  canRead: true,
  canTrade: false,
  active: true,
  status: "ok",
  lastError: null,
  lastConnectedAt: "2024-03-01T06:00:00Z",
  lastSyncAt: "2024-03-01T06:00:00Z",
  createdAt: "2024-01-01T00:00:00Z",
  updatedAt: "2024-03-01T06:00:00Z",
  ...over,
});

const outcome = (over: Partial<SyncOutcome>): SyncOutcome => ({
  ok: true,
  error: null,
  fetched: 0,
  added: 0,
  duplicates: 0,
  errors: [],
  ignored: [],
  warnings: [],
  positionDifferences: [],
  ...over,
});

const unreachable: SyncOutcome["error"] = {
  code: "sync.unreachable",
  params: { broker: "Alpaca", host: "api.alpaca.markets" },
  message: "server words",
};

let connections: Connection[] = [];
function serve() {
  client.get.mockImplementation(async (path: string) => {
    if (path === "/api/portfolio/connections") return answer(200, { connections });
    if (path === "/api/portfolio/accounts") return answer(200, { accounts: [account] });
    return answer(404, { code: "not_found", message: `no stub for ${path}` });
  });
}

describe("ConnectionsPage", () => {
  beforeEach(() => {
    for (const f of Object.values(client)) f.mockReset();
    connections = [
      connection({}),
      connection({
        id: "c-2",
        broker: "ibkr-flex",
        accountId: null,
        brokerAccountId: null,
        credentialHint: "…9012",
        status: "error",
        lastError: {
          code: "sync.flexRequestRefused",
          params: { broker: "Interactive Brokers", brokerCode: "1012", detail: "Token has expired." },
          message: "server words",
        },
        active: false,
        lastSyncAt: null,
      }),
    ];
    serve();
  });

  it("lists the connections: the account linked, the key's hint, the status and the last error", async () => {
    await renderWithProviders(<ConnectionsPage />, { route: "/portfolio/connections" });
    const table = await screen.findByRole("table", { name: "Your broker connections" });
    const rows = within(table).getAllByTestId("connection-row");
    expect(rows).toHaveLength(2);

    const alpaca = within(rows[0]);
    expect(alpaca.getByText("Alpaca")).toBeInTheDocument();
    expect(alpaca.getByRole("link", { name: "US brokerage" })).toHaveAttribute("href", "/portfolio/accounts");
    expect(alpaca.getByText("…WXYZ")).toBeInTheDocument();
    expect(alpaca.getByText("OK")).toBeInTheDocument();
    expect(alpaca.getByRole("switch", { name: "Sync Alpaca …WXYZ every day" })).toBeChecked();

    const ib = within(rows[1]);
    expect(ib.getByText("Interactive Brokers (Flex)")).toBeInTheDocument();
    expect(ib.getByText("A new account, made on the first sync")).toBeInTheDocument();
    expect(ib.getByText("Error")).toBeInTheDocument();
    // Rendered from the code and its values, not from the server's English.
    expect(ib.getByTestId("connection-error")).toHaveTextContent(
      "Interactive Brokers refused the request for the Flex statement (error 1012): Token has expired.",
    );
    expect(ib.getByText("Never")).toBeInTheDocument();
    expect(ib.getByRole("switch", { name: /Interactive Brokers \(Flex\) …9012/ })).not.toBeChecked();

    // Pausing sends { active: false } for that connection only.
    client.patch.mockResolvedValue(answer(200, { ...connections[0], active: false }));
    fireEvent.click(alpaca.getByRole("switch", { name: "Sync Alpaca …WXYZ every day" }));
    await waitFor(() =>
      expect(client.patch).toHaveBeenCalledWith("/api/portfolio/connections/{id}", {
        params: { path: { id: "c-1" } },
        body: { active: false },
      }),
    );
  });

  it("shows each broker's own credential fields and sends what was typed, then syncs the new connection", async () => {
    connections = [];
    await renderWithProviders(<ConnectionsPage />, { route: "/portfolio/connections" });
    expect(await screen.findByText("No broker connected yet.")).toBeInTheDocument();
    const form = screen.getByRole("region", { name: "Connect a broker" });
    // Alpaca by default: key id, secret, live or paper, and where to find them.
    expect(within(form).getByLabelText(/^API key id/)).toBeInTheDocument();
    expect(within(form).getByLabelText(/^API secret key/)).toBeInTheDocument();
    expect(within(form).getByText(/Alpaca dashboard, open API keys/)).toBeInTheDocument();
    expect(within(form).queryByLabelText(/^Flex Web Service token/)).toBeNull();
    // Nothing is sent while a field is missing.
    fireEvent.click(within(form).getByRole("button", { name: "Connect and sync" }));
    expect(await within(form).findAllByText("Required")).toHaveLength(2);
    expect(client.post).not.toHaveBeenCalled();

    // Interactive Brokers: token and query id (digits), with the Client Portal's path.
    expect(within(form).getByRole("radio", { name: "Alpaca" })).toBeChecked();
    fireEvent.click(within(form).getByRole("radio", { name: "Interactive Brokers (Flex)" }));
    expect(await within(form).findByLabelText(/^Flex Web Service token/)).toBeInTheDocument();
    expect(within(form).queryByLabelText(/^API key id/)).toBeNull();
    expect(
      within(form).getByText(/Client Portal, open Reports → Settings → Flex Web Service/),
    ).toBeInTheDocument();
    fireEvent.change(within(form).getByLabelText(/^Flex Web Service token/), {
      target: { value: " 123456789012 " },
    });
    fireEvent.change(within(form).getByLabelText(/^Activity Flex Query id/), { target: { value: "98a" } });
    fireEvent.click(within(form).getByRole("button", { name: "Connect and sync" }));
    expect(await within(form).findByText("The query id is digits only")).toBeInTheDocument();
    expect(client.post).not.toHaveBeenCalled();
    fireEvent.change(within(form).getByLabelText(/^Activity Flex Query id/), { target: { value: "987654" } });

    const created = connection({
      id: "c-9",
      broker: "ibkr-flex",
      accountId: null,
      status: "never",
      credentialHint: "…9012",
    });
    client.post.mockImplementation(async (path: string) => {
      if (path === "/api/portfolio/connections") {
        connections = [created];
        return answer(201, created);
      }
      return answer(200, { connection: created, outcome: outcome({ fetched: 2, added: 2 }) });
    });
    fireEvent.click(within(form).getByRole("button", { name: "Connect and sync" }));
    await waitFor(() =>
      expect(client.post).toHaveBeenCalledWith("/api/portfolio/connections", {
        body: { broker: "ibkr-flex", credentials: { token: "123456789012", queryId: "987654" } },
      }),
    );
    await waitFor(() =>
      expect(client.post).toHaveBeenCalledWith("/api/portfolio/connections/{id}/sync", {
        params: { path: { id: "c-9" } },
      }),
    );
    expect(await screen.findByTestId("sync-counts")).toHaveTextContent(
      "2 activities fetched: 2 added, 0 already in the ledger, 0 not synced.",
    );
  });

  it("Sync now: a failure says nothing changed and why", async () => {
    client.post.mockResolvedValueOnce(
      answer(200, {
        connection: connection({ status: "error", lastError: unreachable }),
        outcome: outcome({ ok: false, error: unreachable }),
      }),
    );
    await renderWithProviders(<ConnectionsPage />, { route: "/portfolio/connections" });
    fireEvent.click(await screen.findByRole("button", { name: "Sync Alpaca …WXYZ now" }));
    const card = await screen.findByTestId("sync-outcome");
    const alert = within(card).getByRole("alert");
    expect(alert).toHaveTextContent("The sync failed; nothing was changed");
    expect(alert).toHaveTextContent("Alpaca could not be reached (api.alpaca.markets)");
    expect(within(card).queryByTestId("sync-counts")).toBeNull();
    expect(client.post).toHaveBeenCalledWith("/api/portfolio/connections/{id}/sync", {
      params: { path: { id: "c-1" } },
    });
  });

  it("says in Korean why the last sync failed, from the code and its values", async () => {
    connections = [connection({ status: "error", lastError: unreachable })];
    await renderWithProviders(<ConnectionsPage />, { route: "/portfolio/connections", language: "ko" });
    expect(await screen.findByTestId("connection-error")).toHaveTextContent(
      "Alpaca에 연결할 수 없습니다(api.alpaca.markets).",
    );
  });

  it("Sync now in Korean: rows not synced with their reasons, positions that differ", async () => {
    client.post.mockResolvedValueOnce(
      answer(200, {
        connection: connection({}),
        outcome: outcome({
          fetched: 5,
          added: 2,
          duplicates: 1,
          errors: [{ row: 3, column: "symbol", code: "unknown_symbol", message: "no instrument for ZZZZ" }],
          ignored: [
            { row: 4, code: "unsupported", message: "a stock split is not synced: enter it by hand" },
          ],
          positionDifferences: [{ symbol: "AAPL", broker: "10", ledger: "7" }],
        }),
      }),
    );
    await renderWithProviders(<ConnectionsPage />, { route: "/portfolio/connections", language: "ko" });
    fireEvent.click(await screen.findByRole("button", { name: "Alpaca …WXYZ 지금 동기화" }));
    expect(await screen.findByTestId("sync-counts")).toHaveTextContent(
      "활동 5건을 받아 2건을 추가했고, 1건은 이미 거래 내역에 있었으며, 2건은 가져오지 않았습니다.",
    );
    const notSynced = screen.getByRole("table", { name: "가져오지 않은 활동과 그 이유" });
    const issues = within(notSynced).getAllByTestId("sync-issue");
    // Each code's title in Korean over the detail as the server words it.
    expect(issues[0]).toHaveTextContent(/3거부알 수 없는 종목symbol: no instrument for ZZZZ/);
    expect(issues[1]).toHaveTextContent(/4건너뜀지원하지 않음: 직접 입력하세요a stock split is not synced/);
    const diff = screen.getByRole("table", { name: "증권사와 거래 내역의 수량이 다른 종목" });
    expect(within(diff).getByTestId("position-difference")).toHaveTextContent("AAPL107");
  });

  it("disconnects only after asking", async () => {
    client.del.mockResolvedValue(answer(204, null));
    await renderWithProviders(<ConnectionsPage />, { route: "/portfolio/connections" });
    fireEvent.click(await screen.findByRole("button", { name: "Disconnect Alpaca …WXYZ" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("the transactions it synced stay in your ledger");
    expect(client.del).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole("button", { name: "Disconnect" }));
    await waitFor(() =>
      expect(client.del).toHaveBeenCalledWith("/api/portfolio/connections/{id}", {
        params: { path: { id: "c-1" } },
      }),
    );
  });

  it("replaces the credentials with the connection's own broker's fields", async () => {
    client.patch.mockResolvedValue(answer(200, connections[1]));
    await renderWithProviders(<ConnectionsPage />, { route: "/portfolio/connections" });
    fireEvent.click(
      await screen.findByRole("button", {
        name: "Replace the credentials of Interactive Brokers (Flex) …9012",
      }),
    );
    const dialog = await screen.findByRole("dialog", {
      name: "Replace the credentials of Interactive Brokers (Flex)",
    });
    expect(within(dialog).queryByLabelText(/^API key id/)).toBeNull();
    fireEvent.change(within(dialog).getByLabelText(/^Flex Web Service token/), {
      target: { value: "555566667777" },
    });
    fireEvent.change(within(dialog).getByLabelText(/^Activity Flex Query id/), { target: { value: "42" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Replace credentials" }));
    await waitFor(() =>
      expect(client.patch).toHaveBeenCalledWith("/api/portfolio/connections/{id}", {
        params: { path: { id: "c-2" } },
        body: { credentials: { token: "555566667777", queryId: "42" } },
      }),
    );
  });
});
