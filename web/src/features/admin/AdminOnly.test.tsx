// A non-administrator who opens an admin page is told why and offered the way home; an administrator
// sees the page.
import { screen } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import type { Me } from "../../api/models.ts";
import { RequireAdmin } from "../../layout/guards.tsx";
import { renderWithProviders, testQueryClient } from "../../test/render.tsx";
import { accountKeys } from "../account/queries.ts";

function withRole(role: "user" | "admin") {
  const qc = testQueryClient();
  qc.setQueryData(accountKeys.me, { user: { role } } as unknown as Me);
  return qc;
}

const routes = (
  <Routes>
    <Route path="/" element={<p>home page</p>} />
    <Route element={<RequireAdmin />}>
      <Route path="/admin/users" element={<p>the users table</p>} />
    </Route>
  </Routes>
);

describe("RequireAdmin", () => {
  it("tells a user why the page is closed and links home", async () => {
    await renderWithProviders(routes, { queryClient: withRole("user"), route: "/admin/users" });
    expect(screen.getByRole("heading", { name: "Administrators only" })).toBeVisible();
    expect(screen.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
    expect(screen.queryByText("the users table")).toBeNull();
  });

  it("says it in Korean too", async () => {
    await renderWithProviders(routes, {
      queryClient: withRole("user"),
      route: "/admin/users",
      language: "ko",
    });
    expect(screen.getByRole("heading", { name: "관리자 전용" })).toBeVisible();
    expect(screen.getByRole("link", { name: "홈으로 가기" })).toBeVisible();
  });

  it("shows the page to an administrator", async () => {
    await renderWithProviders(routes, { queryClient: withRole("admin"), route: "/admin/users" });
    expect(screen.getByText("the users table")).toBeVisible();
    expect(screen.queryByRole("heading", { name: "Administrators only" })).toBeNull();
  });
});
