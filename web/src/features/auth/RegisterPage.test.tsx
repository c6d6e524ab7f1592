// The sign-up page rendered as the app renders it (Mantine, TanStack Query, i18n, router), with the
// instance's registration settings in the query cache.
import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { AuthConfig } from "../../api/models.ts";
import { renderWithProviders, testQueryClient } from "../../test/render.tsx";
import { authKeys } from "./queries.ts";
import { RegisterPage } from "./RegisterPage.tsx";

const post = vi.hoisted(() => vi.fn());
vi.mock("../../api/client.ts", async (importActual) => {
  const actual = await importActual<typeof import("../../api/client.ts")>();
  return { ...actual, api: { ...actual.api, POST: post } };
});

function withConfig(registrationMode: AuthConfig["registrationMode"]) {
  const queryClient = testQueryClient();
  const config: AuthConfig = { registrationMode, oidcProviders: [] };
  queryClient.setQueryData(authKeys.config, config);
  return queryClient;
}

describe("RegisterPage", () => {
  it("asks for an invite code in invite mode, filled in from the invite link", async () => {
    await renderWithProviders(<RegisterPage />, {
      queryClient: withConfig("invite"),
      route: "/register?invite=AbC-123",
    });
    const form = screen.getByRole("main");
    expect(within(form).getByRole("heading", { name: "Create your account" })).toBeVisible();
    expect(screen.getByLabelText(/^Invite code/)).toHaveValue("AbC-123");
    expect(screen.getByLabelText(/^Username/)).toBeRequired();
    // The email is optional and says so; the shared password form follows.
    expect(screen.getByLabelText(/^Email/)).not.toBeRequired();
    expect(screen.getByText("optional")).toBeVisible();
    expect(screen.getByLabelText(/^Repeat password/)).toBeRequired();
    expect(screen.getByRole("button", { name: "Create account" })).toBeEnabled();
  });

  it("asks for no invite code in open mode", async () => {
    await renderWithProviders(<RegisterPage />, {
      queryClient: withConfig("open"),
      route: "/register?invite=x",
    });
    expect(screen.queryByLabelText(/^Invite code/)).toBeNull();
    expect(screen.getByLabelText(/^Username/)).toBeVisible();
  });

  it("shows no form when registration is closed, in Korean too", async () => {
    await renderWithProviders(<RegisterPage />, { queryClient: withConfig("closed"), language: "ko" });
    expect(
      screen.getByText("이 인스턴스는 회원가입을 받지 않습니다. 관리자에게 계정을 요청하세요."),
    ).toBeVisible();
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(screen.queryByRole("button", { name: "계정 만들기" })).toBeNull();
  });

  it("after signing up with an email, says the address is added once its link is opened", async () => {
    const user = { username: "newbie", email: "newbie@example.test", emailVerifiedAt: null };
    post.mockResolvedValue({
      data: { user, status: "pending_approval" },
      response: new Response(null, { status: 201 }),
    });
    await renderWithProviders(<RegisterPage />, { queryClient: withConfig("approval") });
    fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: "newbie" } });
    fireEvent.change(screen.getByLabelText(/^Email/), { target: { value: "newbie@example.test" } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "a fine passphrase" } });
    fireEvent.change(screen.getByLabelText(/^Repeat password/), { target: { value: "a fine passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByRole("heading", { name: "Waiting for approval" })).toBeVisible();
    expect(screen.getByText(/We sent a link to newbie@example\.test/)).toBeVisible();
    expect(screen.getByText(/until then, sign in with your username/)).toBeVisible();
  });
});
