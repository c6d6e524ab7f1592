import { Badge, Button, Card, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client.ts";
import { ConfirmButton } from "../../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { useFormatDate } from "../../../components/format.ts";
import { notifySuccess } from "../../../components/notify.ts";
import { useSignOut } from "../../../layout/AppLayout.tsx";
import { accountKeys, sessionsQuery } from "../queries.ts";

/** A short, readable name for a user-agent string ("Chrome on Linux"). */
function describeAgent(ua: string | null): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : null;
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Android/.test(ua)
      ? "Android"
      : /iPhone|iPad/.test(ua)
        ? "iOS"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : null;
  if (browser && os) return `${browser} · ${os}`;
  return browser ?? os ?? ua.slice(0, 60);
}

export function SessionsSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fmt = useFormatDate();
  const signOut = useSignOut();
  const sessions = useQuery(sessionsQuery());
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/me/sessions/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      notifySuccess(t("security.sessions.revoked"));
      void qc.invalidateQueries({ queryKey: accountKeys.sessions });
    },
  });
  const revokeAll = useMutation({
    mutationFn: () => unwrap(api.POST("/api/me/sessions/revoke-all")),
    onSuccess: () => void signOut(),
  });

  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" align="flex-start" mb="sm">
        <div>
          <Title order={2} size="h4">
            {t("security.sessions.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("security.sessions.intro")}
          </Text>
        </div>
        <ConfirmButton
          variant="light"
          color="red"
          question={t("security.sessions.revokeAllConfirm")}
          onConfirm={() => revokeAll.mutate()}
          loading={revokeAll.isPending}
        >
          {t("security.sessions.revokeAll")}
        </ConfirmButton>
      </Group>
      <ErrorAlert error={sessions.error ?? revoke.error ?? revokeAll.error} />
      {sessions.isPending ? (
        <Loader size="sm" />
      ) : (
        // A list rather than a table: each session wraps onto two lines on a phone instead of scrolling.
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
          {(sessions.data?.sessions ?? []).map((s) => (
            <Paper component="li" key={s.id} withBorder radius="sm" p="sm" data-testid="session">
              <Group justify="space-between" align="center" gap="xs">
                <Stack gap={4} style={{ minWidth: 0, flex: "1 1 16rem" }}>
                  <Group gap={6} wrap="wrap">
                    <Text size="sm" fw={600} title={s.userAgent ?? undefined}>
                      {describeAgent(s.userAgent) ?? t("security.sessions.unknownDevice")}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: "anywhere" }}>
                      {s.ipAddress ?? "—"}
                    </Text>
                    {s.current && (
                      <Badge size="xs" color="teal">
                        {t("security.sessions.current")}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t("security.sessions.times", {
                      started: fmt(s.createdAt),
                      lastSeen: fmt(s.lastSeenAt),
                      expires: fmt(s.expiresAt, false),
                    })}
                  </Text>
                </Stack>
                {!s.current && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    loading={revoke.isPending && revoke.variables === s.id}
                    onClick={() => revoke.mutate(s.id)}
                  >
                    {t("security.sessions.revoke")}
                  </Button>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Card>
  );
}
