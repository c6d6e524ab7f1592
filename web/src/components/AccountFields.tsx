// The username and optional email inputs that first-admin setup and sign-up both ask for (the optional
// email also serves the admin's invite form).
import { Text, TextInput, type TextInputProps } from "@mantine/core";
import { useTranslation } from "react-i18next";

interface FieldProps {
  value: string;
  onChange: (value: string) => void;
}

export function UsernameInput({ value, onChange }: FieldProps) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t("fields.username")}
      description={t("hints.username")}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      required
      autoComplete="username"
    />
  );
}

/** An email input marked "optional" inside its right edge. */
export function OptionalEmailInput({
  value,
  onChange,
  ...rest
}: FieldProps & Omit<TextInputProps, "value" | "onChange">) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t("fields.email")}
      {...rest}
      type="email"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      autoComplete="email"
      rightSection={
        <Text size="xs" c="dimmed" pr="xs">
          {t("common.optional")}
        </Text>
      }
      rightSectionWidth={70}
    />
  );
}
