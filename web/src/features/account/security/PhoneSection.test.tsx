// The phone number is optional: the field is not marked required, and the section says so.
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Me } from "../../../api/models.ts";
import { renderWithProviders, testQueryClient } from "../../../test/render.tsx";
import { accountKeys } from "../queries.ts";
import { PhoneSection } from "./PhoneSection.tsx";

function client() {
  const qc = testQueryClient();
  qc.setQueryData(accountKeys.me, { user: { phoneNumber: null, phoneVerifiedAt: null } } as unknown as Me);
  return qc;
}

describe("PhoneSection", () => {
  it("does not mark the optional phone number required", async () => {
    await renderWithProviders(<PhoneSection />, { queryClient: client() });
    const input = screen.getByLabelText(/^Phone number/);
    expect(input).not.toBeRequired();
    expect(input).not.toHaveAttribute("aria-required", "true");
    expect(screen.getByText(/^Optional\./)).toBeVisible();
    expect(screen.getByRole("button", { name: "Send code" })).toBeDisabled();
  });

  it("says so in Korean", async () => {
    await renderWithProviders(<PhoneSection />, { queryClient: client(), language: "ko" });
    expect(screen.getByText(/^선택 사항입니다\./)).toBeVisible();
  });
});
