import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiKeysSection } from "./security/ApiKeysSection.tsx";
import { DeleteAccountSection } from "./security/DeleteAccountSection.tsx";
import { MfaSection } from "./security/MfaSection.tsx";
import { PasswordSection } from "./security/PasswordSection.tsx";
import { PhoneSection } from "./security/PhoneSection.tsx";
import { SessionsSection } from "./security/SessionsSection.tsx";

export function SecurityPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={960}>
      <Title order={1} size="h2">
        {t("security.title")}
      </Title>
      <MfaSection />
      <SessionsSection />
      <PasswordSection />
      <ApiKeysSection />
      <PhoneSection />
      <DeleteAccountSection />
    </Stack>
  );
}
