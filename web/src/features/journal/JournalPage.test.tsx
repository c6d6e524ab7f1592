// The journal page over the API's answers: trades with their P&L and R, entries with the server's
// marked matches shown as <mark>, the search sent as typed, the editor's body, and the Korean words.
import { configure, fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render.tsx";
import { JournalPage } from "./JournalPage.tsx";
import type { Entry, Trade } from "./queries.ts";

configure({ asyncUtilTimeout: 10_000 });

const client = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn() }));
vi.mock("../../api/client.ts", async (importActual) => {
  const actual = await importActual<typeof import("../../api/client.ts")>();
  return { ...actual, api: { ...actual.api, GET: client.get, POST: client.post } };
});

const answer = (status: number, body: object) => ({
  error: status >= 400 ? body : undefined,
  data: status < 400 ? body : undefined,
  response: new Response(JSON.stringify(body), { status }),
});

const trade: Trade = {
  id: "t1",
  accountId: "a1",
  instrumentId: "i1",
  symbol: "AAPL",
  currency: "USD",
  side: "long",
  status: "closed",
  quantity: "20",
  openQuantity: "0",
  exitedQuantity: "20",
  entryPrice: "110",
  exitPrice: "130",
  averageExitPrice: "130",
  entryAt: "2024-01-02T00:00:00.000Z",
  entryTimeKnown: false,
  exitAt: "2024-01-04T00:00:00.000Z",
  holdingSeconds: 172800,
  commission: "4",
  pnl: "396.00",
  pnlPercent: "18.00",
  realizedPnl: "396",
  rMultiple: "1.32",
  strategyId: null,
  plannedStop: "95",
  plannedTarget: null,
  notes: null,
  tags: [],
  broker: null,
  brokerAccountId: null,
  orderId: null,
};

const entry: Entry = {
  id: "e1",
  entryDate: "2024-05-02",
  title: "손절 복기",
  content: "오늘은 손절매 원칙을 지켰다.",
  mood: "calm",
  confidence: 7,
  tags: ["복기"],
  archived: false,
  tradeIds: [],
  createdAt: "2024-05-02T00:00:00Z",
  updatedAt: "2024-05-02T00:00:00Z",
  rank: 0.7,
  snippet: [
    { text: "오늘은 ", hit: false },
    { text: "손절", hit: true },
    { text: "매 원칙을 지켰다.", hit: false },
  ],
};

beforeEach(() => {
  client.get.mockReset();
  client.post.mockReset();
  client.get.mockImplementation(async (path: string) =>
    path === "/api/journal/trades"
      ? answer(200, { trades: [trade], total: 1 })
      : answer(200, { entries: [entry], total: 1 }),
  );
});

describe("JournalPage", () => {
  it("shows trades with P&L and R, and entries with the server's matches marked", async () => {
    await renderWithProviders(<JournalPage />);
    expect(await screen.findByText("AAPL")).toBeTruthy();
    expect(screen.getByText("396 USD")).toBeTruthy();
    expect(screen.getByText("1.32")).toBeTruthy();
    const mark = await screen.findByText("손절", { selector: "mark" });
    expect(mark.tagName).toBe("MARK");
    expect(screen.getByText("Confidence 7/10")).toBeTruthy();
  });

  it("sends the search as typed and the new entry's fields", async () => {
    client.post.mockResolvedValue(answer(201, { ...entry, snippet: undefined, rank: undefined }));
    await renderWithProviders(<JournalPage />);
    fireEvent.change(screen.getByLabelText("Search entries"), { target: { value: "run" } });
    await waitFor(() =>
      expect(client.get).toHaveBeenCalledWith("/api/journal/entries", {
        params: { query: { limit: 50, q: "run" } },
      }),
    );
    fireEvent.change(screen.getByLabelText(/^Title/), { target: { value: "Gap day" } });
    fireEvent.change(screen.getByLabelText("What happened (Markdown)"), {
      target: { value: "Held the runner." },
    });
    fireEvent.change(screen.getByLabelText("Tags (comma-separated)"), { target: { value: "gap, runner" } });
    fireEvent.click(screen.getByRole("button", { name: "Save entry" }));
    await waitFor(() => expect(client.post).toHaveBeenCalled());
    const body = client.post.mock.calls[0]?.[1].body;
    expect(body).toMatchObject({
      title: "Gap day",
      content: "Held the runner.",
      tags: ["gap", "runner"],
      mood: null,
    });
  });

  it("speaks Korean", async () => {
    await renderWithProviders(<JournalPage />, { language: "ko" });
    expect(await screen.findByText("매매일지")).toBeTruthy();
    expect(screen.getByText("거래")).toBeTruthy();
    expect(await screen.findByText("확신 7/10")).toBeTruthy();
    expect(screen.getByRole("button", { name: "일지 저장" })).toBeTruthy();
  });
});
