// The import wizard's column-mapping step: the file's columns offered with their first values, a
// mapping saved for this header pre-selected, the date column required before a preview, the preview
// uploaded as the generic CSV with the mapping chosen, and the mapping saved under a name.
import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render.tsx";
import { ImportMapping } from "./ImportMapping.tsx";
import type { Columns } from "./importApi.ts";

configure({ asyncUtilTimeout: 10_000 });

const post = vi.hoisted(() => vi.fn());
vi.mock("../../api/client.ts", async (importActual) => {
  const actual = await importActual<typeof import("../../api/client.ts")>();
  return { ...actual, api: { ...actual.api, POST: post } };
});

const columns = (over: Partial<Columns> = {}): Columns => ({
  detected: null,
  headers: ["Booked", "Kind", "Code", "Units", "Unit price", "Ccy"],
  headerRow: 2,
  samples: [
    ["02.05.2024", "Buy", "AAPL", "3", "170,50", "USD"],
    ["03.05.2024", "Sell", "AAPL", "1", "171,00", "USD"],
  ],
  fields: ["date", "type", "symbol", "quantity", "price", "currency"],
  suggested: { symbol: "Code" },
  saved: [],
  ...over,
});
const file = new File(["Booked;Kind\n"], "bank.csv", { type: "text/csv" });

/** Chooses `option` in the Select labelled `label`. */
async function choose(label: string, option: RegExp | string) {
  const input = screen.getByLabelText(label, { selector: "input" });
  fireEvent.click(input);
  const list = await screen.findByRole("listbox", { name: label, hidden: true });
  fireEvent.click(await within(list).findByRole("option", { name: option, hidden: true }));
}

describe("ImportMapping", () => {
  let fetchSpy: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    post.mockReset();
    fetchSpy = vi.spyOn(globalThis, "fetch");
  });
  afterEach(() => fetchSpy.mockRestore());

  it("asks for the date column, then previews the file as the generic CSV with the mapping", async () => {
    fetchSpy.mockResolvedValue(new Response(JSON.stringify({ id: "imp-1" }), { status: 201 }));
    const onPreview = vi.fn();
    await renderWithProviders(
      <ImportMapping
        file={file}
        columns={columns()}
        options={{ accountId: "acc-1" }}
        notRecognised
        onPreview={onPreview}
        onCancel={vi.fn()}
      />,
    );
    expect(screen.getByText(/No broker preset recognised this file/)).toBeInTheDocument();
    expect(screen.getByText("Columns from line 2 of bank.csv")).toBeInTheDocument();
    // The suggestion stands, with the column's first values beside it.
    expect(screen.getByLabelText("Symbol", { selector: "input" })).toHaveValue("Code — AAPL · AAPL");
    expect(screen.getAllByTestId("mapping-field")).toHaveLength(15);
    await choose("Type", /^Kind — Buy · Sell/);
    fireEvent.click(screen.getByRole("button", { name: "Preview with this mapping" }));
    expect(await screen.findByText("Choose the column that holds the date.")).toBeInTheDocument();
    expect(fetchSpy).not.toHaveBeenCalled();

    await choose("Date", /^Booked/);
    await choose("Quantity", /^Units/);
    await choose("Date order", "31/03/2024");
    fireEvent.click(screen.getByRole("button", { name: "Preview with this mapping" }));
    await waitFor(() => expect(onPreview).toHaveBeenCalled());
    const [url, init] = fetchSpy.mock.calls[0] as [string, RequestInit];
    expect(url).toBe("/api/portfolio/imports");
    const form = init.body as FormData;
    expect(form.get("broker")).toBe("generic-csv");
    expect(form.get("accountId")).toBe("acc-1");
    expect(form.get("dateOrder")).toBe("DMY");
    expect(JSON.parse(form.get("mapping") as string)).toEqual({
      symbol: "Code",
      date: "Booked",
      type: "Kind",
      quantity: "Units",
    });
    expect(onPreview.mock.calls[0]?.[0]).toEqual({ id: "imp-1" });
  });

  it("pre-selects the mapping saved for this header and saves a new one under a name (Korean)", async () => {
    const saved = {
      id: "m-1",
      name: "은행 내보내기",
      headerKey: "booked|kind|code|units|unit price|ccy",
      mapping: { date: "Booked", type: "Kind", symbol: "Code", quantity: "Units", price: "Unit price" },
      createdAt: "2024-01-01T00:00:00Z",
      updatedAt: "2024-01-01T00:00:00Z",
    };
    post.mockResolvedValue({
      data: { ...saved, id: "m-2", name: "통화 포함", mapping: { ...saved.mapping, currency: "Ccy" } },
      error: undefined,
      response: new Response("{}", { status: 201 }),
    });
    await renderWithProviders(
      <ImportMapping
        file={file}
        columns={columns({ saved: [saved] })}
        options={{}}
        onPreview={vi.fn()}
        onCancel={vi.fn()}
      />,
      { language: "ko" },
    );
    expect(screen.getByTestId("mapping-saved-fits")).toBeInTheDocument();
    expect(screen.getByLabelText("저장한 연결", { selector: "input" })).toHaveValue("은행 내보내기");
    expect(screen.getByLabelText("날짜", { selector: "input" })).toHaveValue(
      "Booked — 02.05.2024 · 03.05.2024",
    );
    expect(screen.getByLabelText("단가", { selector: "input" })).toHaveValue("Unit price — 170,50 · 171,00");
    expect(screen.getByLabelText("통화", { selector: "input" })).toHaveValue("");
    await choose("통화", /^Ccy/);
    fireEvent.change(screen.getByLabelText("이 연결을 저장할 이름", { selector: "input" }), {
      target: { value: "통화 포함" },
    });
    fireEvent.click(screen.getByRole("button", { name: "연결 저장" }));
    await waitFor(() => expect(post).toHaveBeenCalled());
    expect(post).toHaveBeenCalledWith("/api/portfolio/import-mappings", {
      body: {
        name: "통화 포함",
        headers: columns().headers,
        mapping: { ...saved.mapping, currency: "Ccy" },
      },
    });
    await waitFor(() =>
      expect(screen.getByLabelText("저장한 연결", { selector: "input" })).toHaveValue("통화 포함"),
    );
    expect(within(document.body).queryByText("이 연결로 미리 보기")).toBeInTheDocument();
  });
});
