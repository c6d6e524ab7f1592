// The home dashboard as the app renders it, against answers shaped like the server's: cards drawn in
// the server's order by the components their feature folders register (an id without a component is
// left out), each card's compact view and empty state, the first-run guide ticked from the server's
// state and closed with one request, in English and Korean.
import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Me } from "../../api/models.ts";
import { renderWithProviders, testQueryClient } from "../../test/render.tsx";
import { accountKeys } from "../account/queries.ts";
import { HomePage } from "./HomePage.tsx";

// Cards load one request each: allow for a slow, shared machine.
configure({ asyncUtilTimeout: 10_000 });

const get = vi.hoisted(() => vi.fn());
const put = vi.hoisted(() => vi.fn());
vi.mock("../../api/client.ts", async (importActual) => {
  const actual = await importActual<typeof import("../../api/client.ts")>();
  return { ...actual, api: { ...actual.api, GET: get, PUT: put } };
});

const answer = (status: number, body: object) => ({
  error: status >= 400 ? body : undefined,
  data: status < 400 ? body : undefined,
  response: new Response(JSON.stringify(body), { status }),
});

const line = (symbol: string, price: string | null, changePct: string | null, extra: object = {}) => ({
  instrumentId: `id-${symbol}`,
  symbol,
  mic: "XXXX",
  name: `${symbol} name`,
  nameLocal: null,
  assetClass: "equity",
  currency: "USD",
  price,
  change: null,
  changePct,
  priceAt: null,
  sessionDate: price ? "2024-03-07" : null,
  priceDecimals: 2,
  synthetic: false,
  ...extra,
});

const card = (id: string, order: number) => ({
  id,
  module: id.split(".")[0],
  order,
  audience: "user",
  dataPath: `/api/home/cards/${id}`,
});

type Step = { id: string; done: boolean };
function homeAnswer(steps: Step[], dismissed = false) {
  return {
    cards: [
      card("market.glance", 200),
      card("paper.summary", 250), // a module whose web part this app lacks
      card("market.watchlist", 300),
      card("identity.account", 400),
    ],
    guide: {
      dismissed,
      dismissedAt: dismissed ? "2026-12-07T10:00:00.000Z" : null,
      complete: steps.every((s) => s.done),
      steps: steps.map((s, i) => ({ ...s, module: s.id.split(".")[0], order: (i + 1) * 10 })),
    },
  };
}

const glance = {
  indices: [{ ...line("SPX", "4200.5", "1.2345", { assetClass: "index" }), spark: [4100, 4150, 4200.5] }],
  // (a pair's prices to its pip; a synthetic series said so)
  fx: [
    {
      ...line("USDKRW", "1300", "-0.5", { assetClass: "fx", priceDecimals: 4, synthetic: true }),
      spark: [1310, 1300],
    },
    { ...line("USDCHF", null, null, { assetClass: "fx" }), spark: [] },
  ],
  movers: [line("HUP", "10.5", "5")],
  watched: 3,
};
const account = {
  username: "alice",
  role: "user",
  email: "alice@example.test",
  emailVerified: true,
  emailPending: false,
  mfaEnabled: false,
  recoveryCodesLeft: 0,
  sessions: 2,
  apiKeys: 1,
  lastLoginAt: null,
  createdAt: "2026-01-02T03:04:05.000Z",
};

let cardAnswers: Record<string, object>;
let steps: Step[];

function client() {
  const qc = testQueryClient();
  qc.setQueryData(accountKeys.me, {
    user: { username: "alice", role: "user" },
    profile: { firstName: null },
    settings: { timezone: "UTC", display: { priceColors: "auto" } },
  } as unknown as Me);
  return qc;
}

beforeEach(() => {
  get.mockReset();
  put.mockReset();
  steps = [
    { id: "market.watchlist", done: true },
    { id: "market.instrument", done: false },
    { id: "identity.mfa", done: false },
  ];
  cardAnswers = {
    "/api/home/cards/market.glance": glance,
    "/api/home/cards/market.watchlist": {
      watchlist: {
        id: "w1",
        name: "Core",
        size: 10,
        items: [line("HUP", "10.5", "5"), line("HNONE", null, null)],
      },
      watchlists: 1,
    },
    "/api/home/cards/identity.account": account,
  };
  get.mockImplementation(async (path: string) => {
    if (path === "/api/home") return answer(200, homeAnswer(steps));
    const body = cardAnswers[path];
    return body ? answer(200, body) : answer(404, { code: "not_found", message: "no", requestId: "r" });
  });
});

describe("HomePage", { timeout: 30_000 }, () => {
  it("draws the server's cards in order with the registered components, and nothing for unknown ids", async () => {
    await renderWithProviders(<HomePage />, { queryClient: client() });
    const headings = await screen.findAllByRole("heading", { level: 2 });
    await waitFor(() =>
      expect(screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent)).toEqual([
        "Get started",
        "Markets at a glance",
        "Watchlist: Core",
        "Your account",
        "Help",
      ]),
    );
    expect(headings.length).toBeGreaterThan(0);
    expect(get).not.toHaveBeenCalledWith("/api/home/cards/paper.summary");
    expect(document.body.textContent).not.toMatch(/coming soon|does not exist yet/i);
    // Each card links to its full page.
    expect(screen.getByRole("link", { name: "All instruments" })).toHaveAttribute("href", "/instruments");
    expect(screen.getByRole("link", { name: "All watchlists" })).toHaveAttribute("href", "/watchlists");
    expect(screen.getByRole("link", { name: "Security" })).toHaveAttribute("href", "/security");
    // Help: the user guide in the app, the API reference served by this server.
    expect(screen.getByRole("link", { name: "User guide" })).toHaveAttribute("href", "/guide");
    expect(screen.getByRole("link", { name: "API reference" })).toHaveAttribute("href", "/docs");
  });

  it("shows the dashboard whole once every card has answered, each card's data read once", async () => {
    // Cards that grew from their skeletons one by one pushed the others down (a layout shift of 0.51).
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const plain = get.getMockImplementation() as (path: string) => Promise<unknown>;
    get.mockImplementation(async (path: string) => {
      if (path === "/api/home/cards/market.watchlist") await held;
      return plain(path);
    });
    await renderWithProviders(<HomePage />, { queryClient: client() });
    await waitFor(() => expect(get).toHaveBeenCalledWith("/api/home/cards/market.watchlist"));
    await waitFor(() => expect(get).toHaveBeenCalledWith("/api/home/cards/identity.account"));
    expect(screen.getByRole("status", { name: "Loading…" })).toBeVisible();
    expect(screen.queryByRole("heading", { name: "Markets at a glance" })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Get started" })).toBeNull();
    release();
    expect(await screen.findByRole("heading", { name: "Watchlist: Core" })).toBeVisible();
    expect(screen.getByRole("heading", { name: "Markets at a glance" })).toBeVisible();
    expect(screen.queryByRole("status", { name: "Loading…" })).toBeNull();
    // No card skeleton left, and no second request when the cards mounted on the dashboard's answers.
    expect(document.querySelector("[aria-busy='true']")).toBeNull();
    for (const path of [
      "/api/home/cards/market.glance",
      "/api/home/cards/market.watchlist",
      "/api/home/cards/identity.account",
    ])
      expect(get.mock.calls.filter(([p]) => p === path)).toHaveLength(1);
  });

  it("markets at a glance: last value, change, sparkline; no data said as such; movers", async () => {
    await renderWithProviders(<HomePage />, { queryClient: client() });
    const section = (await screen.findByRole("heading", { name: "Markets at a glance" })).closest(
      "section",
    ) as HTMLElement;
    const indices = await within(section).findByRole("table", { name: "Indices" });
    const spx = within(indices).getByRole("row", { name: /SPX/ });
    expect(spx).toHaveTextContent("4,200.50");
    expect(spx).toHaveTextContent("+1.23%");
    expect(within(spx).getByText("+1.23%")).toHaveStyle({ color: "#087f5b" }); // rising: green in English
    expect(within(spx).getByRole("img")).toHaveAccessibleName(
      /SPX: trend of the last 3 daily closes, 4,100.00 → 4,200.50/,
    );
    const fx = within(section).getByRole("table", { name: "Currencies" });
    const usdkrw = within(fx).getByRole("row", { name: /USDKRW/ });
    expect(usdkrw).toHaveTextContent("-0.50%");
    expect(usdkrw).toHaveTextContent("1,300.0000");
    expect(usdkrw).toHaveTextContent("USDKRW name · synthetic");
    expect(within(fx).getByRole("row", { name: /USDCHF/ })).toHaveTextContent("No data yet");
    const movers = within(section).getByRole("table", { name: "Movers in your watchlists" });
    expect(within(movers).getByRole("row", { name: /HUP/ })).toHaveTextContent("+5.00%");
    expect(within(movers).getByRole("link", { name: "HUP" })).toHaveAttribute("href", "/instruments/id-HUP");
  });

  it("the watchlist and account cards: items with quotes and how many more; security state", async () => {
    await renderWithProviders(<HomePage />, { queryClient: client() });
    const wl = (await screen.findByRole("heading", { name: "Watchlist: Core" })).closest(
      "section",
    ) as HTMLElement;
    expect(await within(wl).findByRole("row", { name: /HUP/ })).toHaveTextContent("10.5");
    expect(within(wl).getByRole("row", { name: /HNONE/ })).toHaveTextContent("No data yet");
    expect(within(wl).getByText("and 8 more")).toBeVisible();
    const acc = (await screen.findByRole("heading", { name: "Your account" })).closest(
      "section",
    ) as HTMLElement;
    await within(acc).findByText("alice");
    expect(within(acc).getByText("Two-step verification").parentElement).toHaveTextContent("Off");
    expect(within(acc).getByText("Signed-in sessions").parentElement).toHaveTextContent("2");
    expect(within(acc).getByText("Email").parentElement).toHaveTextContent("Verified");
    expect(within(acc).getByRole("link", { name: "Turn on two-step verification" })).toHaveAttribute(
      "href",
      "/security",
    );
  });

  it("empty states say how to start", async () => {
    cardAnswers["/api/home/cards/market.watchlist"] = { watchlist: null, watchlists: 0 };
    cardAnswers["/api/home/cards/market.glance"] = { indices: [], fx: [], movers: [], watched: 0 };
    await renderWithProviders(<HomePage />, { queryClient: client() });
    const wl = (await screen.findByRole("heading", { name: "Watchlist" })).closest("section") as HTMLElement;
    expect(await within(wl).findByText(/You have no watchlist yet/)).toBeVisible();
    expect(within(wl).getByRole("link", { name: "Make a watchlist" })).toHaveAttribute("href", "/watchlists");
    const gl = (await screen.findByRole("heading", { name: "Markets at a glance" })).closest(
      "section",
    ) as HTMLElement;
    expect(await within(gl).findByText(/No index or currency pair is configured yet/)).toBeVisible();
  });

  it("a card whose data fails says so and offers a retry, the others still show", async () => {
    cardAnswers["/api/home/cards/identity.account"] = undefined as unknown as object;
    await renderWithProviders(<HomePage />, { queryClient: client() });
    const acc = (await screen.findByRole("heading", { name: "Your account" })).closest(
      "section",
    ) as HTMLElement;
    expect(await within(acc).findByText("This card could not be loaded.")).toBeVisible();
    expect(within(acc).getByRole("button", { name: "Try again" })).toBeVisible();
    expect(await screen.findByRole("heading", { name: "Watchlist: Core" })).toBeVisible();
  });
});

describe("the administrators' card", () => {
  it("shows accounts waiting for approval with a link to review them, and how people sign up", async () => {
    get.mockImplementation(async (path: string) => {
      if (path === "/api/home") {
        const h = homeAnswer(steps);
        return answer(200, {
          ...h,
          cards: [{ ...card("identity.admin", 100), audience: "admin" }, ...h.cards],
        });
      }
      if (path === "/api/home/cards/identity.admin")
        return answer(200, { pendingApproval: 2, active: 5, suspended: 1, registrationMode: "invite" });
      return answer(200, cardAnswers[path] ?? {});
    });
    await renderWithProviders(<HomePage />, { queryClient: client(), language: "ko" });
    const adm = (await screen.findByRole("heading", { name: "관리" })).closest("section") as HTMLElement;
    expect(await within(adm).findByRole("link", { name: "검토하기" })).toHaveAttribute(
      "href",
      "/admin/users?status=pending_approval",
    );
    expect(within(adm).getByText("승인 대기").parentElement).toHaveTextContent("2");
    expect(within(adm).getByText("초대 코드로 가입")).toBeVisible();
    // First on the page: the server's order.
    expect(screen.getAllByRole("heading", { level: 2 })[1]).toHaveTextContent("관리");
  });
});

describe("the first-run guide", () => {
  it("ticks the steps the server says are done and links the others to their page", async () => {
    await renderWithProviders(<HomePage />, { queryClient: client() });
    const guide = (await screen.findByRole("heading", { name: "Get started" })).closest(
      "section",
    ) as HTMLElement;
    const items = within(guide).getAllByRole("listitem");
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringContaining("Make a watchlist(Done)"),
      expect.stringContaining("Find an instrument and add it(To do)"),
      expect.stringContaining("Secure your account(To do)"),
    ]);
    expect(within(items[0] as HTMLElement).queryByRole("link")).toBeNull();
    expect(within(items[1] as HTMLElement).getByRole("link", { name: "Find instruments" })).toHaveAttribute(
      "href",
      "/instruments",
    );
    expect(within(items[2] as HTMLElement).getByRole("link", { name: "Open security" })).toHaveAttribute(
      "href",
      "/security",
    );
    expect(within(guide).getByText("1 of 3 done")).toBeVisible();
  });

  it("closes for good with one request, and can be shown again from Help", async () => {
    put.mockImplementation(async (_path: string, init: { body: { dismissed: boolean } }) =>
      answer(200, homeAnswer(steps, init.body.dismissed).guide),
    );
    await renderWithProviders(<HomePage />, { queryClient: client() });
    fireEvent.click(await screen.findByRole("button", { name: "Close the guide" }));
    await waitFor(() => expect(screen.queryByRole("heading", { name: "Get started" })).toBeNull());
    expect(put).toHaveBeenCalledWith("/api/home/guide", { body: { dismissed: true } });
    fireEvent.click(screen.getByRole("button", { name: "Show the getting-started guide" }));
    expect(await screen.findByRole("heading", { name: "Get started" })).toBeVisible();
    expect(put).toHaveBeenLastCalledWith("/api/home/guide", { body: { dismissed: false } });
  });

  it("is not shown once dismissed", async () => {
    get.mockImplementation(async (path: string) =>
      path === "/api/home" ? answer(200, homeAnswer(steps, true)) : answer(200, cardAnswers[path] ?? {}),
    );
    await renderWithProviders(<HomePage />, { queryClient: client() });
    await screen.findByRole("heading", { name: "Your account" });
    expect(screen.queryByRole("heading", { name: "Get started" })).toBeNull();
  });

  it("in Korean: the words, and rising prices in red", async () => {
    await renderWithProviders(<HomePage />, { queryClient: client(), language: "ko" });
    expect(await screen.findByRole("heading", { name: "시작하기" })).toBeVisible();
    expect(screen.getByText("3단계 중 1단계 완료")).toBeVisible();
    const section = (await screen.findByRole("heading", { name: "시장 한눈에 보기" })).closest(
      "section",
    ) as HTMLElement;
    const indices = await within(section).findByRole("table", { name: "지수" });
    // The explicit shades of the price colours (features/market/colors.ts), light scheme.
    expect(within(indices).getByText("+1.23%")).toHaveStyle({ color: "#c92a2a" });
    const fx = within(section).getByRole("table", { name: "환율" });
    expect(within(fx).getByText("-0.50%")).toHaveStyle({ color: "#1864ab" });
    expect(within(fx).getByRole("row", { name: /USDCHF/ })).toHaveTextContent("데이터 없음");
  });
});
