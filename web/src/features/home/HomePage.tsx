import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormatDate } from "../../components/format.ts";
import { useMe } from "../account/queries.ts";
import { usersQuery } from "../admin/queries.ts";

const MODULES = ["market", "portfolio", "journal", "research"] as const;

export function HomePage() {
  const { t } = useTranslation();
  const { data } = useMe();
  const fmt = useFormatDate();
  const isAdmin = data?.user.role === "admin";
  const pending = useQuery({ ...usersQuery("pending_approval"), enabled: isAdmin });
  if (!data) return null;
  const { user, profile } = data;
  const name = profile.firstName || user.username;
  const pendingCount = pending.data?.users.length ?? 0;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          {t("home.title", { name })}
        </Title>
        <Text c="dimmed">{t("home.intro")}</Text>
      </div>

      {isAdmin && pendingCount > 0 && (
        <Alert color="yellow" title={t("admin.status.pending_approval")}>
          <Group justify="space-between">
            <Text size="sm">{t("home.pendingUsers", { count: pendingCount })}</Text>
            <Button size="xs" component={Link} to="/admin/users?status=pending_approval">
              {t("home.reviewUsers")}
            </Button>
          </Group>
        </Alert>
      )}

      <Card withBorder radius="md" padding="lg">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={2} size="h4">
              {t("home.account")}
            </Title>
            <Badge variant="light">{t(`admin.roles.${user.role}`)}</Badge>
          </Group>
          <Text size="sm">{t("home.memberSince", { date: fmt(user.createdAt, false) })}</Text>
          {user.lastLoginAt && <Text size="sm">{t("home.lastLogin", { date: fmt(user.lastLoginAt) })}</Text>}
          <Group gap="xs">
            {user.email ? (
              <Badge color={user.emailVerifiedAt ? "teal" : "yellow"} variant="light">
                {user.emailVerifiedAt ? t("home.emailVerified") : t("home.emailNotVerified")}
              </Badge>
            ) : (
              <Badge color="gray" variant="light">
                {t("home.noEmail")}
              </Badge>
            )}
            <Badge color={user.mfaEnabled ? "teal" : "orange"} variant="light">
              {user.mfaEnabled ? t("home.mfaOn") : t("home.mfaOff")}
            </Badge>
          </Group>
          {!user.mfaEnabled && (
            <Anchor component={Link} to="/security" size="sm">
              {t("home.secureAccount")}
            </Anchor>
          )}
        </Stack>
      </Card>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {MODULES.map((m) => (
          <Card key={m} withBorder radius="md" padding="lg" aria-disabled>
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h5">
                {t(`home.modules.${m}`)}
              </Title>
              <Badge color="gray" variant="outline">
                {t("home.comingSoon")}
              </Badge>
            </Group>
            <Text size="sm">{t(`home.modules.${m}Body`)}</Text>
            <Text size="xs" c="dimmed" mt="xs">
              {t("home.notAvailable")}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
