import { Anchor, Center, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { LanguageSwitch, ThemeSwitch } from "../layout/switches.tsx";

/**
 * Centered card used by the signed-out pages (setup, sign in, sign up, resets). Everything sits in a
 * landmark (header, main, footer) and the card's title is the page's one <h1>.
 */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md">
      <Stack w="100%" maw={440} gap="md">
        <Group justify="space-between" component="header">
          <Anchor component={Link} to="/" fw={700} size="xl" underline="never">
            {t("app.name")}
          </Anchor>
          <Group gap="xs">
            <LanguageSwitch />
            <ThemeSwitch />
          </Group>
        </Group>
        <Paper withBorder shadow="sm" radius="md" p="xl" component="main">
          <Stack gap="md">
            <Title order={1} size="h3">
              {title}
            </Title>
            {children}
          </Stack>
        </Paper>
        <Text c="dimmed" size="xs" ta="center" component="footer">
          {t("app.tagline")}
        </Text>
      </Stack>
    </Center>
  );
}
