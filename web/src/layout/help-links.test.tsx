// The account menu reaches the help from every page: the user guide in the app and the API reference
// this server serves at /docs (a new tab), in both languages.
import { configure, fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Me } from "../api/models.ts";
import { accountKeys } from "../features/account/queries.ts";
import { renderWithProviders, testQueryClient } from "../test/render.tsx";
import { AccountMenu } from "./menus.tsx";

configure({ asyncUtilTimeout: 10_000 });

function client() {
  const qc = testQueryClient();
  qc.setQueryData(accountKeys.me, {
    user: { username: "alice", email: null, role: "user" },
    profile: { avatarUrl: null },
    settings: { timezone: "UTC", display: {} },
  } as unknown as Me);
  return qc;
}

describe("the account menu's help links", { timeout: 30_000 }, () => {
  it("opens the user guide and the API reference", async () => {
    await renderWithProviders(<AccountMenu onSignOut={() => {}} />, { queryClient: client() });
    fireEvent.click(screen.getByRole("button"));
    expect(await screen.findByRole("menuitem", { name: "User guide" })).toHaveAttribute("href", "/guide");
    const api = (await screen.findByText("API reference")).closest("a");
    expect(api).toHaveAttribute("href", "/docs");
    expect(api).toHaveAttribute("target", "_blank");
  });

  it("in Korean", async () => {
    await renderWithProviders(<AccountMenu onSignOut={() => {}} />, {
      queryClient: client(),
      language: "ko",
    });
    fireEvent.click(screen.getByRole("button"));
    expect(await screen.findByRole("menuitem", { name: "사용 설명서" })).toHaveAttribute("href", "/guide");
    expect((await screen.findByText("API 문서")).closest("a")).toHaveAttribute("href", "/docs");
  });
});
