// Planning's goals: each goal's progress and projection (on track or the monthly amount it needs), and
// the form that adds one.
import {
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Select,
  SimpleGrid,
  Stack,
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
import { useNoticeText } from "./notices.ts";
import { type Goal, goalsQuery } from "./planningQueries.ts";
import { portfolioKeys } from "./queries.ts";
import { normaliseDecimal } from "./transactionForm.ts";

function GoalRow({ g }: { g: Goal }) {
  const { t, i18n } = useTranslation();
  const noticeText = useNoticeText();
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
        {g.warnings.map((w) => (
          <Text key={`${w.code}-${JSON.stringify(w.params)}`} size="xs" c="dimmed" data-testid="goal-warning">
            {noticeText(w)}
          </Text>
        ))}
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

export function GoalsCard() {
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
