import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
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
import { accountKeys, apiKeysQuery, useMe } from "../queries.ts";

export function ApiKeysSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fmt = useFormatDate();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const list = useQuery(apiKeysQuery());
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/me/api-keys/{id}", { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: accountKeys.apiKeys }),
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

      <ErrorAlert error={list.error ?? revoke.error} />
      {list.isPending ? (
        <Loader size="sm" />
      ) : apiKeys.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("security.apiKeys.empty")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" striped style={{ whiteSpace: "nowrap" }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("security.apiKeys.name")}</Table.Th>
                <Table.Th>{t("security.apiKeys.prefix")}</Table.Th>
                <Table.Th>{t("security.apiKeys.scopes")}</Table.Th>
                <Table.Th>{t("security.apiKeys.lastUsed")}</Table.Th>
                <Table.Th>{t("security.apiKeys.created")}</Table.Th>
                <Table.Th>{t("common.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {apiKeys.map((k) => (
                <Table.Tr key={k.id} opacity={k.revokedAt ? 0.55 : 1}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {k.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {k.prefix}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {k.scopes.map((s) => (
                        <Badge
                          key={s}
                          size="xs"
                          variant="outline"
                          color={s === "read" ? "blue" : s === "trade" ? "orange" : "red"}
                        >
                          {s}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{k.lastUsedAt ? fmt(k.lastUsedAt) : t("common.never")}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{fmt(k.createdAt, false)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {k.revokedAt ? (
                      <Badge size="sm" color="gray">
                        {t("security.apiKeys.revoked")}
                      </Badge>
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
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <CreateKeyModal
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
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (secret: string) => void;
}) {
  const { t } = useTranslation();
  const { data } = useMe();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["read"]);
  const available: ApiScope[] = data?.user.role === "admin" ? ["read", "trade", "admin"] : ["read", "trade"];
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
