// The ledger: every transaction, newest first, filtered by account, type, origin and dates; add,
// edit and delete rows (an imported row can be edited too: it keeps its origin). A row's instrument
// (symbol and name, the local name in Korean) comes with the row: no request per instrument.
import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { errorMessage } from "../../components/errors.ts";
import { formatCalendarDate } from "../../components/format.ts";
import { notifyError, notifySuccess } from "../../components/notify.ts";
import { usePortfolioFormat } from "./format.ts";
import { PortfolioShell } from "./PortfolioShell.tsx";
import {
  accountsQuery,
  fetchTransactions,
  portfolioKeys,
  type Transaction,
  type TransactionFilter,
  type TransactionType,
  useInvalidatePortfolio,
} from "./queries.ts";
import { TransactionForm } from "./TransactionForm.tsx";
import { emptyValues, TYPES, valuesOf } from "./transactionForm.ts";

const PAGE = 100;
const ORIGINS = ["manual", "import", "sync", "paper"] as const;

/** Today in the browser's zone as YYYY-MM-DD. */
const today = () => new Intl.DateTimeFormat("en-CA").format(new Date());

export function TransactionsPage() {
  const { t, i18n } = useTranslation();
  const f = usePortfolioFormat();
  const [params, setParams] = useSearchParams();
  const accounts = useQuery(accountsQuery());
  const filter: Omit<TransactionFilter, "cursor"> = {
    limit: PAGE,
    ...(params.get("account") ? { accountId: params.get("account") as string } : {}),
    ...(params.get("type") ? { type: (params.get("type") as string).split(",") as TransactionType[] } : {}),
    ...(params.get("origin") ? { origin: [params.get("origin") as (typeof ORIGINS)[number]] } : {}),
    ...(params.get("from") ? { from: params.get("from") as string } : {}),
    ...(params.get("to") ? { to: params.get("to") as string } : {}),
    ...(params.get("import") ? { importId: params.get("import") as string } : {}),
  };
  const list = useInfiniteQuery({
    queryKey: [...portfolioKeys.transactions(filter), "pages"],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchTransactions({ ...filter, ...(pageParam ? { cursor: pageParam } : {}) }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.transactions) ?? [];
  const setParam = (k: string, v: string | null) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (v) n.set(k, v);
        else n.delete(k);
        return n;
      },
      { replace: true },
    );
  const [editing, setEditing] = useState<Transaction | null>(null);
  const [adding, { open: openAdd, close: closeAdd }] = useDisclosure(false);
  const accountList = accounts.data ?? [];
  const accountName = (id: string) => accountList.find((a) => a.id === id)?.name ?? "—";
  const invalidate = useInvalidatePortfolio();
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/portfolio/transactions/{id}", { params: { path: { id } } })),
    onSuccess: async () => {
      notifySuccess(t("portfolio.tx.deleted"));
      await invalidate();
    },
    onError: (err) => notifyError(errorMessage(t, err)),
  });
  const filtered = [...params.keys()].length > 0;

  return (
    <PortfolioShell
      title={t("portfolio.tx.title")}
      actions={
        <Button onClick={openAdd} disabled={accountList.length === 0}>
          {t("portfolio.tx.add")}
        </Button>
      }
    >
      <Card withBorder radius="md" padding="md" component="section" aria-label={t("portfolio.tx.filters")}>
        <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
          <Select
            label={t("portfolio.tx.account")}
            placeholder={t("portfolio.tx.allAccounts")}
            clearable
            data={accountList.map((a) => ({ value: a.id, label: a.name }))}
            value={params.get("account")}
            onChange={(v) => setParam("account", v)}
          />
          <Select
            label={t("portfolio.tx.type")}
            placeholder={t("portfolio.tx.allTypes")}
            clearable
            data={TYPES.map((x) => ({ value: x, label: t(`portfolio.types.${x}`) }))}
            value={params.get("type")}
            onChange={(v) => setParam("type", v)}
          />
          <Select
            label={t("portfolio.tx.origin")}
            placeholder={t("portfolio.tx.allOrigins")}
            clearable
            data={ORIGINS.map((o) => ({ value: o, label: t(`portfolio.origins.${o}`) }))}
            value={params.get("origin")}
            onChange={(v) => setParam("origin", v)}
          />
          <TextInput
            label={t("portfolio.tx.from")}
            type="date"
            value={params.get("from") ?? ""}
            onChange={(e) => setParam("from", e.currentTarget.value || null)}
          />
          <TextInput
            label={t("portfolio.tx.to")}
            type="date"
            value={params.get("to") ?? ""}
            onChange={(e) => setParam("to", e.currentTarget.value || null)}
          />
        </SimpleGrid>
        {filtered && (
          <Group mt="sm">
            <Button
              size="compact-sm"
              variant="subtle"
              onClick={() => setParams(new URLSearchParams(), { replace: true })}
            >
              {t("portfolio.tx.clearFilters")}
            </Button>
          </Group>
        )}
      </Card>
      <ErrorAlert error={list.error ?? accounts.error} />
      <Card withBorder radius="md" padding="md">
        {list.isPending ? (
          <Text c="dimmed">{t("portfolio.loading")}</Text>
        ) : rows.length === 0 ? (
          <Text>{filtered ? t("portfolio.tx.noneFiltered") : t("portfolio.tx.none")}</Text>
        ) : (
          <Table.ScrollContainer minWidth={860} type="native">
            <Table striped highlightOnHover>
              <Table.Caption>{t("portfolio.tx.caption", { count: rows.length })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("portfolio.tx.date")}</Table.Th>
                  <Table.Th>{t("portfolio.tx.type")}</Table.Th>
                  <Table.Th>{t("portfolio.tx.instrument")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.tx.fields.quantity")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.tx.fields.price")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.tx.fields.amount")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.tx.fields.fee")}</Table.Th>
                  <Table.Th>{t("portfolio.tx.account")}</Table.Th>
                  <Table.Th>{t("portfolio.tx.origin")}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.id} data-testid="tx-row">
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {formatCalendarDate(r.date, i18n.language)}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" size="sm">
                        {t(`portfolio.types.${r.type}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {r.instrument && (
                        <>
                          <Text size="sm" fw={600}>
                            {r.instrument.symbol}
                          </Text>
                          {r.instrument.name !== r.instrument.symbol && (
                            <Text size="xs" c="dimmed" lineClamp={1} maw={200}>
                              {(i18n.language.startsWith("ko") && r.instrument.nameLocal) ||
                                r.instrument.name}
                            </Text>
                          )}
                        </>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{r.quantity ? f.quantity(r.quantity) : ""}</Table.Td>
                    <Table.Td ta="right">
                      {r.price ? f.money(r.price, r.currency) : r.ratio ? `× ${f.num(r.ratio, 6)}` : ""}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                      {r.amount ? f.money(r.amount, r.currency) : ""}
                      {r.toAmount ? ` → ${f.money(r.toAmount, r.toCurrency)}` : ""}
                    </Table.Td>
                    <Table.Td ta="right">{r.fee ? f.money(r.fee, r.currency) : ""}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{accountName(r.accountId)}</Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {t(`portfolio.origins.${r.origin.kind}`)}
                        {r.origin.importRow ? ` #${r.origin.importRow}` : ""}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <Button size="compact-xs" variant="light" onClick={() => setEditing(r)}>
                          {t("portfolio.edit")}
                        </Button>
                        <ConfirmButton
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          question={t("portfolio.tx.deleteQuestion")}
                          confirmLabel={t("portfolio.delete")}
                          onConfirm={() => remove.mutate(r.id)}
                        >
                          {t("portfolio.delete")}
                        </ConfirmButton>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.hasNextPage && (
          <Group justify="center" mt="sm">
            <Button variant="light" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
              {t("portfolio.tx.more")}
            </Button>
          </Group>
        )}
      </Card>
      <Modal opened={adding} onClose={closeAdd} title={t("portfolio.tx.addTitle")} size="lg">
        {adding && (
          <TransactionForm
            accounts={accountList}
            initial={emptyValues(params.get("account") ?? accountList[0]?.id ?? "", "buy", today())}
            onDone={closeAdd}
          />
        )}
      </Modal>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={t("portfolio.tx.editTitle")}
        size="lg"
      >
        {editing && (
          <TransactionForm
            accounts={accountList}
            initial={valuesOf(editing)}
            editId={editing.id}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </PortfolioShell>
  );
}
