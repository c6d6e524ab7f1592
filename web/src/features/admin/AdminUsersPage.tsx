import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import type { Role, User, UserStatus } from "../../api/models.ts";
import { OptionalEmailInput } from "../../components/AccountFields.tsx";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { CopyField } from "../../components/CopyField.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { errorMessage } from "../../components/errors.ts";
import { useFormatDate } from "../../components/format.ts";
import { notifyError, notifySuccess } from "../../components/notify.ts";
import { useMe } from "../account/queries.ts";
import { adminKeys, invitesQuery, usersQuery } from "./queries.ts";

type AdminAction = "approve" | "reject" | "suspend" | "reactivate";

const ACTION_PATH = {
  approve: "/api/admin/users/{id}/approve",
  reject: "/api/admin/users/{id}/reject",
  suspend: "/api/admin/users/{id}/suspend",
  reactivate: "/api/admin/users/{id}/reactivate",
} as const satisfies Record<AdminAction, string>;

const STATUSES: UserStatus[] = ["pending_approval", "active", "suspended", "disabled"];
const STATUS_COLOR: Record<UserStatus, string> = {
  pending_approval: "yellow",
  active: "teal",
  suspended: "red",
  disabled: "gray",
};

export function AdminUsersPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          {t("admin.title")}
        </Title>
        <Text c="dimmed" size="sm">
          {t("admin.intro")}
        </Text>
      </div>
      <UsersCard />
      <InvitesCard />
    </Stack>
  );
}

function UsersCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fmt = useFormatDate();
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const status = STATUSES.includes(raw as UserStatus) ? (raw as UserStatus) : undefined;
  const users = useQuery(usersQuery(status));

  const refresh = () => qc.invalidateQueries({ queryKey: adminKeys.users });
  const act = useMutation({
    mutationFn: ({ user, action }: { user: User; action: AdminAction }) =>
      unwrap(api.POST(ACTION_PATH[action], { params: { path: { id: user.id } } })),
    onSuccess: (res, { action }) => {
      notifySuccess(t(`admin.done.${action}`, { username: res.user.username }));
      void refresh();
    },
    onError: (err) => notifyError(errorMessage(t, err)),
  });
  const setRole = useMutation({
    mutationFn: ({ user, role }: { user: User; role: Role }) =>
      unwrap(api.POST("/api/admin/users/{id}/role", { params: { path: { id: user.id } }, body: { role } })),
    onSuccess: (res) => {
      notifySuccess(
        t("admin.done.role", { username: res.user.username, role: t(`admin.roles.${res.user.role}`) }),
      );
      void refresh();
    },
    onError: (err) => {
      notifyError(errorMessage(t, err));
      void refresh();
    },
  });
  const busy = (u: User, action: AdminAction) =>
    act.isPending && act.variables?.user.id === u.id && act.variables.action === action;

  const list = users.data?.users ?? [];

  return (
    <Card withBorder radius="md" padding="lg">
      <Group mb="md" align="flex-end">
        <Select
          label={t("admin.filter")}
          data={[
            { value: "all", label: t("admin.all") },
            ...STATUSES.map((s) => ({ value: s, label: t(`admin.status.${s}`) })),
          ]}
          value={status ?? "all"}
          onChange={(v) => setParams(v && v !== "all" ? { status: v } : {})}
          allowDeselect={false}
          w={260}
        />
      </Group>
      <ErrorAlert error={users.error} />
      {users.isPending ? (
        <Loader size="sm" />
      ) : list.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t("admin.empty")}
        </Text>
      ) : (
        // A list rather than a table: each user wraps onto a few lines on a phone instead of scrolling.
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
          {list.map((u) => {
            const self = u.id === me?.user.id;
            return (
              <Paper
                component="li"
                key={u.id}
                data-username={u.username}
                aria-label={u.username}
                withBorder
                radius="sm"
                p="sm"
              >
                <Group justify="space-between" align="center" gap="sm">
                  <Stack gap={4} style={{ minWidth: 0, flex: "1 1 16rem" }}>
                    <Group gap="xs" wrap="wrap">
                      <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                        {u.username}
                        {self && (
                          <Text span c="dimmed" size="xs">
                            {" "}
                            ({t("admin.you")})
                          </Text>
                        )}
                      </Text>
                      <Badge color={STATUS_COLOR[u.status]} variant="light">
                        {t(`admin.status.${u.status}`)}
                      </Badge>
                      {u.mfaEnabled && (
                        <Badge color="gray" variant="outline">
                          {t("admin.columns.mfa")}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                      {u.email ?? "—"}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t("admin.dates", {
                        created: fmt(u.createdAt, false),
                        lastLogin: u.lastLoginAt ? fmt(u.lastLoginAt) : t("admin.neverSignedIn"),
                      })}
                    </Text>
                  </Stack>
                  <Group gap={6} wrap="wrap">
                    <Select
                      aria-label={t("admin.roleFor", { username: u.username })}
                      size="xs"
                      w={140}
                      data={(["user", "admin"] as Role[]).map((r) => ({
                        value: r,
                        label: t(`admin.roles.${r}`),
                      }))}
                      value={u.role}
                      allowDeselect={false}
                      disabled={setRole.isPending}
                      onChange={(v) => {
                        if (v && v !== u.role) setRole.mutate({ user: u, role: v as Role });
                      }}
                    />
                    <Group gap={6} wrap="wrap">
                      {u.status === "pending_approval" && (
                        <>
                          <Button
                            size="xs"
                            color="teal"
                            loading={busy(u, "approve")}
                            onClick={() => act.mutate({ user: u, action: "approve" })}
                            aria-label={`${t("admin.approve")} ${u.username}`}
                          >
                            {t("admin.approve")}
                          </Button>
                          <ConfirmButton
                            size="xs"
                            variant="light"
                            color="red"
                            question={t("admin.rejectConfirm", { username: u.username })}
                            onConfirm={() => act.mutate({ user: u, action: "reject" })}
                            loading={busy(u, "reject")}
                          >
                            {t("admin.reject")}
                          </ConfirmButton>
                        </>
                      )}
                      {u.status === "active" && !self && (
                        <ConfirmButton
                          size="xs"
                          variant="light"
                          color="red"
                          question={t("admin.suspendConfirm", { username: u.username })}
                          onConfirm={() => act.mutate({ user: u, action: "suspend" })}
                          loading={busy(u, "suspend")}
                        >
                          {t("admin.suspend")}
                        </ConfirmButton>
                      )}
                      {(u.status === "suspended" || u.status === "disabled") && (
                        <Button
                          size="xs"
                          variant="light"
                          loading={busy(u, "reactivate")}
                          onClick={() => act.mutate({ user: u, action: "reactivate" })}
                        >
                          {t("admin.reactivate")}
                        </Button>
                      )}
                    </Group>
                  </Group>
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}

function InvitesCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fmt = useFormatDate();
  const [email, setEmail] = useState("");
  const invites = useQuery(invitesQuery());
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/admin/invites", { body: email.trim() ? { email: email.trim() } : {} })),
    onSuccess: () => {
      setEmail("");
      void qc.invalidateQueries({ queryKey: adminKeys.invites });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const list = invites.data?.invites ?? [];
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} size="h4">
        {t("admin.invites.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("admin.invites.intro")}
      </Text>
      <form onSubmit={submit} noValidate>
        <Group align="flex-end" gap="xs" mb="sm">
          <OptionalEmailInput label={t("admin.invites.email")} value={email} onChange={setEmail} w={300} />
          <Button type="submit" variant="light" loading={create.isPending}>
            {t("admin.invites.create")}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={create.error} />
      {create.data && (
        <Alert color="teal" mb="sm">
          <CopyField label={t("admin.invites.created")} value={create.data.code} testId="invite-code" />
          <Text size="xs" mt={4}>
            {t("admin.invites.shownOnce")} {t("admin.invites.expires")}: {fmt(create.data.expiresAt)}
          </Text>
        </Alert>
      )}
      <ErrorAlert error={invites.error} />
      {invites.isPending ? (
        <Loader size="sm" />
      ) : list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("admin.invites.empty")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("fields.email")}</Table.Th>
                <Table.Th>{t("admin.invites.createdAt")}</Table.Th>
                <Table.Th>{t("admin.invites.expires")}</Table.Th>
                <Table.Th>{t("admin.invites.used")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((inv) => (
                <Table.Tr key={inv.id}>
                  <Table.Td>
                    <Text size="sm">{inv.email ?? t("admin.invites.anyone")}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{fmt(inv.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{fmt(inv.expiresAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{inv.usedAt ? fmt(inv.usedAt) : t("common.no")}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
