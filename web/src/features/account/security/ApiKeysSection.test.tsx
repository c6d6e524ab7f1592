// API keys: the new-key form offers only the scopes the server offers (no `trade` while nothing
// trades), and a revoked key can be removed from the list.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../../test/render.tsx";
import { ApiKeysSection } from "./ApiKeysSection.tsx";

const get = vi.hoisted(() => vi.fn());
const del = vi.hoisted(() => vi.fn());
vi.mock("../../../api/client.ts", async (importActual) => {
  const actual = await importActual<typeof import("../../../api/client.ts")>();
  return { ...actual, api: { ...actual.api, GET: get, DELETE: del } };
});

const ok = (body: object | null, status = 200) => ({
  data: body ?? undefined,
  response: new Response(body ? JSON.stringify(body) : null, { status }),
});

const key = (id: string, name: string, revokedAt: string | null, scopes = ["read"]) => ({
  id,
  name,
  prefix: `pre${id}`,
  scopes,
  lastUsedAt: null,
  createdAt: "2026-12-01T10:00:00.000Z",
  revokedAt,
});

describe("ApiKeysSection", () => {
  beforeEach(() => {
    get.mockReset();
    del.mockReset();
    get.mockResolvedValue(
      ok({
        apiKeys: [
          key("1", "live bot", null, ["read", "trade"]),
          key("2", "old bot", "2026-12-02T10:00:00.000Z"),
        ],
        scopes: ["read"],
      }),
    );
  });

  it("offers only the scopes the server offers", async () => {
    await renderWithProviders(<ApiKeysSection />);
    fireEvent.click(await screen.findByRole("button", { name: "Create API key" }));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByRole("checkbox", { name: /^read/ })).toBeChecked();
    expect(within(dialog).queryByRole("checkbox", { name: /^trade/ })).toBeNull();
    expect(within(dialog).queryByRole("checkbox", { name: /^admin/ })).toBeNull();
    // The first render in a file warms Mantine's modal up: slow on a busy machine.
  }, 20_000);

  it("a key issued with trade before still shows it", async () => {
    await renderWithProviders(<ApiKeysSection />);
    const live = await screen.findByRole("listitem", { name: "live bot" });
    expect(within(live).getByText("trade")).toBeVisible();
  });

  it("removes a revoked key from the list after asking; an active key offers revoke, not remove", async () => {
    del.mockResolvedValue(ok(null, 204));
    await renderWithProviders(<ApiKeysSection />);
    const live = await screen.findByRole("listitem", { name: "live bot" });
    expect(within(live).getByRole("button", { name: "Revoke" })).toBeVisible();
    expect(within(live).queryByRole("button", { name: /Remove/ })).toBeNull();

    const old = screen.getByRole("listitem", { name: "old bot" });
    expect(within(old).getByText("Revoked")).toBeVisible();
    fireEvent.click(
      within(old).getByRole("button", { name: "Remove the revoked key “old bot” from the list" }),
    );
    const dialog = await screen.findByRole("dialog");
    fireEvent.click(within(dialog).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(del).toHaveBeenCalledTimes(1));
    expect(del.mock.calls[0]).toEqual(["/api/me/api-keys/{id}", { params: { path: { id: "2" } } }]);
  });

  it("in Korean", async () => {
    await renderWithProviders(<ApiKeysSection />, { language: "ko" });
    const old = await screen.findByRole("listitem", { name: "old bot" });
    expect(within(old).getByRole("button", { name: "폐기된 키 “old bot”를 목록에서 삭제" })).toBeVisible();
  });
});
