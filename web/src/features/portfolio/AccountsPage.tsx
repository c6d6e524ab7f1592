// Accounts management: the user's accounts with their ledger's size and span; create one (name,
// broker, base currency), rename or change it (the base currency only while its ledger is empty, as
// the server enforces), deactivate, delete (an account with transactions only after saying they go
// with it).
import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { errorMessage } from "../../components/errors.ts";
import { formatCalendarDate } from "../../components/format.ts";
import { notifyError, notifySuccess } from "../../components/notify.ts";
import { PortfolioShell } from "./PortfolioShell.tsx";
import { accountsQuery, type PortfolioAccount, useInvalidatePortfolio } from "./queries.ts";

/** The currencies offered first; any ISO 4217 code can be typed. */
export const COMMON_CURRENCIES = [
  "KRW",
  "USD",
  "EUR",
  "GBP",
  "JPY",
  "CHF",
  "CAD",
  "AUD",
  "HKD",
  "CNY",
  "SGD",
];

export function currencyOptions(current?: string): string[] {
  return current && !COMMON_CURRENCIES.includes(current)
    ? [current, ...COMMON_CURRENCIES]
    : COMMON_CURRENCIES;
}

interface FormValues {
  name: string;
  broker: string;
  brokerAccountId: string;
  baseCurrency: string;
  active: boolean;
}

function AccountForm({
  initial,
  lockCurrency,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  initial: FormValues;
  lockCurrency: boolean;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (v: FormValues) => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(v);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ErrorAlert error={error} />
        <TextInput
          label={t("portfolio.accounts.name")}
          required
          maxLength={100}
          value={v.name}
          onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
        />
        <Select
          label={t("portfolio.accounts.baseCurrency")}
          description={lockCurrency ? t("portfolio.accounts.currencyLocked") : undefined}
          data={currencyOptions(v.baseCurrency)}
          value={v.baseCurrency}
          disabled={lockCurrency}
          allowDeselect={false}
          searchable
          onChange={(c) => c && setV({ ...v, baseCurrency: c })}
        />
        <TextInput
          label={t("portfolio.accounts.broker")}
          description={t("portfolio.accounts.brokerHint")}
          value={v.broker}
          onChange={(e) => setV({ ...v, broker: e.currentTarget.value })}
        />
        <TextInput
          label={t("portfolio.accounts.brokerAccountId")}
          value={v.brokerAccountId}
          onChange={(e) => setV({ ...v, brokerAccountId: e.currentTarget.value })}
        />
        <Switch
          label={t("portfolio.accounts.active")}
          checked={v.active}
          onChange={(e) => setV({ ...v, active: e.currentTarget.checked })}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const body = (v: FormValues) => ({
  name: v.name,
  baseCurrency: v.baseCurrency,
  broker: v.broker.trim() ? v.broker.trim().toLowerCase() : null,
  brokerAccountId: v.brokerAccountId.trim() || null,
  active: v.active,
});

function EditAccount({ account }: { account: PortfolioAccount }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const invalidate = useInvalidatePortfolio();
  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const b = body(v);
      const { baseCurrency, ...rest } = b;
      return unwrap(
        api.PATCH("/api/portfolio/accounts/{id}", {
          params: { path: { id: account.id } },
          body: baseCurrency === account.baseCurrency ? rest : b,
        }),
      );
    },
    onSuccess: async () => {
      close();
      notifySuccess(t("portfolio.accounts.saved"));
      await invalidate();
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE("/api/portfolio/accounts/{id}", {
          params: {
            path: { id: account.id },
            query: { force: account.transactionCount > 0 ? "true" : "false" },
          },
        }),
      ),
    onSuccess: async () => {
      notifySuccess(t("portfolio.accounts.deleted", { name: account.name }));
      await invalidate();
    },
    onError: (err) => notifyError(errorMessage(t, err)),
  });
  return (
    <Group gap={6} wrap="nowrap" justify="flex-end">
      <Button
        size="compact-sm"
        variant="light"
        onClick={open}
        aria-label={t("portfolio.accounts.editNamed", { name: account.name })}
      >
        {t("portfolio.edit")}
      </Button>
      <ConfirmButton
        size="compact-sm"
        variant="subtle"
        color="red"
        aria-label={t("portfolio.accounts.deleteNamed", { name: account.name })}
        question={
          account.transactionCount > 0
            ? t("portfolio.accounts.deleteWithLedger", {
                name: account.name,
                count: account.transactionCount,
              })
            : t("portfolio.accounts.deleteQuestion", { name: account.name })
        }
        confirmLabel={t("portfolio.delete")}
        onConfirm={() => remove.mutate()}
      >
        {t("portfolio.delete")}
      </ConfirmButton>
      <Modal opened={opened} onClose={close} title={t("portfolio.accounts.editTitle")} centered>
        <AccountForm
          initial={{
            name: account.name,
            broker: account.broker ?? "",
            brokerAccountId: account.brokerAccountId ?? "",
            baseCurrency: account.baseCurrency,
            active: account.active,
          }}
          lockCurrency={account.transactionCount > 0}
          submitLabel={t("common.save")}
          pending={save.isPending}
          error={save.error}
          onSubmit={(v) => save.mutate(v)}
        />
      </Modal>
    </Group>
  );
}

/** A form to create an account, used here and in the empty states. */
export function NewAccountForm({ onCreated }: { onCreated?: (a: PortfolioAccount) => void }) {
  const { t, i18n } = useTranslation();
  const invalidate = useInvalidatePortfolio();
  const [key, setKey] = useState(0);
  const create = useMutation({
    mutationFn: (v: FormValues) => unwrap(api.POST("/api/portfolio/accounts", { body: body(v) })),
    onSuccess: async (a) => {
      notifySuccess(t("portfolio.accounts.created", { name: a.name }));
      setKey((k) => k + 1);
      await invalidate();
      onCreated?.(a);
    },
  });
  return (
    <AccountForm
      key={key}
      initial={{
        name: "",
        broker: "",
        brokerAccountId: "",
        baseCurrency: i18n.language === "ko" ? "KRW" : "USD",
        active: true,
      }}
      lockCurrency={false}
      submitLabel={t("portfolio.accounts.create")}
      pending={create.isPending}
      error={create.error}
      onSubmit={(v) => create.mutate(v)}
    />
  );
}

export function AccountsPage() {
  const { t, i18n } = useTranslation();
  const q = useQuery(accountsQuery());
  const accounts = q.data ?? [];
  const span = (a: PortfolioAccount) =>
    a.firstTransactionDate
      ? `${formatCalendarDate(a.firstTransactionDate, i18n.language)} – ${formatCalendarDate(a.lastTransactionDate, i18n.language)}`
      : "—";
  return (
    <PortfolioShell title={t("portfolio.accounts.title")}>
      <ErrorAlert error={q.error} />
      <Card withBorder radius="md" padding="md">
        {q.isPending ? (
          <Text c="dimmed">{t("portfolio.loading")}</Text>
        ) : accounts.length === 0 ? (
          <Text>{t("portfolio.accounts.none")}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640} type="native">
            <Table highlightOnHover>
              <Table.Caption>{t("portfolio.accounts.caption")}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("portfolio.accounts.name")}</Table.Th>
                  <Table.Th>{t("portfolio.accounts.broker")}</Table.Th>
                  <Table.Th>{t("portfolio.accounts.baseCurrency")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.accounts.transactions")}</Table.Th>
                  <Table.Th>{t("portfolio.accounts.span")}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {accounts.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={600}>
                          {a.name}
                        </Text>
                        {!a.active && (
                          <Badge size="xs" color="gray" variant="light">
                            {t("portfolio.accounts.inactive")}
                          </Badge>
                        )}
                        {a.connected && (
                          <Badge size="xs" variant="light">
                            {t("portfolio.accounts.connected")}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{a.broker ?? t("portfolio.accounts.manual")}</Table.Td>
                    <Table.Td>{a.baseCurrency}</Table.Td>
                    <Table.Td ta="right">{a.transactionCount}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{span(a)}</Table.Td>
                    <Table.Td>
                      <EditAccount account={a} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="new-account">
        <Text id="new-account" fw={700} mb="sm">
          {t("portfolio.accounts.newTitle")}
        </Text>
        <NewAccountForm />
      </Card>
    </PortfolioShell>
  );
}
