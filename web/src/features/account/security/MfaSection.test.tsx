// Two-step verification when it is on: how many recovery codes are left, a new set after the password
// and a current code, and the codes offered as a download as well as a copy.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Me } from "../../../api/models.ts";
import { renderWithProviders, testQueryClient } from "../../../test/render.tsx";
import { accountKeys } from "../queries.ts";
import { MfaSection, recoveryCodesFile } from "./MfaSection.tsx";

const get = vi.hoisted(() => vi.fn());
const post = vi.hoisted(() => vi.fn());
vi.mock("../../../api/client.ts", async (importActual) => {
  const actual = await importActual<typeof import("../../../api/client.ts")>();
  return { ...actual, api: { ...actual.api, GET: get, POST: post } };
});

const answer = (status: number, body: object) => ({
  error: status >= 400 ? body : undefined,
  data: status < 400 ? body : undefined,
  response: new Response(JSON.stringify(body), { status }),
});

const fresh = Array.from({ length: 10 }, (_, i) => `new${i}a-bcdef`);

function client() {
  const qc = testQueryClient();
  qc.setQueryData(accountKeys.me, { user: { username: "alice", mfaEnabled: true } } as unknown as Me);
  return qc;
}

describe("MfaSection, two-step verification on", () => {
  const created: Blob[] = [];
  beforeEach(() => {
    get.mockReset();
    post.mockReset();
    created.length = 0;
    get.mockResolvedValue(answer(200, { enabled: true, recoveryCodesLeft: 2, recoveryCodesTotal: 10 }));
    URL.createObjectURL = vi.fn((b: Blob) => {
      created.push(b);
      return "blob:codes";
    });
    URL.revokeObjectURL = vi.fn();
  });
  afterEach(() => vi.restoreAllMocks());

  it("says how many recovery codes are left, and warns when few are", async () => {
    await renderWithProviders(<MfaSection />, { queryClient: client() });
    expect(await screen.findByText(/Recovery codes: 2 of 10 left\./)).toBeVisible();
    expect(screen.getByTestId("recovery-codes-left")).toHaveTextContent("Make new ones before they run out.");
    expect(get).toHaveBeenCalledWith("/api/me/mfa");
  });

  it("in Korean too", async () => {
    await renderWithProviders(<MfaSection />, { queryClient: client(), language: "ko" });
    expect(await screen.findByText(/복구 코드: 10개 중 2개 남음/)).toBeVisible();
  });

  it("makes new codes after the password and a code, then offers copy and a .txt download", async () => {
    post.mockResolvedValue(answer(200, { recoveryCodes: fresh }));
    await renderWithProviders(<MfaSection />, { queryClient: client() });
    fireEvent.click(await screen.findByRole("button", { name: "New recovery codes" }));
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "a fine passphrase" } });
    fireEvent.change(screen.getByLabelText(/^Authentication code or recovery code/), {
      target: { value: "123 456" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Make new codes" }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]).toEqual([
      "/api/me/mfa/recovery-codes",
      { body: { password: "a fine passphrase", code: "123456" } },
    ]);
    expect(await screen.findByText("Your old recovery codes no longer work.")).toBeVisible();
    expect(screen.getByTestId("recovery-codes")).toHaveTextContent(fresh[9]);
    expect(screen.getByRole("button", { name: /Copy: Recovery codes/ })).toBeVisible();

    fireEvent.click(screen.getByRole("button", { name: "Download as .txt" }));
    expect(created).toHaveLength(1);
    const text = await created[0].text();
    for (const c of fresh) expect(text).toContain(c);
    expect(text).toContain("alice");
  });

  it("shows a wrong code as a wrong code", async () => {
    post.mockResolvedValue(
      answer(400, { code: "invalid_code", message: "body.code: the code is not correct", requestId: "r" }),
    );
    await renderWithProviders(<MfaSection />, { queryClient: client() });
    fireEvent.click(await screen.findByRole("button", { name: "New recovery codes" }));
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "a fine passphrase" } });
    fireEvent.change(screen.getByLabelText(/^Authentication code or recovery code/), {
      target: { value: "000000" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Make new codes" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Wrong code");
    expect(alert).toHaveTextContent("That code is not correct.");
  });
});

describe("recoveryCodesFile", () => {
  it("names the account and the day, one code a line", () => {
    const text = recoveryCodesFile(
      ["aaaaa-bbbbb", "ccccc-ddddd"],
      "bob",
      new Date("2026-12-07T10:00:00Z"),
      "Keep it.",
    );
    expect(text.split("\n")).toEqual([
      "Bullpen — bob — 2026-12-07",
      "Keep it.",
      "",
      "aaaaa-bbbbb",
      "ccccc-ddddd",
      "",
    ]);
  });
});
