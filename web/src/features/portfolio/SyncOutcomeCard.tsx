// What a sync did: the failure's reason (nothing was changed, worded from its code), or the counts —
// added, already in the ledger, not synced — with the rows not synced and their reasons (each code's
// title in the user's language over the detail, in English as the server and the broker word it), the
// warnings, and the positions where the broker and the ledger differ.
import { Alert, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { SyncOutcome } from "./connectionsQueries.ts";
import "./connectionsStrings.ts";
import { useNoticeText } from "./notices.ts";

type Issue = SyncOutcome["errors"][number];

function IssueTable({
  rows,
  caption,
}: {
  rows: { kind: "error" | "ignored" | "warning"; issue: Issue }[];
  caption: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={360} type="native">
      <Table fz="sm" verticalSpacing={4}>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th ta="right">{t("portfolioConnections.outcome.row")}</Table.Th>
            <Table.Th>{t("portfolioConnections.outcome.kind")}</Table.Th>
            <Table.Th>{t("portfolioConnections.outcome.reason")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ kind, issue }) => (
            <Table.Tr
              key={`${kind}-${issue.row}-${issue.code}-${issue.column ?? ""}-${issue.message}`}
              data-testid="sync-issue"
            >
              <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                {issue.row}
              </Table.Td>
              <Table.Td>{t(`portfolioConnections.outcome.kinds.${kind}`)}</Table.Td>
              <Table.Td style={{ overflowWrap: "anywhere" }}>
                {i18n.exists(`portfolioConnections.outcome.issueCodes.${issue.code}`) && (
                  <Text size="sm" fw={600} data-testid="sync-issue-title">
                    {t(`portfolioConnections.outcome.issueCodes.${issue.code}` as never)}
                  </Text>
                )}
                <Text size="xs" c="dimmed" lang="en">
                  {issue.column ? `${issue.column}: ` : ""}
                  {issue.message}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function SyncOutcomeCard({
  title,
  outcome,
  onDismiss,
}: {
  title: string;
  outcome: SyncOutcome;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const noticeText = useNoticeText();
  const notSynced = [
    ...outcome.errors.map((issue) => ({ kind: "error" as const, issue })),
    ...outcome.ignored.map((issue) => ({ kind: "ignored" as const, issue })),
  ];
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="sync-outcome"
      data-testid="sync-outcome"
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4" id="sync-outcome">
            {title}
          </Title>
          <Button size="compact-sm" variant="subtle" onClick={onDismiss}>
            {t("portfolioConnections.outcome.dismiss")}
          </Button>
        </Group>
        {!outcome.ok ? (
          <Alert color="red" variant="light" role="alert" title={t("portfolioConnections.outcome.failed")}>
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {outcome.error ? noticeText(outcome.error) : null}
            </Text>
          </Alert>
        ) : (
          <Alert color="green" variant="light" role="status" title={t("portfolioConnections.outcome.ok")}>
            <Text size="sm" data-testid="sync-counts">
              {t("portfolioConnections.outcome.counts", {
                fetched: outcome.fetched,
                added: outcome.added,
                duplicates: outcome.duplicates,
                notSynced: notSynced.length,
              })}
            </Text>
          </Alert>
        )}
        {notSynced.length > 0 && (
          <Stack gap={4}>
            <Title order={3} size="h5">
              {t("portfolioConnections.outcome.notSynced")}
            </Title>
            <IssueTable rows={notSynced} caption={t("portfolioConnections.outcome.notSyncedCaption")} />
          </Stack>
        )}
        {outcome.warnings.length > 0 && (
          <Stack gap={4}>
            <Title order={3} size="h5">
              {t("portfolioConnections.outcome.warnings")}
            </Title>
            <IssueTable
              rows={outcome.warnings.map((issue) => ({ kind: "warning" as const, issue }))}
              caption={t("portfolioConnections.outcome.warnings")}
            />
          </Stack>
        )}
        {outcome.ok &&
          (outcome.positionDifferences.length > 0 ? (
            <Stack gap={4}>
              <Title order={3} size="h5">
                {t("portfolioConnections.outcome.differences")}
              </Title>
              <Text size="sm" c="dimmed">
                {t("portfolioConnections.outcome.differencesHint")}
              </Text>
              <Table.ScrollContainer minWidth={300} type="native">
                <Table fz="sm" verticalSpacing={4}>
                  <Table.Caption>{t("portfolioConnections.outcome.differencesCaption")}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("portfolioConnections.outcome.symbol")}</Table.Th>
                      <Table.Th ta="right">{t("portfolioConnections.outcome.brokerQty")}</Table.Th>
                      <Table.Th ta="right">{t("portfolioConnections.outcome.ledgerQty")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {outcome.positionDifferences.map((d) => (
                      <Table.Tr key={d.symbol} data-testid="position-difference">
                        <Table.Td fw={600}>{d.symbol}</Table.Td>
                        <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                          {d.broker}
                        </Table.Td>
                        <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                          {d.ledger}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {t("portfolioConnections.outcome.noDifferences")}
            </Text>
          ))}
      </Stack>
    </Card>
  );
}
