// The snapshot editor: the lines read from a screenshot in a table the user corrects (names,
// instruments, numbers; lines removed), the cash and rate read, confirm; and the comparison with an
// account's ledger.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import type { RequestBody, ResponseBody } from "../../api/models.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../components/notify.ts";
import { usePortfolioFormat } from "./format.ts";
import { InstrumentPicker } from "./InstrumentPicker.tsx";
import { useNoticeText } from "./notices.ts";
import { accountsQuery, portfolioKeys } from "./queries.ts";
import { normaliseDecimal } from "./transactionForm.ts";

export type Snapshot = ResponseBody<"/api/portfolio/snapshots/{id}", "get">;
type Line = Snapshot["lines"][number];
type LinePatch = NonNullable<RequestBody<"/api/portfolio/snapshots/{id}", "patch">["lines"]>[number];

const NUM_FIELDS = [
  "quantity",
  "averagePrice",
  "currentPrice",
  "currentValueKrw",
  "pnlKrw",
  "pnlPct",
] as const;
type NumField = (typeof NUM_FIELDS)[number];
const LABEL = {
  quantity: "quantity",
  averagePrice: "averagePrice",
  currentPrice: "currentPrice",
  currentValueKrw: "value",
  pnlKrw: "pnl",
  pnlPct: "pnlPct",
} as const satisfies Record<NumField, string>;

export const snapKeys = {
  list: [...portfolioKeys.all, "snapshots"] as const,
  one: (id: string) => [...portfolioKeys.all, "snapshot", id] as const,
};

interface EditLine {
  line: number;
  name: string;
  instrumentId: string;
  values: Record<NumField, string>;
  removed: boolean;
}

const editOf = (l: Line): EditLine => ({
  line: l.line,
  name: l.name,
  instrumentId: l.instrumentId ?? "",
  values: Object.fromEntries(NUM_FIELDS.map((f) => [f, l[f] ?? ""])) as Record<NumField, string>,
  removed: false,
});

/** The PATCH lines for what changed between the read lines and the edited ones (null when a number is bad). */
export function linePatches(read: Line[], edited: EditLine[]): LinePatch[] | null {
  const out: LinePatch[] = [];
  for (const e of edited) {
    const r = read.find((x) => x.line === e.line);
    if (!r) continue;
    if (e.removed) {
      out.push({ line: e.line, remove: true });
      continue;
    }
    const p: LinePatch = { line: e.line };
    if (e.name.trim() !== r.name) p.name = e.name.trim();
    if ((e.instrumentId || null) !== r.instrumentId) p.instrumentId = e.instrumentId || null;
    for (const f of NUM_FIELDS) {
      const raw = e.values[f].trim();
      const v = raw === "" ? null : normaliseDecimal(raw);
      if (raw !== "" && v === null) return null;
      if (v !== (r[f] ?? null)) p[f] = v;
    }
    if (Object.keys(p).length > 1) out.push(p);
  }
  return out;
}

export function Editor({ snap }: { snap: Snapshot }) {
  const { t } = useTranslation();
  const noticeText = useNoticeText();
  const f = usePortfolioFormat();
  const qc = useQueryClient();
  const accounts = useQuery(accountsQuery());
  const [lines, setLines] = useState<EditLine[]>(() => snap.lines.map(editOf));
  const [cash, setCash] = useState({
    cashKrw: snap.cashKrw ?? "",
    cashUsd: snap.cashUsd ?? "",
    usdKrwRate: snap.usdKrwRate ?? "",
  });
  const [recAccount, setRecAccount] = useState<string | null>(snap.accountId);
  useEffect(() => setLines(snap.lines.map(editOf)), [snap]);
  const refresh = (s: Snapshot) => {
    qc.setQueryData(snapKeys.one(s.id), s);
    return qc.invalidateQueries({ queryKey: snapKeys.list });
  };
  const save = useMutation({
    mutationFn: async () => {
      const patches = linePatches(snap.lines, lines);
      if (patches === null) throw new Error(t("portfolio.tx.errors.number"));
      const num = (v: string) => (v.trim() === "" ? null : normaliseDecimal(v));
      return unwrap(
        api.PATCH("/api/portfolio/snapshots/{id}", {
          params: { path: { id: snap.id } },
          body: {
            ...(patches.length ? { lines: patches } : {}),
            cashKrw: num(cash.cashKrw),
            cashUsd: num(cash.cashUsd),
            usdKrwRate: num(cash.usdKrwRate),
          },
        }),
      );
    },
    onSuccess: refresh,
  });
  const confirm = useMutation({
    mutationFn: async () => {
      await save.mutateAsync();
      return unwrap(api.POST("/api/portfolio/snapshots/{id}/confirm", { params: { path: { id: snap.id } } }));
    },
    onSuccess: async (s) => {
      notifySuccess(t("portfolio.screenshot.confirmed"));
      await refresh(s);
    },
  });
  const rec = useMutation({
    mutationFn: (accountId: string) =>
      unwrap(
        api.GET("/api/portfolio/snapshots/{id}/reconcile", {
          params: { path: { id: snap.id }, query: { accountId } },
        }),
      ),
  });
  const setLine = (i: number, patch: Partial<EditLine>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const draft = snap.status === "draft";
  return (
    <Stack gap="md">
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="snap-lines">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Title order={2} size="h4" id="snap-lines">
              {t("portfolio.screenshot.linesCaption")}
            </Title>
            <Group gap="xs">
              <Badge variant="light" color={draft ? "blue" : "teal"}>
                {t(`portfolio.screenshot.statusNames.${snap.status}`)}
              </Badge>
              <Text size="xs" c="dimmed">
                {t("portfolio.screenshot.readBy", { source: snap.model ?? snap.source })}
              </Text>
            </Group>
          </Group>
          {snap.checks.length > 0 && (
            <Alert color="yellow" variant="light" title={t("portfolio.screenshot.checks")}>
              <List size="sm">
                {snap.checks.map((c) => (
                  <List.Item key={`${c.code}-${JSON.stringify(c.params)}`} data-testid="snapshot-check">
                    {noticeText(c)}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Table.ScrollContainer minWidth={1100} type="native">
            <Table verticalSpacing={4}>
              <Table.Caption>{t("portfolio.screenshot.linesCaption")}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>{t("portfolio.screenshot.name")}</Table.Th>
                  <Table.Th>{t("portfolio.screenshot.instrument")}</Table.Th>
                  {NUM_FIELDS.map((k) => (
                    <Table.Th key={k} ta="right">
                      {t(`portfolio.screenshot.${LABEL[k]}`)}
                    </Table.Th>
                  ))}
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((l, i) => (
                  <Table.Tr key={l.line} opacity={l.removed ? 0.4 : 1} data-testid="snapshot-line">
                    <Table.Td>{l.line}</Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        aria-label={`${t("portfolio.screenshot.name")} ${l.line}`}
                        value={l.name}
                        disabled={!draft || l.removed}
                        onChange={(e) => setLine(i, { name: e.currentTarget.value })}
                      />
                    </Table.Td>
                    <Table.Td miw={200}>
                      <InstrumentPicker
                        label=""
                        value={l.instrumentId}
                        onChange={(id) => setLine(i, { instrumentId: id })}
                      />
                    </Table.Td>
                    {NUM_FIELDS.map((k) => (
                      <Table.Td key={k}>
                        <TextInput
                          size="xs"
                          inputMode="decimal"
                          aria-label={`${t(`portfolio.screenshot.${LABEL[k]}`)} ${l.line}`}
                          styles={{ input: { textAlign: "right" } }}
                          value={l.values[k]}
                          disabled={!draft || l.removed}
                          onChange={(e) =>
                            setLine(i, { values: { ...l.values, [k]: e.currentTarget.value } })
                          }
                        />
                      </Table.Td>
                    ))}
                    <Table.Td>
                      {draft && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t("portfolio.screenshot.removeLine", { line: l.line })}
                          aria-pressed={l.removed}
                          onClick={() => setLine(i, { removed: !l.removed })}
                        >
                          <span aria-hidden>×</span>
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Title order={3} size="h5">
            {t("portfolio.screenshot.totals")}
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {t("portfolio.screenshot.totalValue")}
              </Text>
              <Text fw={700} data-testid="snapshot-total">
                {f.money(snap.totalValueKrw, "KRW")}
              </Text>
            </Stack>
            {(["cashKrw", "cashUsd", "usdKrwRate"] as const).map((k) => (
              <TextInput
                key={k}
                label={t(`portfolio.screenshot.${k === "usdKrwRate" ? "usdKrw" : k}`)}
                inputMode="decimal"
                value={cash[k]}
                disabled={!draft}
                onChange={(e) => setCash({ ...cash, [k]: e.currentTarget.value })}
              />
            ))}
          </SimpleGrid>
          <ErrorAlert error={save.error ?? confirm.error} />
          {draft && (
            <Group justify="flex-end">
              <Button variant="default" loading={save.isPending} onClick={() => save.mutate()}>
                {t("portfolio.screenshot.saveChanges")}
              </Button>
              <Button loading={confirm.isPending} onClick={() => confirm.mutate()}>
                {t("portfolio.screenshot.confirm")}
              </Button>
            </Group>
          )}
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="snap-rec">
        <Stack gap="sm">
          <Title order={2} size="h4" id="snap-rec">
            {t("portfolio.screenshot.reconcile")}
          </Title>
          <Group align="flex-end" wrap="wrap">
            <Select
              label={t("portfolio.tx.account")}
              data={(accounts.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
              value={recAccount}
              onChange={setRecAccount}
            />
            <Button
              variant="light"
              disabled={!recAccount}
              loading={rec.isPending}
              onClick={() => recAccount && rec.mutate(recAccount)}
            >
              {t("portfolio.screenshot.reconcile")}
            </Button>
          </Group>
          <ErrorAlert error={rec.error} />
          {rec.data && (
            <Table.ScrollContainer minWidth={560} type="native">
              <Table>
                <Table.Caption>{t("portfolio.screenshot.reconcileCaption")}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("portfolio.screenshot.name")}</Table.Th>
                    <Table.Th ta="right">{t("portfolio.screenshot.snapshot")}</Table.Th>
                    <Table.Th ta="right">{t("portfolio.screenshot.ledger")}</Table.Th>
                    <Table.Th ta="right">{t("portfolio.screenshot.difference")}</Table.Th>
                    <Table.Th>{t("portfolio.import.status")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rec.data.lines.map((l) => (
                    <Table.Tr key={`${l.instrumentId ?? ""}:${l.name}`}>
                      <Table.Td>{l.name}</Table.Td>
                      <Table.Td ta="right">{f.quantity(l.snapshotQuantity)}</Table.Td>
                      <Table.Td ta="right">{f.quantity(l.ledgerQuantity)}</Table.Td>
                      <Table.Td ta="right">{f.quantity(l.difference)}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={l.status === "match" ? "teal" : "yellow"}>
                          {t(`portfolio.screenshot.recStatus.${l.status}`)}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
