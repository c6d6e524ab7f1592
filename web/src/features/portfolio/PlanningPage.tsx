// Planning: the risk questionnaire and profile, target allocations (drift and the trades that restore
// them), goals with progress and projection, and the X-ray's checks. The checks' and trades'
// explanations are the server's sentences (English); their names and states are translated here.
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatCalendarDate } from "../../components/format.ts";
import { notifySuccess } from "../../components/notify.ts";
import { currencyOptions } from "./AccountsPage.tsx";
import { usePortfolioFormat } from "./format.ts";
import { PortfolioShell } from "./PortfolioShell.tsx";
import {
  allocationsQuery,
  DIMENSIONS,
  type Dimension,
  type Goal,
  goalsQuery,
  questionsQuery,
  riskProfileQuery,
  sumPct,
  xrayQuery,
} from "./planningQueries.ts";
import { portfolioKeys } from "./queries.ts";
import { normaliseDecimal } from "./transactionForm.ts";

const STATUS_COLOR = {
  ok: "teal",
  info: "blue",
  warning: "yellow",
  alert: "red",
  unavailable: "gray",
} as const;
const q = (id: string, option?: string) =>
  `portfolio.planning.risk.questions.${id}.${option ?? "q"}` as never;

function RiskCard() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const questions = useQuery(questionsQuery());
  const profile = useQuery(riskProfileQuery());
  const [answers, setAnswers] = useState<Record<string, string> | null>(null);
  const current = answers ?? profile.data?.answers ?? {};
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT("/api/portfolio/risk-profile", { body: { answers: current } })),
    onSuccess: async () => {
      notifySuccess(t("portfolio.planning.risk.saved"));
      setAnswers(null);
      await qc.invalidateQueries({ queryKey: [...portfolioKeys.all, "planning"] });
    },
  });
  const p = profile.data;
  const all = questions.data?.questions ?? [];
  const complete = all.length > 0 && all.every((x) => current[x.id]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (complete) save.mutate();
  };
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="risk-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="risk-title">
          {t("portfolio.planning.risk.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("portfolio.planning.risk.intro")}
        </Text>
        <ErrorAlert error={questions.error ?? profile.error ?? save.error} />
        {p ? (
          <Stack gap={4} data-testid="risk-result">
            <Text fw={700}>
              {t("portfolio.planning.risk.result", {
                score: p.score,
                profile: t(`portfolio.planning.risk.profiles.${p.profileType}`),
              })}
            </Text>
            {p.cappedBy && (
              <Text size="sm">{t("portfolio.planning.risk.capped", { question: t(q(p.cappedBy)) })}</Text>
            )}
            <Text size="xs" c="dimmed">
              {t("portfolio.planning.risk.completed", {
                date: formatCalendarDate(p.completedAt, i18n.language),
              })}
            </Text>
            <Text size="sm">
              {t("portfolio.planning.risk.model")}:{" "}
              {Object.entries(p.modelAllocation)
                .map(([k, v]) => `${t(`market.assetClasses.${k}`, { defaultValue: k })} ${v}%`)
                .join(" · ")}
            </Text>
          </Stack>
        ) : (
          profile.isSuccess && <Text size="sm">{t("portfolio.planning.risk.none")}</Text>
        )}
        <form onSubmit={submit}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              {all.map((x) => (
                <Select
                  key={x.id}
                  label={t(q(x.id))}
                  data={x.options.map((o) => ({ value: o.id, label: t(q(x.id, o.id)) }))}
                  value={current[x.id] ?? null}
                  allowDeselect={false}
                  onChange={(v) => v && setAnswers({ ...current, [x.id]: v })}
                />
              ))}
            </SimpleGrid>
            <Group justify="flex-end">
              <Button type="submit" disabled={!complete || answers === null} loading={save.isPending}>
                {t("portfolio.planning.risk.save")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

function AllocationsCard() {
  const { t, i18n } = useTranslation();
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
                      {s.label}{" "}
                      <Badge size="xs" variant="light" color={s.status === "within" ? "teal" : "yellow"}>
                        {t(`portfolio.planning.alloc.status.${s.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{f.num(s.targetPct, 2)}%</Table.Td>
                    <Table.Td ta="right">{f.num(s.currentPct, 2)}%</Table.Td>
                    <Table.Td ta="right">{f.num(s.driftPct, 2)}</Table.Td>
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
            <Text size="sm" c="dimmed">
              {reb.explanation}
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
                        <Table.Td>{x.slice}</Table.Td>
                        <Table.Td ta="right">{f.quantity(x.quantity)}</Table.Td>
                        <Table.Td ta="right">{f.money(x.price, x.instrumentCurrency)}</Table.Td>
                        <Table.Td ta="right">{f.money(x.value, a.data?.currency)}</Table.Td>
                        <Table.Td>
                          <Text size="xs">{x.explanation}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </>
        )}
        {(a.data?.warnings ?? []).map((w) => (
          <Text key={w} size="xs" c="dimmed">
            {w}
          </Text>
        ))}
      </Stack>
    </Card>
  );
}

function GoalRow({ g }: { g: Goal }) {
  const { t, i18n } = useTranslation();
  const f = usePortfolioFormat();
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/portfolio/goals/{id}", { params: { path: { id: g.id } } })),
    onSuccess: async () => {
      notifySuccess(t("portfolio.planning.goals.deleted"));
      await qc.invalidateQueries({ queryKey: [...portfolioKeys.all, "planning"] });
    },
  });
  const pct = Math.max(0, Math.min(100, Number(g.progress.pct)));
  const p = g.projection;
  return (
    <Card withBorder radius="md" padding="sm" data-testid="goal">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={700}>{g.name}</Text>
          <Badge color={p.onTrack ? "teal" : "yellow"} variant="light">
            {t(p.onTrack ? "portfolio.planning.goals.onTrack" : "portfolio.planning.goals.offTrack")}
          </Badge>
        </Group>
        <Progress value={pct} aria-label={g.name} />
        <Text size="sm">
          {t("portfolio.planning.goals.progress", {
            current: f.money(g.progress.currentValue, g.currency),
            target: f.money(g.targetAmount, g.currency),
            pct: f.num(g.progress.pct, 1),
          })}
        </Text>
        <Text size="sm" c="dimmed">
          {t("portfolio.planning.goals.projected", {
            date: formatCalendarDate(g.targetDate, i18n.language),
            value: f.money(p.projectedValue, g.currency),
          })}
          {p.low && p.high
            ? ` (${t("portfolio.planning.goals.range", { low: f.money(p.low, g.currency), high: f.money(p.high, g.currency) })})`
            : ""}
        </Text>
        {!p.onTrack && p.requiredMonthlyContribution && (
          <Text size="sm">
            {t("portfolio.planning.goals.required", {
              amount: f.money(p.requiredMonthlyContribution, g.currency),
            })}
          </Text>
        )}
        <ErrorAlert error={remove.error} />
        <Group justify="flex-end">
          <ConfirmButton
            size="compact-xs"
            variant="subtle"
            color="red"
            question={t("portfolio.planning.goals.deleteQuestion", { name: g.name })}
            confirmLabel={t("portfolio.delete")}
            onConfirm={() => remove.mutate()}
          >
            {t("portfolio.delete")}
          </ConfirmButton>
        </Group>
      </Stack>
    </Card>
  );
}

function GoalsCard() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const goals = useQuery(goalsQuery());
  const empty = {
    name: "",
    amount: "",
    currency: i18n.language === "ko" ? "KRW" : "USD",
    date: "",
    monthly: "",
    expected: "",
  };
  const [v, setV] = useState(empty);
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/portfolio/goals", {
          body: {
            name: v.name,
            targetAmount: normaliseDecimal(v.amount) ?? v.amount,
            currency: v.currency,
            targetDate: v.date,
            ...(v.monthly.trim() ? { monthlyContribution: normaliseDecimal(v.monthly) ?? v.monthly } : {}),
            ...(v.expected.trim() ? { expectedReturnPct: normaliseDecimal(v.expected) ?? v.expected } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      notifySuccess(t("portfolio.planning.goals.added"));
      setV(empty);
      await qc.invalidateQueries({ queryKey: [...portfolioKeys.all, "planning"] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="goals-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="goals-title">
          {t("portfolio.planning.goals.title")}
        </Title>
        <ErrorAlert error={goals.error} />
        {goals.isSuccess && goals.data.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("portfolio.planning.goals.none")}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {(goals.data ?? []).map((g) => (
            <GoalRow key={g.id} g={g} />
          ))}
        </SimpleGrid>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ErrorAlert error={add.error} />
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
              <TextInput
                label={t("portfolio.planning.goals.name")}
                required
                value={v.name}
                onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
              />
              <TextInput
                label={t("portfolio.planning.goals.amount")}
                required
                inputMode="decimal"
                value={v.amount}
                onChange={(e) => setV({ ...v, amount: e.currentTarget.value })}
              />
              <Select
                label={t("portfolio.planning.goals.currency")}
                data={currencyOptions(v.currency)}
                value={v.currency}
                allowDeselect={false}
                searchable
                onChange={(c) => c && setV({ ...v, currency: c })}
              />
              <TextInput
                label={t("portfolio.planning.goals.date")}
                type="date"
                required
                value={v.date}
                onChange={(e) => setV({ ...v, date: e.currentTarget.value })}
              />
              <TextInput
                label={t("portfolio.planning.goals.monthly")}
                inputMode="decimal"
                value={v.monthly}
                onChange={(e) => setV({ ...v, monthly: e.currentTarget.value })}
              />
              <TextInput
                label={t("portfolio.planning.goals.expected")}
                description={t("portfolio.planning.goals.expectedHint")}
                inputMode="decimal"
                value={v.expected}
                onChange={(e) => setV({ ...v, expected: e.currentTarget.value })}
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button
                type="submit"
                loading={add.isPending}
                disabled={!v.name.trim() || !v.amount.trim() || !v.date}
              >
                {t("portfolio.planning.goals.add")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

function XRayCard() {
  const { t } = useTranslation();
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
              <Text size="sm" mt={4}>
                {c.explanation}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
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
