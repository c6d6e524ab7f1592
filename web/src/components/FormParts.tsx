// Small form parts several pages share: the current-password input, the one-time code input and the
// submit-and-cancel buttons.
import {
  Button,
  type ButtonProps,
  Group,
  PasswordInput,
  type PasswordInputProps,
  TextInput,
} from "@mantine/core";
import { useTranslation } from "react-i18next";

interface ValueProps {
  value: string;
  onChange: (value: string) => void;
}

/** The password of the signed-in (or signing-in) account; "Password" unless labelled otherwise. */
export function CurrentPasswordInput({
  value,
  onChange,
  ...rest
}: ValueProps & Omit<PasswordInputProps, "value" | "onChange">) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      label={t("fields.password")}
      {...rest}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      required
      autoComplete="current-password"
    />
  );
}

/**
 * A TOTP code, or with `recovery` also a recovery code (letters, so no numeric keyboard), in a
 * monospace face so the digits line up.
 */
export function OneTimeCodeInput({
  value,
  onChange,
  recovery = false,
  autoFocus,
}: ValueProps & { recovery?: boolean; autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={recovery ? t("fields.totpOrRecovery") : t("fields.totp")}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      required
      autoFocus={autoFocus}
      autoComplete="one-time-code"
      inputMode={recovery ? "text" : "numeric"}
      maxLength={recovery ? 32 : 10}
      spellCheck={false}
      styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", letterSpacing: 2 } }}
    />
  );
}

/** The submit button of a form and a "Cancel" beside it. */
export function SubmitCancel({
  label,
  pending,
  onCancel,
  color,
}: {
  label: string;
  pending: boolean;
  onCancel: () => void;
  color?: ButtonProps["color"];
}) {
  const { t } = useTranslation();
  return (
    <Group>
      <Button type="submit" color={color} loading={pending}>
        {label}
      </Button>
      <Button variant="default" onClick={onCancel}>
        {t("common.cancel")}
      </Button>
    </Group>
  );
}
