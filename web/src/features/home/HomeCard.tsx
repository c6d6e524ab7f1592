// The frame every home card shares: a titled section with a link to the full page, a fixed-height
// skeleton while its data loads, an error with a retry, and an empty state that says how to start.
import { Anchor, Button, Card, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export interface HomeCardProps {
  title: string;
  /** The full page behind the card. */
  link: { to: string; label: string };
  /** The card's data query. */
  state: { isPending: boolean; isError: boolean; refetch: () => unknown };
  /** Shown instead of the body when there is nothing to show yet: what to do to start. */
  empty?: { text: string; action: { to: string; label: string } } | null;
  /** Height kept while loading and after, so the page does not shift (default 200 px). */
  minHeight?: number;
  children?: ReactNode;
}

const SKELETON_ROWS = ["a", "b", "c", "d"];

export function HomeCard({ title, link, state, empty, minHeight = 200, children }: HomeCardProps) {
  const { t } = useTranslation();
  const titleId = useId();
  let body: ReactNode;
  if (state.isPending)
    body = (
      <Stack gap="xs" aria-hidden>
        {SKELETON_ROWS.slice(0, minHeight >= 200 ? 4 : 2).map((row) => (
          <Skeleton key={row} height={22} />
        ))}
      </Stack>
    );
  else if (state.isError)
    body = (
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t("home.cardError")}</Text>
        <Button size="xs" variant="light" onClick={() => state.refetch()}>
          {t("home.retry")}
        </Button>
      </Stack>
    );
  else if (empty)
    body = (
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{empty.text}</Text>
        <Button size="xs" component={Link} to={empty.action.to}>
          {empty.action.label}
        </Button>
      </Stack>
    );
  else body = children;
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby={titleId}
      aria-busy={state.isPending || undefined}
      mih={minHeight}
    >
      <Group justify="space-between" align="baseline" mb="sm" wrap="nowrap" gap="xs">
        <Title order={2} size="h4" id={titleId} style={{ minWidth: 0, overflowWrap: "anywhere" }}>
          {title}
        </Title>
        <Anchor component={Link} to={link.to} size="sm" style={{ flexShrink: 0 }}>
          {link.label}
        </Anchor>
      </Group>
      {body}
    </Card>
  );
}
