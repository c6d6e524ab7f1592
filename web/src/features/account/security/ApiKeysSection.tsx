import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client.ts";
import type { ApiScope } from "../../../api/models.ts";
import { ConfirmButton } from "../../../components/ConfirmButton.tsx";
import { CopyField } from "../../../components/CopyField.tsx";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { useFormatDate } from "../../../components/format.ts";
import { notifySuccess } from "../../../components/notify.ts";
import { accountKeys, apiKeysQuery } from "../queries.ts";

export function ApiKeysSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fmt = useFormatDate();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const list = useQuery(apiKeysQuery());
  // One DELETE: an active key is revoked (and stays listed as revoked); a revoked key is removed.
  const del = (id: string) => unwrap(api.DELETE("/api/me/api-keys/{id}", { params: { path: { id } } }));
  const refresh = () => void qc.invalidateQueries({ queryKey: accountKeys.apiKeys });
  const revoke = useMutation({ mutationFn: del, onSuccess: refresh });
  const remove = useMutation({
    mutationFn: del,
    onSuccess: () => {
      notifySuccess(t("security.apiKeys.deleted"));
      refresh();
    },
  });
  const apiKeys = list.data?.apiKeys ?? [];

  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" align="flex-start" mb="sm">
        <div>
          <Title order={2} size="h4">
            {t("security.apiKeys.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("security.apiKeys.intro")}
          </Text>
        </div>
        <Button variant="light" onClick={() => setCreating(true)}>
          {t("security.apiKeys.create")}
        </Button>
      </Group>

      {secret && (
        <Alert
          color="yellow"
          title={t("security.apiKeys.secretTitle")}
          mb="sm"
          withCloseButton
          onClose={() => setSecret(null)}
          closeButtonLabel={t("common.close")}
        >
          <Stack gap="xs">
            <Text size="sm">{t("security.apiKeys.secretIntro")}</Text>
            <CopyField label={t("security.apiKeys.secretLabel")} value={secret} testId="api-key-secret" />
          </Stack>
        </Alert>
      )}

      <ErrorAlert error={list.error ?? revoke.error ?? remove.error} />
      {list.isPending ? (
        <Loader size="sm" />
      ) : apiKeys.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("security.apiKeys.empty")}
        </Text>
      ) : (
        // A list rather than a table: each key wraps onto two lines on a phone instead of scrolling.
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
          {apiKeys.map((k) => (
            <Paper
              component="li"
              key={k.id}
              withBorder
              radius="sm"
              p="sm"
              data-testid="api-key"
              aria-label={k.name}
            >
              <Group justify="space-between" align="center" gap="xs">
                <Stack gap={4} style={{ minWidth: 0, flex: "1 1 16rem" }}>
                  <Group gap="xs" wrap="wrap">
                    <Text
                      size="sm"
                      fw={600}
                      c={k.revokedAt ? "dimmed" : undefined}
                      style={{ overflowWrap: "anywhere" }}
                    >
                      {k.name}
                    </Text>
                    <Text size="xs" ff="monospace" c="dimmed">
                      {k.prefix}
                    </Text>
                    {k.scopes.map((sc) => (
                      <Badge
                        key={sc}
                        size="xs"
                        variant="outline"
                        color={sc === "read" ? "blue" : sc === "trade" ? "orange" : "red"}
                      >
                        {sc}
                      </Badge>
                    ))}
                    {k.revokedAt && (
                      <Badge size="xs" color="gray">
                        {t("security.apiKeys.revoked")}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {k.revokedAt
                      ? t("security.apiKeys.revokedOn", { date: fmt(k.revokedAt, false) })
                      : k.lastUsedAt
                        ? t("security.apiKeys.usage", {
                            created: fmt(k.createdAt, false),
                            lastUsed: fmt(k.lastUsedAt),
                          })
                        : t("security.apiKeys.usageNever", { created: fmt(k.createdAt, false) })}
                  </Text>
                </Stack>
                {k.revokedAt ? (
                  <ConfirmButton
                    size="xs"
                    variant="subtle"
                    color="gray"
                    question={t("security.apiKeys.deleteConfirm", { name: k.name })}
                    onConfirm={() => remove.mutate(k.id)}
                    aria-label={t("security.apiKeys.deleteNamed", { name: k.name })}
                  >
                    {t("security.apiKeys.delete")}
                  </ConfirmButton>
                ) : (
                  <ConfirmButton
                    size="xs"
                    variant="subtle"
                    color="red"
                    question={t("security.apiKeys.revokeConfirm", { name: k.name })}
                    onConfirm={() => revoke.mutate(k.id)}
                  >
                    {t("security.apiKeys.revoke")}
                  </ConfirmButton>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}

      <CreateKeyModal
        available={list.data?.scopes ?? ["read"]}
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(s) => {
          setCreating(false);
          setSecret(s);
          void qc.invalidateQueries({ queryKey: accountKeys.apiKeys });
        }}
      />
    </Card>
  );
}

function CreateKeyModal({
  available,
  opened,
  onClose,
  onCreated,
}: {
  /** The scopes the server offers this account (`trade` only once a module trades). */
  available: ApiScope[];
  opened: boolean;
  onClose: () => void;
  onCreated: (secret: string) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["read"]);
  const mutation = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/me/api-keys", { body: { name: name.trim(), scopes: scopes as ApiScope[] } })),
    onSuccess: (res) => {
      setName("");
      setScopes(["read"]);
      mutation.reset();
      onCreated(res.secret);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (scopes.length > 0) mutation.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t("security.apiKeys.createTitle")} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t("fields.keyName")}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-autofocus
            maxLength={100}
          />
          <Checkbox.Group
            label={t("fields.scopes")}
            value={scopes}
            onChange={setScopes}
            error={scopes.length === 0 ? t("security.apiKeys.needScope") : undefined}
          >
            <Stack gap={6} mt={6}>
              {available.map((s) => (
                <Checkbox key={s} value={s} label={t(`security.apiKeys.scope.${s}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <ErrorAlert error={mutation.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={scopes.length === 0 || !name.trim()}>
              {t("security.apiKeys.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
