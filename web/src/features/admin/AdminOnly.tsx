// What a signed-in user who is not an administrator sees on an admin page: why, and the way home
// (instead of being sent home without a word).
import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function AdminOnly() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" maw={480} ta="center">
        <Title order={1} size="h2">
          {t("admin.denied.title")}
        </Title>
        <Text>{t("admin.denied.body")}</Text>
        <Button component={Link} to="/">
          {t("admin.denied.home")}
        </Button>
      </Stack>
    </Center>
  );
}
