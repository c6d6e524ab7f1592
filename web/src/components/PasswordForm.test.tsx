import { TextInput } from "@mantine/core";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client.ts";
import { renderWithProviders } from "../test/render.tsx";
import { PasswordForm } from "./PasswordForm.tsx";

/** An input by its exact label; Mantine appends " *" to required fields' labels. */
const field = (label: string) =>
  screen.getByLabelText(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\*)?$`), {
    selector: "input",
  });

describe("PasswordForm", () => {
  it("asks for the password twice with the policy hint, and submits the password once both agree", async () => {
    const onSubmit = vi.fn();
    await renderWithProviders(
      <PasswordForm submitLabel="Create account" pending={false} error={null} onSubmit={onSubmit}>
        <TextInput label="Username" />
      </PasswordForm>,
    );
    expect(screen.getByText("At least 8 characters. Long passphrases are welcome.")).toBeVisible();
    // The page's own fields come first.
    const inputs = screen.getAllByRole("textbox");
    expect(inputs[0]).toBe(screen.getByLabelText("Username"));
    expect(field("Password")).toHaveAttribute("autocomplete", "new-password");

    const user = userEvent.setup();
    await user.type(field("Password"), "correct horse battery");
    await user.type(field("Repeat password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith("correct horse battery");
  });

  it("says the repetition differs while typing and will not submit", async () => {
    const onSubmit = vi.fn();
    await renderWithProviders(
      <PasswordForm submitLabel="Set new password" pending={false} error={null} onSubmit={onSubmit} />,
    );
    const user = userEvent.setup();
    await user.type(field("Password"), "correct horse battery");
    await user.type(field("Repeat password"), "correct horse");
    expect(screen.getByText("The passwords do not match.")).toBeVisible();
    expect(screen.getByRole("button", { name: "Set new password" })).toBeDisabled();
    await user.type(field("Repeat password"), "{Enter}");
    expect(onSubmit).not.toHaveBeenCalled();
    await user.type(field("Repeat password"), " battery");
    expect(screen.queryByText("The passwords do not match.")).toBeNull();
    expect(screen.getByRole("button", { name: "Set new password" })).toBeEnabled();
  });

  it("does not submit with the repetition left empty, and says why", async () => {
    const onSubmit = vi.fn();
    await renderWithProviders(
      <PasswordForm submitLabel="Go" pending={false} error={null} onSubmit={onSubmit} />,
    );
    const user = userEvent.setup();
    await user.type(field("Password"), "correct horse battery");
    expect(screen.queryByText("The passwords do not match.")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Go" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText("The passwords do not match.")).toBeVisible();
  });

  it("shows the server's refusal with the field's label instead of its path", async () => {
    const error = new ApiError(400, "validation", "body.password: is too common; choose another", "req-1");
    await renderWithProviders(
      <PasswordForm submitLabel="Go" pending={false} error={error} onSubmit={() => {}} />,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Password: is too common; choose another");
  });

  it("is in Korean in the Korean UI, with its own label for a new password", async () => {
    await renderWithProviders(
      <PasswordForm
        label="새 비밀번호"
        submitLabel="변경"
        pending={false}
        error={null}
        onSubmit={() => {}}
      />,
      { language: "ko" },
    );
    expect(field("새 비밀번호")).toBeInTheDocument();
    expect(field("비밀번호 확인")).toBeInTheDocument();
    expect(screen.getByText("8자 이상. 긴 문장형 비밀번호를 권장합니다.")).toBeVisible();
  });

  it("shows a busy button while the request runs", async () => {
    await renderWithProviders(<PasswordForm submitLabel="Go" pending error={null} onSubmit={() => {}} />);
    expect(screen.getByRole("button", { name: "Go" })).toHaveAttribute("data-loading", "true");
  });
});
