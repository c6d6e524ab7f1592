import { Badge, Button, Card, Group, Loader, Stack, Switch, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormatDate } from "../../components/format.ts";
import { notificationsQuery, notifyKeys } from "./queries.ts";

export function NotificationsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fmt = useFormatDate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useQuery(notificationsQuery(unreadOnly));
  const refresh = () => qc.invalidateQueries({ queryKey: notifyKeys.all });
  const markRead = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/notifications/{id}/read", { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => unwrap(api.POST("/api/notifications/read-all")),
    onSuccess: refresh,
  });
  const items = list.data?.notifications ?? [];
  const unread = list.data?.unreadCount ?? 0;

  return (
    <Stack gap="lg" maw={820}>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={1} size="h2">
            {t("notifications.title")}
          </Title>
          {unread > 0 && (
            <Badge color="red" variant="filled">
              {t("nav.unreadBadge", { count: unread })}
            </Badge>
          )}
        </Group>
        <Group gap="md">
          <Switch
            label={t("notifications.unreadOnly")}
            checked={unreadOnly}
            onChange={(e) => setUnreadOnly(e.currentTarget.checked)}
          />
          <Button
            variant="light"
            onClick={() => markAll.mutate()}
            disabled={unread === 0}
            loading={markAll.isPending}
          >
            {t("notifications.markAllRead")}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={list.error ?? markRead.error ?? markAll.error} />
      {list.isPending ? (
        <Loader />
      ) : items.length === 0 ? (
        <Text c="dimmed">{unreadOnly ? t("notifications.emptyUnread") : t("notifications.empty")}</Text>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {items.map((n) => (
            <Card
              key={n.id}
              component="li"
              withBorder
              radius="md"
              padding="md"
              style={n.readAt ? undefined : { borderLeft: "4px solid var(--mantine-color-blue-6)" }}
            >
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <div>
                  <Group gap="xs">
                    <Text fw={n.readAt ? 500 : 700}>{n.title}</Text>
                    {!n.readAt && (
                      <Badge size="xs" color="blue">
                        {t("notifications.unread")}
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm" mt={4} style={{ whiteSpace: "pre-wrap" }}>
                    {n.message}
                  </Text>
                  <Text size="xs" c="dimmed" mt={6}>
                    {fmt(n.createdAt)}
                  </Text>
                </div>
                {!n.readAt && (
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() => markRead.mutate(n.id)}
                    loading={markRead.isPending && markRead.variables === n.id}
                  >
                    {t("notifications.markRead")}
                  </Button>
                )}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
