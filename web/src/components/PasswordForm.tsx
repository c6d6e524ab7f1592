// The one form every page that sets a password uses (first-admin setup, sign-up, password reset,
// change password): the page's own fields, the new password with the policy hint, its repetition,
// the server's error and the submit button.
import { Button, Group, PasswordInput, Stack } from "@mantine/core";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "./ErrorAlert.tsx";

export interface PasswordFormProps {
  /** Fields above the new password (setup token, username, email, current password). */
  children?: ReactNode;
  /** Label of the new password field ("Password" unless given). */
  label?: string;
  submitLabel: string;
  /** The request is running: the button shows a spinner. */
  pending: boolean;
  /** The last request's error, shown above the button. */
  error: unknown;
  /** Called with the new password once both fields agree. */
  onSubmit: (password: string) => void;
  /** Below the button (links to other pages). */
  footer?: ReactNode;
  /** A button as wide as its label instead of the form (forms inside a card). */
  compactSubmit?: boolean;
  maw?: number;
}

export function PasswordForm({
  children,
  label,
  submitLabel,
  pending,
  error,
  onSubmit,
  footer,
  compactSubmit = false,
  maw,
}: PasswordFormProps) {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const differ = confirm !== password;
  // Said while typing once the repetition has begun; on submit also when it was left empty.
  const mismatch = differ && (confirm.length > 0 || submitted);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!differ) onSubmit(password);
  };

  const button = (
    <Button type="submit" loading={pending} disabled={mismatch}>
      {submitLabel}
    </Button>
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={maw}>
        {children}
        <PasswordInput
          label={label ?? t("fields.password")}
          description={t("hints.password")}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          required
          autoComplete="new-password"
        />
        <PasswordInput
          label={t("fields.confirmPassword")}
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={mismatch ? t("hints.passwordMismatch") : undefined}
          required
          autoComplete="new-password"
        />
        <ErrorAlert error={error} />
        {compactSubmit ? <Group>{button}</Group> : button}
        {footer}
      </Stack>
    </form>
  );
}
