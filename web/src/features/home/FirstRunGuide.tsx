// The first-run guide: three or four steps that set Bullpen up for a new user, each ticked from the
// user's real state (the server says which are done), closed for good with one button (remembered
// on the server per user). Steps come from the modules; their words and pages from this app.
import {
  Button,
  Card,
  CloseButton,
  Group,
  List,
  Progress,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Guide } from "./queries.ts";
import { useSetGuideDismissed } from "./queries.ts";
import { guideStepRegistry } from "./registry.ts";

function Check() {
  return (
    <svg
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="3"
      aria-hidden
    >
      <path d="M20 6 9 17l-5-5" />
    </svg>
  );
}

export function FirstRunGuide({ guide }: { guide: Guide }) {
  const { t } = useTranslation();
  const titleId = useId();
  const dismiss = useSetGuideDismissed();
  const steps = guide.steps.filter((s) => guideStepRegistry[s.id]);
  if (guide.dismissed || steps.length === 0) return null;
  const done = steps.filter((s) => s.done).length;
  const word = (id: string, k: "title" | "body" | "action") => t(`home.guide.steps.${id}.${k}` as never);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <div>
          <Title order={2} size="h4" id={titleId}>
            {t("home.guide.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {done === steps.length ? t("home.guide.allDone") : t("home.guide.intro")}
          </Text>
        </div>
        <CloseButton
          aria-label={t("home.guide.dismiss")}
          title={t("home.guide.dismiss")}
          disabled={dismiss.isPending}
          onClick={() => dismiss.mutate(true)}
        />
      </Group>
      <Progress
        value={(done / steps.length) * 100}
        size="sm"
        mb="md"
        aria-label={t("home.guide.progress", { done, total: steps.length })}
      />
      <Text size="xs" c="dimmed" mb="sm">
        {t("home.guide.progress", { done, total: steps.length })}
      </Text>
      <List
        spacing="md"
        listStyleType="none"
        styles={{ itemWrapper: { width: "100%" }, itemLabel: { width: "100%" } }}
      >
        {steps.map((s, i) => (
          <List.Item
            key={s.id}
            icon={
              <ThemeIcon
                radius="xl"
                size={24}
                color={s.done ? "teal" : "gray"}
                variant={s.done ? "filled" : "light"}
                aria-hidden
              >
                {s.done ? (
                  <Check />
                ) : (
                  <Text size="xs" fw={700}>
                    {i + 1}
                  </Text>
                )}
              </ThemeIcon>
            }
          >
            <Group justify="space-between" wrap="wrap" gap="xs" align="center">
              <Stack gap={0} style={{ flex: "1 1 14rem", minWidth: 0 }}>
                <Text size="sm" fw={600}>
                  {word(s.id, "title")}
                  <Text span size="xs" c="dimmed" fw={500} ml={6}>
                    ({s.done ? t("home.guide.done") : t("home.guide.todo")})
                  </Text>
                </Text>
                <Text size="sm" c="dimmed">
                  {word(s.id, "body")}
                </Text>
              </Stack>
              {!s.done && (
                <Button size="xs" variant="light" component={Link} to={guideStepRegistry[s.id]?.to ?? "/"}>
                  {word(s.id, "action")}
                </Button>
              )}
            </Group>
          </List.Item>
        ))}
      </List>
      {done === steps.length && (
        <Group justify="flex-end" mt="md">
          <Button
            size="xs"
            variant="default"
            onClick={() => dismiss.mutate(true)}
            loading={dismiss.isPending}
          >
            {t("home.guide.dismiss")}
          </Button>
        </Group>
      )}
    </Card>
  );
}
