// The empty portfolio says how to start (import, add a transaction, the demo portfolio) in English and
// Korean; the demo button asks the server for the demo portfolio and shows its refusal; an allocation
// ring is described in words for screen readers.
import { configure, fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render.tsx";
import { AllocationChart } from "./AllocationChart.tsx";
import { EmptyState } from "./EmptyState.tsx";

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

describe("the empty portfolio", () => {
  beforeEach(() => post.mockReset());

  it("offers the three ways to start, and loads the demo portfolio on request", async () => {
    post.mockResolvedValue(answer(201, { accounts: 2 }));
    await renderWithProviders(<EmptyState />);
    expect(screen.getByRole("heading", { level: 2, name: "Start your portfolio" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Import a broker file" })).toHaveAttribute(
      "href",
      "/portfolio/import",
    );
    expect(screen.getByRole("link", { name: "Add a transaction" })).toHaveAttribute(
      "href",
      "/portfolio/accounts",
    );
    expect(screen.getByRole("link", { name: /screenshot/ })).toHaveAttribute("href", "/portfolio/screenshot");
    fireEvent.click(screen.getByRole("button", { name: "Load a demo portfolio" }));
    await waitFor(() => expect(post).toHaveBeenCalledWith("/api/portfolio/demo"));
  });

  it("shows why the demo portfolio could not be loaded", async () => {
    post.mockResolvedValue(
      answer(409, { code: "conflict", message: "demo market data is not loaded", requestId: "r" }),
    );
    await renderWithProviders(<EmptyState />);
    fireEvent.click(screen.getByRole("button", { name: "Load a demo portfolio" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("demo market data is not loaded");
  });

  it("in Korean", async () => {
    await renderWithProviders(<EmptyState />, { language: "ko" });
    expect(await screen.findByRole("heading", { level: 2, name: "포트폴리오 시작하기" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "데모 포트폴리오 불러오기" })).toBeInTheDocument();
  });
});

describe("AllocationChart", () => {
  it("describes its slices in words and lists them with their shares", async () => {
    await renderWithProviders(
      <AllocationChart
        title="By currency"
        currency="USD"
        slices={[
          { key: "USD", label: "USD", value: "750", share: 0.75 },
          { key: "KRW", label: "KRW", value: "250", share: 0.25 },
        ]}
      />,
    );
    expect(screen.getByRole("img", { name: "By currency: USD 75.0%, KRW 25.0%" })).toBeInTheDocument();
    const items = screen.getAllByRole("listitem");
    expect(items.map((i) => i.textContent)).toEqual(["USD75.0%", "KRW25.0%"]);
    expect(items[0]).toHaveAttribute("title", "USD: $750.00");
  });
});
