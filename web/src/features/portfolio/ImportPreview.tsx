// The import wizard's preview and result: what the server read (broker, counts, file-level issues),
// the unknown symbols to map or create, the rows with what each becomes in the ledger (filtered to
// errors or warnings, paged), then commit; after it the totals, a link to the imported rows and undo.
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../components/notify.ts";
import { InstrumentPicker } from "./InstrumentPicker.tsx";
import {
  type CommitResult,
  describeRow,
  importDetailQuery,
  type Preview,
  presetsQuery,
  type RowFilter,
  type RowIssue,
  type UndoResult,
} from "./importApi.ts";
import { useInvalidatePortfolio } from "./queries.ts";
import "./strings.ts";

const STATUS_COLOR = { ok: "teal", warning: "yellow", error: "red", ignored: "gray" } as const;

function Issues({ list, color }: { list: RowIssue[]; color: string }) {
  return (
    <>
      {list.map((e) => (
        <Text key={`${e.row}-${e.code}-${e.column ?? ""}-${e.message}`} size="xs" c={color}>
          {e.column && !e.message.startsWith(e.column) ? `${e.column}: ` : ""}
          {e.message}
        </Text>
      ))}
    </>
  );
}

export function ImportPreview({ preview, onRestart }: { preview: Preview; onRestart: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidatePortfolio();
  const [filter, setFilter] = useState<RowFilter>(preview.errorCount > 0 ? "errors" : "all");
  const [limit, setLimit] = useState(100);
  const [mappings, setMappings] = useState<Record<string, string>>({});
  const [create, setCreate] = useState(false);
  const [result, setResult] = useState<CommitResult | null>(null);
  const [undone, setUndone] = useState<UndoResult | null>(null);
  const detail = useQuery(importDetailQuery(preview.id, filter, limit));
  const commit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/portfolio/imports/{id}/commit", {
          params: { path: { id: preview.id } },
          body: {
            ...(preview.accountId ? { accountId: preview.accountId } : {}),
            mappings: Object.fromEntries(Object.entries(mappings).filter(([, v]) => v)),
            createInstruments: create,
          },
        }),
      ),
    onSuccess: async (r) => {
      setResult(r);
      await invalidate();
    },
  });
  const undo = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/portfolio/imports/{id}/undo", { params: { path: { id: preview.id } } })),
    onSuccess: async (r) => {
      setUndone(r);
      notifySuccess(t("portfolio.import.undone", { count: r.removedRows }));
      await invalidate();
    },
  });
  const typeName = (x: string) => t(`portfolio.types.${x}`, { defaultValue: x }) as string;
  const fileIssues = [...preview.errors, ...preview.warnings].filter((e) => e.row === 0);
  const presets = useQuery(presetsQuery());
  const labelOf = (id: string | null) => presets.data?.find((p) => p.id === id)?.label ?? id ?? "";
  const broker = labelOf(preview.broker);
  const overridden = preview.detectedBroker !== null && preview.detectedBroker !== preview.broker;

  if (result)
    return (
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="import-result">
        <Stack gap="sm">
          <Title order={2} size="h4" id="import-result">
            {t("portfolio.import.steps.commit")}
          </Title>
          <Alert color={undone ? "gray" : "teal"} variant="light" role="status">
            {undone
              ? t("portfolio.import.undone", { count: undone.removedRows })
              : t("portfolio.import.committed", {
                  imported: result.importedRows,
                  duplicates: result.duplicateRows,
                  failed: result.failedRows,
                  ms: Math.round(result.elapsedMs),
                })}
            {!undone && result.createdInstruments > 0 && (
              <Text size="sm">
                {t("portfolio.import.createdInstruments", { count: result.createdInstruments })}
              </Text>
            )}
          </Alert>
          <ErrorAlert error={undo.error} />
          <Group>
            {!undone && (
              <Button component={Link} to={`/portfolio/transactions?import=${result.id}`} variant="light">
                {t("portfolio.import.viewTransactions")}
              </Button>
            )}
            {!undone && (
              <ConfirmButton
                color="red"
                variant="outline"
                loading={undo.isPending}
                question={t("portfolio.import.undoQuestion")}
                confirmLabel={t("portfolio.import.undo")}
                onConfirm={() => undo.mutate()}
              >
                {t("portfolio.import.undo")}
              </ConfirmButton>
            )}
            <Button variant="default" onClick={onRestart}>
              {t("portfolio.import.another")}
            </Button>
          </Group>
        </Stack>
      </Card>
    );

  const rows = detail.data?.rows ?? [];
  return (
    <Stack gap="md">
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="import-preview">
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap">
            <Title order={2} size="h4" id="import-preview">
              {t("portfolio.import.steps.preview")}: {preview.fileName}
            </Title>
            <Text size="xs" c="dimmed">
              {t("portfolio.import.elapsed", { ms: Math.round(preview.elapsedMs) })}
            </Text>
          </Group>
          <Text size="sm" data-testid="import-broker">
            {overridden
              ? t("portfolio.import.detectedOverride", { broker, detected: labelOf(preview.detectedBroker) })
              : t("portfolio.import.detected", { broker })}
          </Text>
          <Text size="sm" data-testid="import-counts">
            {t("portfolio.import.counts", {
              total: preview.totalRows,
              valid: preview.validRows,
              errors: preview.failedRows,
              warnings: preview.warningCount,
              ignored: preview.ignoredRows,
            })}
          </Text>
          {fileIssues.length > 0 && (
            <Alert color="yellow" variant="light" title={t("portfolio.import.fileIssues")}>
              <List size="sm">
                {fileIssues.map((e) => (
                  <List.Item key={`${e.code}-${e.message}`}>{e.message}</List.Item>
                ))}
              </List>
            </Alert>
          )}
        </Stack>
      </Card>

      {preview.unmatched.length > 0 && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="import-unmatched">
          <Stack gap="sm">
            <Title order={2} size="h4" id="import-unmatched">
              {t("portfolio.import.unmatchedTitle")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("portfolio.import.unmatchedHint")}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {preview.unmatched.map((u) => (
                <Stack key={u.alias} gap={2}>
                  <InstrumentPicker
                    label={t("portfolio.import.mapTo", { alias: u.alias })}
                    value={mappings[u.alias] ?? ""}
                    onChange={(id) => setMappings((m) => ({ ...m, [u.alias]: id }))}
                  />
                  <Text size="xs" c="dimmed">
                    {[u.name, u.isin, u.mic, u.currency].filter(Boolean).join(" · ")} —{" "}
                    {t("portfolio.import.unmatchedRows", { count: u.rows })}
                  </Text>
                </Stack>
              ))}
            </SimpleGrid>
            <Checkbox
              label={t("portfolio.import.createInstruments")}
              checked={create}
              onChange={(e) => setCreate(e.currentTarget.checked)}
            />
          </Stack>
        </Card>
      )}

      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <SegmentedControl
              aria-label={t("portfolio.import.filter")}
              value={filter}
              onChange={(v) => {
                setFilter(v as RowFilter);
                setLimit(100);
              }}
              data={[
                { value: "all", label: t("portfolio.import.filterAll") },
                { value: "errors", label: `${t("portfolio.import.filterErrors")} (${preview.failedRows})` },
                {
                  value: "warnings",
                  label: `${t("portfolio.import.filterWarnings")} (${preview.warningCount})`,
                },
              ]}
            />
          </Group>
          <ErrorAlert error={detail.error} />
          <Table.ScrollContainer minWidth={640} type="native">
            <Table striped>
              <Table.Caption>{t("portfolio.import.rowsCaption", { file: preview.fileName })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th ta="right">{t("portfolio.import.row")}</Table.Th>
                  <Table.Th>{t("portfolio.import.status")}</Table.Th>
                  <Table.Th>{t("portfolio.import.becomes")}</Table.Th>
                  <Table.Th>{t("portfolio.import.issues")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.row} data-testid="import-row">
                    <Table.Td ta="right">{r.row}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={STATUS_COLOR[r.status]}>
                        {t(`portfolio.import.statuses.${r.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {r.ledger?.tradeDate ?? ""} {describeRow(r, typeName)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Issues list={r.errors} color="red" />
                      <Issues list={r.warnings} color="dimmed" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {detail.data && detail.data.total > rows.length && (
            <Group justify="center">
              <Button
                variant="light"
                loading={detail.isFetching}
                onClick={() => setLimit((l) => Math.min(1000, l + 200))}
              >
                {t("portfolio.import.more")}
              </Button>
            </Group>
          )}
        </Stack>
      </Card>
      <ErrorAlert error={commit.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onRestart}>
          {t("portfolio.import.cancel")}
        </Button>
        <Button
          onClick={() => commit.mutate()}
          loading={commit.isPending}
          disabled={preview.validRows === 0 || preview.status !== "previewed"}
        >
          {t("portfolio.import.commit", { count: preview.validRows })}
        </Button>
      </Group>
    </Stack>
  );
}
