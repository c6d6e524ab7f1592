// Broker connections: each connection with the account it syncs into, its key's last characters, the
// state of its last sync (and the error), a daily-sync switch, Sync now with what the sync did,
// replacing the credentials and disconnecting (after asking); and the form to connect a broker, which
// syncs the new connection at once so a wrong key shows straight away.
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Switch,
  Table,
  Text,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { errorMessage } from "../../components/errors.ts";
import { useFormatDate } from "../../components/format.ts";
import { notifyError, notifySuccess } from "../../components/notify.ts";
import {
  ConnectForm,
  CredentialFields,
  credentialProblems,
  credentialsBody,
  emptyCredentials,
} from "./ConnectionForm.tsx";
import {
  type Connection,
  type ConnectionInput,
  connectionsQuery,
  createConnection,
  deleteConnection,
  type SyncOutcome,
  syncConnection,
  updateConnection,
} from "./connectionsQueries.ts";
import { PortfolioShell } from "./PortfolioShell.tsx";
import { accountsQuery, type PortfolioAccount, useInvalidatePortfolio } from "./queries.ts";
import { SyncOutcomeCard } from "./SyncOutcomeCard.tsx";
import "./connectionsStrings.ts";
import { useNoticeText } from "./notices.ts";

const STATUS_COLOR = { never: "gray", ok: "green", error: "red" } as const;

interface LastSync {
  connection: Connection;
  outcome: SyncOutcome;
}

function ReplaceCredentials({
  connection,
  names,
}: {
  connection: Connection;
  names: { broker: string; hint: string };
}) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const [creds, setCreds] = useState(emptyCredentials);
  const [checked, setChecked] = useState(false);
  const invalidate = useInvalidatePortfolio();
  const save = useMutation({
    mutationFn: () =>
      updateConnection(connection.id, { credentials: credentialsBody(connection.broker, creds) }),
    onSuccess: async () => {
      close();
      setCreds(emptyCredentials());
      setChecked(false);
      notifySuccess(t("portfolioConnections.replaced"));
      await invalidate();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(credentialProblems(connection.broker, creds)).length === 0) save.mutate();
  };
  return (
    <>
      <Button
        size="compact-sm"
        variant="light"
        onClick={open}
        aria-label={t("portfolioConnections.replaceNamed", names)}
      >
        {t("portfolioConnections.replace")}
      </Button>
      <Modal opened={opened} onClose={close} title={t("portfolioConnections.replaceTitle", names)} centered>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={save.error} />
            <CredentialFields
              broker={connection.broker}
              values={creds}
              problems={checked ? credentialProblems(connection.broker, creds) : {}}
              onChange={setCreds}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                {t("portfolioConnections.form.saveCredentials")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function ConnectionRow({
  connection: c,
  account,
  syncing,
  narrow,
  onSync,
}: {
  connection: Connection;
  account: PortfolioAccount | undefined;
  syncing: boolean;
  narrow: boolean;
  onSync: () => void;
}) {
  const { t } = useTranslation();
  const noticeText = useNoticeText();
  const formatDate = useFormatDate();
  const invalidate = useInvalidatePortfolio();
  const names = { broker: t(`portfolioConnections.brokers.${c.broker}`), hint: c.credentialHint };
  const toggle = useMutation({
    mutationFn: (active: boolean) => updateConnection(c.id, { active }),
    onSuccess: async (saved) => {
      notifySuccess(t(saved.active ? "portfolioConnections.resumed" : "portfolioConnections.paused"));
      await invalidate();
    },
    onError: (err) => notifyError(errorMessage(t, err)),
  });
  const remove = useMutation({
    mutationFn: () => deleteConnection(c.id),
    onSuccess: async () => {
      notifySuccess(t("portfolioConnections.disconnected", names));
      await invalidate();
    },
    onError: (err) => notifyError(errorMessage(t, err)),
  });
  const brokerCell = (
    <>
      <Text size="sm" fw={600}>
        {names.broker}
      </Text>
      {c.brokerAccountId && (
        <Text size="xs" c="dimmed">
          {c.brokerAccountId}
        </Text>
      )}
    </>
  );
  const accountCell = c.accountId ? (
    <Anchor component={Link} to="/portfolio/accounts" size="sm">
      {account ? account.name : t("portfolioConnections.unknownAccount")}
    </Anchor>
  ) : (
    <Text size="sm" c="dimmed">
      {t("portfolioConnections.newAccount")}
    </Text>
  );
  const keyCell = (
    <Text
      size="sm"
      ff="monospace"
      style={{ whiteSpace: "nowrap" }}
      aria-label={t("portfolioConnections.keyHint", { hint: c.credentialHint })}
    >
      {c.credentialHint}
    </Text>
  );
  const statusCell = (
    <>
      <Badge size="sm" variant="light" color={STATUS_COLOR[c.status]}>
        {t(`portfolioConnections.status.${c.status}`)}
      </Badge>
      {c.status === "error" && c.lastError && (
        <Text
          size="xs"
          c="red"
          mt={4}
          maw={260}
          style={{ overflowWrap: "anywhere" }}
          data-testid="connection-error"
        >
          {noticeText(c.lastError)}
        </Text>
      )}
    </>
  );
  const lastSync = <Text size="sm">{c.lastSyncAt ? formatDate(c.lastSyncAt) : t("common.never")}</Text>;
  const activeSwitch = (
    <Switch
      checked={c.active}
      disabled={toggle.isPending}
      aria-label={t("portfolioConnections.activeNamed", names)}
      onChange={(e) => toggle.mutate(e.currentTarget.checked)}
    />
  );
  const actions = (
    <Group gap={6} justify={narrow ? "flex-start" : "flex-end"}>
      <Button
        size="compact-sm"
        loading={syncing}
        onClick={onSync}
        aria-label={t("portfolioConnections.syncNamed", names)}
      >
        {t("portfolioConnections.sync")}
      </Button>
      <ReplaceCredentials connection={c} names={names} />
      <ConfirmButton
        size="compact-sm"
        variant="subtle"
        color="red"
        aria-label={t("portfolioConnections.disconnectNamed", names)}
        question={t("portfolioConnections.disconnectQuestion", names)}
        confirmLabel={t("portfolioConnections.disconnect")}
        onConfirm={() => remove.mutate()}
      >
        {t("portfolioConnections.disconnect")}
      </ConfirmButton>
    </Group>
  );
  if (narrow) {
    // A phone: one card per connection, each value under its column's name.
    const item = (label: string, value: ReactNode) => (
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Text size="xs" c="dimmed" w={96} style={{ flexShrink: 0 }}>
          {label}
        </Text>
        <div style={{ minWidth: 0 }}>{value}</div>
      </Group>
    );
    return (
      <Card component="li" withBorder radius="sm" padding="sm" data-testid="connection-row">
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <div>{brokerCell}</div>
            {activeSwitch}
          </Group>
          {item(t("portfolioConnections.col.account"), accountCell)}
          {item(t("portfolioConnections.col.key"), keyCell)}
          {item(t("portfolioConnections.col.status"), statusCell)}
          {item(t("portfolioConnections.col.lastSync"), lastSync)}
          {actions}
        </Stack>
      </Card>
    );
  }
  return (
    <Table.Tr data-testid="connection-row">
      <Table.Td>{brokerCell}</Table.Td>
      <Table.Td>{accountCell}</Table.Td>
      <Table.Td>{keyCell}</Table.Td>
      <Table.Td>{statusCell}</Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{lastSync}</Table.Td>
      <Table.Td>{activeSwitch}</Table.Td>
      <Table.Td>{actions}</Table.Td>
    </Table.Tr>
  );
}

export function ConnectionsPage() {
  const { t } = useTranslation();
  const q = useQuery(connectionsQuery());
  const accountsQ = useQuery(accountsQuery());
  const connections = q.data ?? [];
  const accounts = accountsQ.data ?? [];
  const invalidate = useInvalidatePortfolio();
  const [last, setLast] = useState<LastSync | null>(null);
  const [formKey, setFormKey] = useState(0);

  const sync = useMutation({
    mutationFn: (id: string) => syncConnection(id),
    onSuccess: async (r) => {
      setLast({ connection: r.connection, outcome: r.outcome });
      await invalidate();
    },
  });
  const create = useMutation({
    mutationFn: (body: ConnectionInput) => createConnection(body),
    onSuccess: async (c) => {
      notifySuccess(
        t("portfolioConnections.form.created", { broker: t(`portfolioConnections.brokers.${c.broker}`) }),
      );
      setFormKey((k) => k + 1);
      await invalidate();
      sync.mutate(c.id);
    },
  });

  // A phone gets one card per connection rather than a table to scroll sideways.
  const narrow = useMediaQuery("(max-width: 40em)") ?? false;
  const row = (c: Connection) => (
    <ConnectionRow
      key={c.id}
      connection={c}
      account={accounts.find((a) => a.id === c.accountId)}
      syncing={sync.isPending && sync.variables === c.id}
      narrow={narrow}
      onSync={() => sync.mutate(c.id)}
    />
  );
  // The outcome of a connection disconnected since is no longer shown.
  const synced = last ? connections.find((c) => c.id === last.connection.id) : undefined;
  return (
    <PortfolioShell title={t("portfolioConnections.title")}>
      <Text size="sm" c="dimmed" maw={760}>
        {t("portfolioConnections.intro")}
      </Text>
      <ErrorAlert error={q.error ?? accountsQ.error} />
      <Card withBorder radius="md" padding="md">
        {q.isPending ? (
          <Text c="dimmed">{t("portfolio.loading")}</Text>
        ) : connections.length === 0 ? (
          <Text>{t("portfolioConnections.none")}</Text>
        ) : narrow ? (
          <Stack
            component="ul"
            gap="sm"
            m={0}
            p={0}
            style={{ listStyle: "none" }}
            aria-label={t("portfolioConnections.caption")}
          >
            {connections.map(row)}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={880} type="native">
            <Table highlightOnHover verticalSpacing="sm">
              <Table.Caption>{t("portfolioConnections.caption")}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("portfolioConnections.col.broker")}</Table.Th>
                  <Table.Th>{t("portfolioConnections.col.account")}</Table.Th>
                  <Table.Th>{t("portfolioConnections.col.key")}</Table.Th>
                  <Table.Th>{t("portfolioConnections.col.status")}</Table.Th>
                  <Table.Th>{t("portfolioConnections.col.lastSync")}</Table.Th>
                  <Table.Th>{t("portfolioConnections.col.active")}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>{connections.map(row)}</Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <ErrorAlert error={sync.error} />
      {sync.isPending && (
        <Text size="sm" role="status">
          {t("portfolioConnections.syncing")}
        </Text>
      )}
      {last && synced && !sync.isPending && (
        <SyncOutcomeCard
          title={t("portfolioConnections.outcome.title", {
            broker: t(`portfolioConnections.brokers.${synced.broker}`),
            hint: synced.credentialHint,
          })}
          outcome={last.outcome}
          onDismiss={() => setLast(null)}
        />
      )}
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="connect-broker">
        <Text id="connect-broker" fw={700} mb="sm" component="h2" fz="lg">
          {t("portfolioConnections.form.title")}
        </Text>
        <ConnectForm
          key={formKey}
          accounts={accounts}
          pending={create.isPending}
          error={create.error}
          onSubmit={(body) => create.mutate(body)}
        />
      </Card>
    </PortfolioShell>
  );
}
