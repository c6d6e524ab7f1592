// Planning's risk profile: the questionnaire (the questions' and options' words are the web's, by id)
// and the score and profile the server computes from the answers.
import { Button, Card, Group, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatCalendarDate } from "../../components/format.ts";
import { notifySuccess } from "../../components/notify.ts";
import { questionsQuery, riskProfileQuery } from "./planningQueries.ts";
import { portfolioKeys } from "./queries.ts";

const q = (id: string, option?: string) =>
  `portfolio.planning.risk.questions.${id}.${option ?? "q"}` as never;

export function RiskCard() {
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
