import {
  Alert,
  Button,
  Card,
  FileInput,
  Group,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { INTERVALS, type Interval } from "../../api/models.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { importBarsCsv } from "./importBars.ts";
import { marketKeys } from "./queries.ts";

/** Admin: upload a CSV of bars with upload progress; shows the counts and the row-numbered errors. */
export function BarsImport({
  instrumentId,
  defaultInterval,
}: {
  instrumentId: string;
  defaultInterval: Interval;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [interval, setInterval] = useState<Interval>(defaultInterval);
  const [progress, setProgress] = useState(0);
  const run = useMutation({
    mutationFn: (f: File) => {
      setProgress(0);
      return importBarsCsv(instrumentId, f, interval, setProgress);
    },
    onSuccess: (r) => {
      if (r.added > 0) qc.invalidateQueries({ queryKey: marketKeys.all });
    },
  });
  const r = run.data;
  return (
    <Card withBorder radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t("market.importTitle")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("market.importHelp")}
        </Text>
        <Group align="flex-end" gap="sm">
          <FileInput
            label={t("market.file")}
            placeholder={t("market.chooseFile")}
            accept=".csv,text/csv,text/plain"
            value={file}
            onChange={(f) => {
              setFile(f);
              run.reset();
            }}
            clearable
            w={300}
          />
          <Select
            label={t("market.interval")}
            data={[...INTERVALS]}
            value={interval}
            onChange={(v) => v && setInterval(v as Interval)}
            allowDeselect={false}
            w={100}
          />
          <Button disabled={!file} loading={run.isPending} onClick={() => file && run.mutate(file)}>
            {t("market.importButton")}
          </Button>
        </Group>
        {(run.isPending || r) && (
          <Stack gap={4}>
            <Progress
              value={progress * 100}
              animated={run.isPending}
              aria-label={t("market.uploading", { pct: Math.round(progress * 100) })}
            />
            {run.isPending && (
              <Text size="xs" c="dimmed">
                {t("market.uploading", { pct: Math.round(progress * 100) })}
              </Text>
            )}
          </Stack>
        )}
        <ErrorAlert error={run.error} />
        {r && (
          <Alert color={r.refused ? "red" : "teal"} variant="light" data-testid="import-result">
            <Text size="sm" fw={600}>
              {t("market.importDone", {
                added: r.added,
                duplicates: r.skippedDuplicates,
                rejected: r.rejected,
                rows: r.rowsRead,
              })}
            </Text>
            {r.refused && <Text size="sm">{t("market.importRefused")}</Text>}
          </Alert>
        )}
        {r && r.errors.length > 0 && (
          <Table.ScrollContainer
            minWidth={400}
            mah={320}
            scrollAreaProps={{ viewportProps: { tabIndex: 0 } }}
          >
            <Table striped aria-label={t("market.problem")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>{t("market.row")}</Table.Th>
                  <Table.Th>{t("market.problem")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.errors.slice(0, 500).map((e) => (
                  <Table.Tr key={`${e.row}:${e.message}`}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {r && (r.errorsTruncated || r.errors.length > 500) && (
          <Text size="xs" c="dimmed">
            {t("market.errorsTruncated")}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
