// The sign-in page when the server answers that the name is locked by failed sign-ins from elsewhere:
// it says why, and offers the way through that still works (the password with a two-step code).
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AuthConfig } from "../../api/models.ts";
import { renderWithProviders, testQueryClient } from "../../test/render.tsx";
import { LoginPage } from "./LoginPage.tsx";
import { authKeys } from "./queries.ts";

const post = vi.hoisted(() => vi.fn());
vi.mock("../../api/client.ts", async (importActual) => {
  const actual = await importActual<typeof import("../../api/client.ts")>();
  return { ...actual, api: { ...actual.api, POST: post } };
});

const answer = (status: number, body: object, headers: Record<string, string> = {}) => ({
  error: status >= 400 ? body : undefined,
  data: status < 400 ? body : undefined,
  response: new Response(JSON.stringify(body), { status, headers }),
});

function client() {
  const queryClient = testQueryClient();
  const config: AuthConfig = { registrationMode: "open", oidcProviders: [] };
  queryClient.setQueryData(authKeys.config, config);
  queryClient.setQueryData(authKeys.setup, { needed: false });
  return queryClient;
}

describe("LoginPage, a locked name", () => {
  beforeEach(() => post.mockReset());

  it("explains the lock and lets the password go again with a two-step code", async () => {
    post.mockResolvedValue(
      answer(429, { code: "sign_in_locked", message: "locked", requestId: "r" }, { "retry-after": "86400" }),
    );
    await renderWithProviders(<LoginPage />, { queryClient: client(), route: "/login" });
    fireEvent.change(screen.getByLabelText(/^Username or email/), { target: { value: "alice" } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "a fine passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText(/sign in on a device you have signed in on before/)).toBeVisible();

    fireEvent.click(screen.getByRole("button", { name: "Sign in with a two-step verification code" }));
    fireEvent.change(screen.getByLabelText(/^Authentication code or recovery code/), {
      target: { value: "123 456" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(2));
    expect(post.mock.calls[1][1]).toEqual({
      body: { login: "alice", password: "a fine passphrase", totp: "123456" },
    });
  });

  it("offers no code step for an ordinary wrong password", async () => {
    post.mockResolvedValue(answer(401, { code: "invalid_credentials", message: "no", requestId: "r" }));
    await renderWithProviders(<LoginPage />, { queryClient: client(), route: "/login" });
    fireEvent.change(screen.getByLabelText(/^Username or email/), { target: { value: "alice" } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "wrong one" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("The username, email or password is not correct.")).toBeVisible();
    expect(screen.queryByRole("button", { name: "Sign in with a two-step verification code" })).toBeNull();
  });
});

describe("LoginPage, a wrong two-step code", () => {
  beforeEach(() => post.mockReset());

  it("says the code is wrong, not the sign-in details", async () => {
    post
      .mockResolvedValueOnce(answer(401, { code: "mfa_required", message: "code", requestId: "r" }))
      .mockResolvedValueOnce(answer(401, { code: "invalid_code", message: "wrong code", requestId: "r" }));
    await renderWithProviders(<LoginPage />, { queryClient: client(), route: "/login" });
    fireEvent.change(screen.getByLabelText(/^Username or email/), { target: { value: "alice" } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "a fine passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    fireEvent.change(await screen.findByLabelText(/^Authentication code or recovery code/), {
      target: { value: "000000" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Wrong code");
    expect(alert).toHaveTextContent("That code is not correct.");
    expect(alert).not.toHaveTextContent(/sign-in details|password/);
  });
});
