// Screenshot import: upload a brokerage app's holdings screen → the lines the server read (OCR, or
// the configured vision model) in a table the user corrects (names, instruments, numbers; lines
// removed) → confirm the snapshot (totals in KRW, KR/US split); compare it with the ledger of an
// account. The list of snapshots below opens or deletes them.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
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
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import type { RequestBody, ResponseBody } from "../../api/models.ts";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormatDate } from "../../components/format.ts";
import { notifySuccess } from "../../components/notify.ts";
import { usePortfolioFormat } from "./format.ts";
import { InstrumentPicker } from "./InstrumentPicker.tsx";
import { postForm } from "./importApi.ts";
import { PortfolioShell } from "./PortfolioShell.tsx";
import { accountsQuery, portfolioKeys } from "./queries.ts";
import { normaliseDecimal } from "./transactionForm.ts";

type Snapshot = ResponseBody<"/api/portfolio/snapshots/{id}", "get">;
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

const snapKeys = {
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

function Editor({ snap }: { snap: Snapshot }) {
  const { t } = useTranslation();
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
                  <List.Item key={c}>{c}</List.Item>
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

function Upload({ onRead }: { onRead: (s: Snapshot) => void }) {
  const { t } = useTranslation();
  const accounts = useQuery(accountsQuery());
  const [file, setFile] = useState<File | null>(null);
  const [accountId, setAccountId] = useState<string | null>(null);
  const read = useMutation({
    mutationFn: (img: File) => {
      const form = new FormData();
      if (accountId) form.append("accountId", accountId);
      form.append("image", img, img.name);
      return postForm<Snapshot>("/api/portfolio/snapshots", form);
    },
    onSuccess: onRead,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) read.mutate(file);
  };
  return (
    <Card withBorder radius="md" padding="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t("portfolio.screenshot.intro")}</Text>
          <ErrorAlert error={read.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <FileInput
              label={t("portfolio.screenshot.file")}
              accept="image/png,image/jpeg"
              required
              clearable
              value={file}
              onChange={setFile}
            />
            <Select
              label={t("portfolio.screenshot.account")}
              clearable
              data={(accounts.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
              value={accountId}
              onChange={setAccountId}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            {read.isPending && (
              <Text size="sm" c="dimmed" role="status">
                {t("portfolio.screenshot.reading")}
              </Text>
            )}
            <Button type="submit" disabled={!file} loading={read.isPending}>
              {t("portfolio.screenshot.read")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function ScreenshotPage() {
  const { t } = useTranslation();
  const f = usePortfolioFormat();
  const fmt = useFormatDate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const id = params.get("id");
  const list = useQuery({
    queryKey: snapKeys.list,
    queryFn: () => unwrap(api.GET("/api/portfolio/snapshots")),
  });
  const one = useQuery({
    queryKey: snapKeys.one(id ?? ""),
    queryFn: () => unwrap(api.GET("/api/portfolio/snapshots/{id}", { params: { path: { id: id ?? "" } } })),
    enabled: Boolean(id),
  });
  const remove = useMutation({
    mutationFn: (sid: string) =>
      unwrap(api.DELETE("/api/portfolio/snapshots/{id}", { params: { path: { id: sid } } })),
    onSuccess: async (_r, sid) => {
      if (sid === id) setParams({}, { replace: true });
      await qc.invalidateQueries({ queryKey: snapKeys.list });
    },
  });
  const open = (s: Snapshot) => {
    qc.setQueryData(snapKeys.one(s.id), s);
    void qc.invalidateQueries({ queryKey: snapKeys.list });
    setParams({ id: s.id });
  };
  const snaps = list.data?.snapshots ?? [];
  return (
    <PortfolioShell title={t("portfolio.screenshot.title")}>
      {id ? (
        <>
          <Group>
            <Button variant="default" size="compact-sm" onClick={() => setParams({})}>
              {t("portfolio.screenshot.read")}
            </Button>
          </Group>
          <ErrorAlert error={one.error} />
          {one.data && <Editor snap={one.data} />}
        </>
      ) : (
        <Upload onRead={open} />
      )}
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="snap-history">
        <Title order={2} size="h4" id="snap-history" mb="sm">
          {t("portfolio.screenshot.history")}
        </Title>
        <ErrorAlert error={list.error ?? remove.error} />
        {list.isSuccess && snaps.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("portfolio.screenshot.historyNone")}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560} type="native">
            <Table>
              <Table.Caption>{t("portfolio.screenshot.historyCaption")}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("portfolio.screenshot.takenAt")}</Table.Th>
                  <Table.Th>{t("portfolio.import.status")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.screenshot.totalValue")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.screenshot.lines")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {snaps.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt(s.takenAt)}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={s.status === "draft" ? "blue" : "teal"}>
                        {t(`portfolio.screenshot.statusNames.${s.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{f.money(s.totalValueKrw, "KRW")}</Table.Td>
                    <Table.Td ta="right">{s.lineCount}</Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button size="compact-xs" variant="light" onClick={() => setParams({ id: s.id })}>
                          {t("portfolio.screenshot.open")}
                        </Button>
                        <ConfirmButton
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          question={t("portfolio.screenshot.delete")}
                          confirmLabel={t("portfolio.delete")}
                          onConfirm={() => remove.mutate(s.id)}
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
      </Card>
    </PortfolioShell>
  );
}
