// Planning: the risk questionnaire and profile, target allocations (drift and the trades that restore
// them), goals with progress and projection, and the X-ray's checks. The checks', trades' and
// warnings' explanations come as codes with their values, rendered in the user's language (notices.ts).
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatCalendarDate } from "../../components/format.ts";
import { notifySuccess } from "../../components/notify.ts";
import { usePortfolioFormat } from "./format.ts";
import { sliceName, useNoticeText } from "./notices.ts";
import { GoalsCard } from "./PlanningGoals.tsx";
import { RiskCard } from "./PlanningRisk.tsx";
import { PortfolioShell } from "./PortfolioShell.tsx";
import { allocationsQuery, DIMENSIONS, type Dimension, sumPct, xrayQuery } from "./planningQueries.ts";
import { portfolioKeys } from "./queries.ts";
import { normaliseDecimal } from "./transactionForm.ts";

const STATUS_COLOR = {
  ok: "teal",
  info: "blue",
  warning: "yellow",
  alert: "red",
  unavailable: "gray",
} as const;
const _q = (id: string, option?: string) =>
  `portfolio.planning.risk.questions.${id}.${option ?? "q"}` as never;

function AllocationsCard() {
  const { t, i18n } = useTranslation();
  const noticeText = useNoticeText();
  const f = usePortfolioFormat();
  const qc = useQueryClient();
  const [dimension, setDimension] = useState<Dimension>("assetClass");
  const [allowSell, setAllowSell] = useState(false);
  const [fractional, setFractional] = useState(false);
  const a = useQuery(allocationsQuery({ dimension, allowSell, fractional }));
  const d = a.data?.dimensions.find((x) => x.dimension === dimension);
  const saved = (a.data?.targets ?? []).filter((x) => x.dimension === dimension);
  const [rows, setRows] = useState<{ key: string; pct: string }[] | null>(null);
  const editing = rows ?? saved.map((x) => ({ key: x.key, pct: x.targetPct }));
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/api/portfolio/allocations", {
          body: {
            targets: {
              [dimension]: editing
                .filter((r) => r.key.trim())
                .map((r) => ({ key: r.key.trim(), pct: normaliseDecimal(r.pct) ?? r.pct })),
            },
          },
        }),
      ),
    onSuccess: async () => {
      notifySuccess(t("portfolio.planning.alloc.saved"));
      setRows(null);
      await qc.invalidateQueries({ queryKey: [...portfolioKeys.all, "planning"] });
    },
  });
  const dimName = t(`portfolio.planning.alloc.dimensions.${dimension}`);
  const sliceLabel = (key: string, label: string) =>
    dimension !== "assetClass"
      ? label
      : key === "cash"
        ? t("portfolio.overview.cash")
        : (t(`market.assetClasses.${key}`, { defaultValue: label }) as string);
  const reb = a.data?.rebalance;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="alloc-plan-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="alloc-plan-title">
          {t("portfolio.planning.alloc.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("portfolio.planning.alloc.intro")}
        </Text>
        <Group align="flex-end" wrap="wrap">
          <Select
            label={t("portfolio.planning.alloc.dimension")}
            data={DIMENSIONS.map((x) => ({ value: x, label: t(`portfolio.planning.alloc.dimensions.${x}`) }))}
            value={dimension}
            allowDeselect={false}
            onChange={(v) => {
              if (v) setDimension(v as Dimension);
              setRows(null);
            }}
          />
          <Checkbox
            label={t("portfolio.planning.alloc.allowSell")}
            checked={allowSell}
            onChange={(e) => setAllowSell(e.currentTarget.checked)}
          />
          <Checkbox
            label={t("portfolio.planning.alloc.fractional")}
            checked={fractional}
            onChange={(e) => setFractional(e.currentTarget.checked)}
          />
        </Group>
        <ErrorAlert error={a.error ?? save.error} />
        {a.data && d && d.slices.length > 0 && (
          <Table.ScrollContainer minWidth={620} type="native">
            <Table>
              <Table.Caption>
                {t("portfolio.planning.alloc.caption", {
                  dimension: dimName,
                  currency: a.data.currency,
                  date: formatCalendarDate(a.data.asOf, i18n.language),
                })}
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("portfolio.planning.alloc.slice")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.planning.alloc.target")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.planning.alloc.current")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.planning.alloc.drift")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.planning.alloc.value")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.planning.alloc.after")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.slices.map((s) => (
                  <Table.Tr key={s.key}>
                    <Table.Td>
                      {sliceLabel(s.key, s.label)}{" "}
                      {d.hasTargets && (
                        <Badge size="xs" variant="light" color={s.status === "within" ? "teal" : "yellow"}>
                          {t(`portfolio.planning.alloc.status.${s.status}`)}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{d.hasTargets ? `${f.num(s.targetPct, 2)}%` : "—"}</Table.Td>
                    <Table.Td ta="right">{f.num(s.currentPct, 2)}%</Table.Td>
                    <Table.Td ta="right">{d.hasTargets ? f.num(s.driftPct, 2) : "—"}</Table.Td>
                    <Table.Td ta="right">{f.money(s.value, a.data.currency)}</Table.Td>
                    <Table.Td ta="right">{f.num(s.pctAfter, 2)}%</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {a.data && !d?.hasTargets && (
          <Text size="sm" c="dimmed">
            {t("portfolio.planning.alloc.noTargets")}
          </Text>
        )}
        <Title order={3} size="h5">
          {t("portfolio.planning.alloc.edit")} — {dimName}
        </Title>
        <Stack gap={6}>
          {editing.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity but their place
            <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
              <TextInput
                label={i === 0 ? t("portfolio.planning.alloc.key") : undefined}
                aria-label={t("portfolio.planning.alloc.key")}
                placeholder={t("portfolio.planning.alloc.keyHint")}
                style={{ flex: 1, minWidth: 0 }}
                value={r.key}
                onChange={(e) => {
                  const key = e.currentTarget.value;
                  setRows(editing.map((x, j) => (j === i ? { ...x, key } : x)));
                }}
              />
              <TextInput
                label={i === 0 ? t("portfolio.planning.alloc.pct") : undefined}
                aria-label={t("portfolio.planning.alloc.pct")}
                inputMode="decimal"
                w={90}
                value={r.pct}
                onChange={(e) => {
                  const pct = e.currentTarget.value;
                  setRows(editing.map((x, j) => (j === i ? { ...x, pct } : x)));
                }}
              />
              <Button
                variant="subtle"
                color="red"
                aria-label={t("portfolio.planning.alloc.removeRow", { key: r.key || String(i + 1) })}
                onClick={() => setRows(editing.filter((_, j) => j !== i))}
              >
                ×
              </Button>
            </Group>
          ))}
          <Group justify="space-between" wrap="wrap">
            <Group gap="xs">
              <Button
                variant="light"
                size="compact-sm"
                onClick={() => setRows([...editing, { key: "", pct: "" }])}
              >
                {t("portfolio.planning.alloc.addRow")}
              </Button>
              <Text size="sm" c="dimmed">
                {t("portfolio.planning.alloc.sum", {
                  sum: sumPct(editing.map((r) => normaliseDecimal(r.pct) ?? "")),
                })}
              </Text>
            </Group>
            <Button onClick={() => save.mutate()} loading={save.isPending} disabled={rows === null}>
              {t("portfolio.planning.alloc.save")}
            </Button>
          </Group>
        </Stack>
        {reb && (
          <>
            <Title order={3} size="h5">
              {t("portfolio.planning.alloc.trades")}
            </Title>
            <Text size="sm" c="dimmed" data-testid="rebalance-explanation">
              {noticeText(reb.explanation)}
            </Text>
            {reb.trades.length === 0 ? (
              <Text size="sm">{t("portfolio.planning.alloc.noTrades")}</Text>
            ) : (
              <Table.ScrollContainer minWidth={640} type="native">
                <Table>
                  <Table.Caption>
                    {t("portfolio.planning.alloc.tradesCaption", { dimension: dimName })}
                  </Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("portfolio.planning.alloc.action")}</Table.Th>
                      <Table.Th>{t("portfolio.planning.alloc.slice")}</Table.Th>
                      <Table.Th ta="right">{t("portfolio.planning.alloc.quantity")}</Table.Th>
                      <Table.Th ta="right">{t("portfolio.planning.alloc.price")}</Table.Th>
                      <Table.Th ta="right">{t("portfolio.planning.alloc.value")}</Table.Th>
                      <Table.Th>{t("portfolio.planning.alloc.why")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {reb.trades.map((x) => (
                      <Table.Tr key={`${x.action}-${x.accountId}-${x.instrumentId}`}>
                        <Table.Td>
                          {t(`portfolio.planning.alloc.actions.${x.action}`)} {x.symbol}
                        </Table.Td>
                        <Table.Td>{dimension === "instrument" ? x.symbol : sliceName(x.slice, t)}</Table.Td>
                        <Table.Td ta="right">{f.quantity(x.quantity)}</Table.Td>
                        <Table.Td ta="right">{f.money(x.price, x.instrumentCurrency)}</Table.Td>
                        <Table.Td ta="right">{f.money(x.value, a.data?.currency)}</Table.Td>
                        <Table.Td>
                          <Text size="xs">{noticeText(x.explanation)}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </>
        )}
        {(reb?.shortfalls ?? []).map((s) => (
          <Text key={s.slice} size="sm" data-testid="rebalance-shortfall">
            {noticeText(s.explanation)}
          </Text>
        ))}
        {(a.data?.warnings ?? []).map((w) => (
          <Text key={`${w.code}-${JSON.stringify(w.params)}`} size="xs" c="dimmed">
            {noticeText(w)}
          </Text>
        ))}
      </Stack>
    </Card>
  );
}

function XRayCard() {
  const { t } = useTranslation();
  const f = usePortfolioFormat();
  const noticeText = useNoticeText();
  const x = useQuery(xrayQuery());
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="xray-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="xray-title">
          {t("portfolio.planning.xray.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("portfolio.planning.xray.intro")}
        </Text>
        <ErrorAlert error={x.error} />
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          {(x.data?.checks ?? []).map((c) => (
            <Card key={c.id} withBorder radius="md" padding="sm" data-testid="xray-check">
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text fw={700} size="sm">
                  {t(`portfolio.planning.xray.checks.${c.id}`)}
                </Text>
                <Badge size="sm" variant="light" color={STATUS_COLOR[c.status]}>
                  {t(`portfolio.planning.xray.status.${c.status}`)}
                </Badge>
              </Group>
              <Text size="sm" mt={4} data-testid="xray-explanation">
                {noticeText(c.explanation)}
              </Text>
              {c.id !== "drift" && c.items.length > 0 && (
                <Text size="xs" c="dimmed" mt={4} data-testid="xray-items">
                  {c.items.map((i) => `${i.label} ${f.num(i.pct, 2)}%`).join(" · ")}
                </Text>
              )}
            </Card>
          ))}
        </SimpleGrid>
        {(x.data?.warnings ?? []).map((w) => (
          <Text key={`${w.code}-${JSON.stringify(w.params)}`} size="xs" c="dimmed">
            {noticeText(w)}
          </Text>
        ))}
      </Stack>
    </Card>
  );
}

export function PlanningPage() {
  const { t } = useTranslation();
  return (
    <PortfolioShell title={t("portfolio.planning.title")}>
      <XRayCard />
      <GoalsCard />
      <AllocationsCard />
      <RiskCard />
    </PortfolioShell>
  );
}
