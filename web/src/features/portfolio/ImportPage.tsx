// The import wizard: upload a broker file (into an account; the broker detected from the content or
// chosen; number and date format when the file leaves them open) → for the generic CSV, or a file no
// preset recognises, the column-mapping step (ImportMapping) → preview (ImportPreview) → commit →
// result with undo; and the import history below, paged, where a committed import can be undone.
import {
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, api, unwrap } from "../../api/client.ts";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { errorMessage } from "../../components/errors.ts";
import { useFormatDate } from "../../components/format.ts";
import { notifyError, notifySuccess } from "../../components/notify.ts";
import { ImportMapping } from "./ImportMapping.tsx";
import { ImportPreview } from "./ImportPreview.tsx";
import {
  type ColumnMapping,
  type Columns,
  GENERIC_CSV,
  importHistoryQuery,
  type Preview,
  presetsQuery,
  readColumns,
  type UploadOptions,
  uploadImport,
} from "./importApi.ts";
import { PortfolioShell } from "./PortfolioShell.tsx";
import { accountsQuery, useInvalidatePortfolio } from "./queries.ts";

const STATUS_COLOR = { previewed: "blue", committed: "teal", undone: "gray", failed: "red" } as const;

/** What the wizard shows: the upload form, the column-mapping step, or a preview. */
type Step =
  | { kind: "upload" }
  | {
      kind: "mapping";
      file: File;
      options: UploadOptions;
      columns: Columns;
      used?: ColumnMapping | null;
      notRecognised: boolean;
    }
  | { kind: "preview"; preview: Preview; file: File; options: UploadOptions };

function UploadForm({
  onPreview,
  onMapping,
}: {
  onPreview: (p: Preview, file: File, o: UploadOptions) => void;
  onMapping: (step: Extract<Step, { kind: "mapping" }>) => void;
}) {
  const { t } = useTranslation();
  const accounts = useQuery(accountsQuery());
  const presets = useQuery(presetsQuery());
  const [file, setFile] = useState<File | null>(null);
  const [o, setO] = useState<UploadOptions>({});
  const [formatOpen, setFormatOpen] = useState(false);
  const accountId = o.accountId ?? accounts.data?.[0]?.id;
  const upload = useMutation({
    // The generic CSV goes to the mapping step; a file no preset recognises too, when it is a table.
    mutationFn: async (f: File): Promise<Preview | Extract<Step, { kind: "mapping" }>> => {
      const options = { ...o, accountId };
      const mapping = (columns: Columns, notRecognised: boolean) =>
        ({ kind: "mapping", file: f, options, columns, notRecognised }) as const;
      if (o.broker === GENERIC_CSV) return mapping(await readColumns(f), false);
      try {
        return await uploadImport(f, options);
      } catch (err) {
        if (o.broker || !(err instanceof ApiError) || err.status !== 400) throw err;
        const columns = await readColumns(f).catch(() => null);
        if (!columns || columns.detected !== null) throw err;
        return mapping(columns, true);
      }
    },
    onSuccess: (r, f) => {
      if ("kind" in r) onMapping(r);
      else onPreview(r, f, { ...o, accountId });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate(file);
  };
  const none = accounts.isSuccess && accounts.data.length === 0;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="import-upload">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="import-upload">
            {t("portfolio.import.steps.upload")}
          </Title>
          <ErrorAlert error={upload.error ?? accounts.error} />
          {none && (
            <Text size="sm">
              {t("portfolio.import.newAccountHint")}{" "}
              <Link to="/portfolio/accounts">{t("portfolio.nav.accounts")}</Link>
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <FileInput
              label={t("portfolio.import.file")}
              description={t("portfolio.import.fileHint")}
              required
              clearable
              value={file}
              onChange={setFile}
              accept=".csv,.txt,.tsv,.xml,.json,.ofx,.qfx,.xlsx,.xls"
            />
            <Select
              label={t("portfolio.import.account")}
              required
              data={(accounts.data ?? []).map((a) => ({
                value: a.id,
                label: `${a.name} (${a.baseCurrency})`,
              }))}
              value={accountId ?? null}
              allowDeselect={false}
              onChange={(v) => setO({ ...o, accountId: v ?? undefined })}
            />
            <Select
              label={t("portfolio.import.broker")}
              searchable
              clearable
              placeholder={t("portfolio.import.detect")}
              data={(presets.data ?? []).map((p) => ({ value: p.id, label: p.label }))}
              value={o.broker ?? null}
              onChange={(v) => setO({ ...o, broker: v ?? undefined })}
            />
          </SimpleGrid>
          <div>
            <Button
              variant="subtle"
              size="compact-sm"
              aria-expanded={formatOpen}
              aria-controls="import-format"
              onClick={() => setFormatOpen((o) => !o)}
            >
              {formatOpen ? "▾" : "▸"} {t("portfolio.import.advanced")}
            </Button>
          </div>
          {formatOpen && (
            <div id="import-format">
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <Select
                  label={t("portfolio.import.decimal")}
                  clearable
                  placeholder={t("portfolio.import.decimalAuto")}
                  data={[
                    { value: ".", label: "1,234.56" },
                    { value: ",", label: "1.234,56" },
                  ]}
                  value={o.decimal ?? null}
                  onChange={(v) => setO({ ...o, decimal: (v as "." | ",") ?? undefined })}
                />
                <Select
                  label={t("portfolio.import.dateOrder")}
                  clearable
                  placeholder={t("portfolio.import.decimalAuto")}
                  data={[
                    { value: "YMD", label: "2024-03-31" },
                    { value: "DMY", label: "31/03/2024" },
                    { value: "MDY", label: "03/31/2024" },
                  ]}
                  value={o.dateOrder ?? null}
                  onChange={(v) => setO({ ...o, dateOrder: (v as "DMY" | "MDY" | "YMD") ?? undefined })}
                />
                <TextInput
                  label={t("portfolio.import.defaultCurrency")}
                  maxLength={3}
                  value={o.defaultCurrency ?? ""}
                  onChange={(e) =>
                    setO({ ...o, defaultCurrency: e.currentTarget.value.toUpperCase() || undefined })
                  }
                />
              </SimpleGrid>
            </div>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={upload.isPending} disabled={!file || !accountId}>
              {t("portfolio.import.preview")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** The broker chosen again after a preview: the same file, read as another preset. */
function Reread({
  file,
  options,
  onPreview,
}: {
  file: File;
  options: UploadOptions;
  onPreview: (p: Preview) => void;
}) {
  const { t } = useTranslation();
  const presets = useQuery(presetsQuery());
  const [broker, setBroker] = useState<string | null>(options.broker ?? null);
  const again = useMutation({
    mutationFn: () => uploadImport(file, { ...options, broker: broker ?? undefined }),
    onSuccess: onPreview,
  });
  return (
    <Group align="flex-end" wrap="wrap" gap="sm">
      <Select
        label={t("portfolio.import.rereadAs")}
        searchable
        clearable
        placeholder={t("portfolio.import.detect")}
        data={(presets.data ?? []).map((p) => ({ value: p.id, label: p.label }))}
        value={broker}
        onChange={setBroker}
      />
      <Button variant="light" loading={again.isPending} onClick={() => again.mutate()}>
        {t("portfolio.import.preview")}
      </Button>
      <ErrorAlert error={again.error} />
    </Group>
  );
}

const HISTORY_PAGE = 20;

function History() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const [offset, setOffset] = useState(0);
  const q = useQuery({ ...importHistoryQuery(offset, HISTORY_PAGE), placeholderData: keepPreviousData });
  const presets = useQuery(presetsQuery());
  const labelOf = (id: string) => presets.data?.find((p) => p.id === id)?.label ?? id;
  const invalidate = useInvalidatePortfolio();
  const undo = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/portfolio/imports/{id}/undo", { params: { path: { id } } })),
    onSuccess: async (r) => {
      notifySuccess(t("portfolio.import.undone", { count: r.removedRows }));
      await invalidate();
    },
    onError: (err) => notifyError(errorMessage(t, err)),
  });
  const list = q.data?.imports ?? [];
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="import-history">
      <Title order={2} size="h4" id="import-history" mb="sm">
        {t("portfolio.import.history")}
      </Title>
      <ErrorAlert error={q.error} />
      {q.isSuccess && list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("portfolio.import.historyNone")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table>
            <Table.Caption>{t("portfolio.import.historyCaption")}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("portfolio.import.when")}</Table.Th>
                <Table.Th>{t("portfolio.import.fileName")}</Table.Th>
                <Table.Th>{t("portfolio.import.broker")}</Table.Th>
                <Table.Th>{t("portfolio.import.status")}</Table.Th>
                <Table.Th ta="right">{t("portfolio.import.imported")}</Table.Th>
                <Table.Th ta="right">{t("portfolio.import.filterErrors")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((i) => (
                <Table.Tr key={i.id} data-testid="import-history-row">
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt(i.committedAt ?? i.createdAt)}</Table.Td>
                  <Table.Td style={{ wordBreak: "break-all" }}>{i.fileName}</Table.Td>
                  <Table.Td>{labelOf(i.broker)}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={STATUS_COLOR[i.status]}>
                      {t(`portfolio.import.statusNames.${i.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    {i.importedRows} / {i.totalRows}
                  </Table.Td>
                  <Table.Td ta="right">{i.failedRows}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      {i.status === "committed" && (
                        <>
                          <Button
                            size="compact-xs"
                            variant="light"
                            component={Link}
                            to={`/portfolio/transactions?import=${i.id}`}
                          >
                            {t("portfolio.import.open")}
                          </Button>
                          <ConfirmButton
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            question={t("portfolio.import.undoQuestion")}
                            confirmLabel={t("portfolio.import.undo")}
                            onConfirm={() => undo.mutate(i.id)}
                          >
                            {t("portfolio.import.undo")}
                          </ConfirmButton>
                        </>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {q.data && q.data.total > HISTORY_PAGE && (
        <Group justify="space-between" mt="sm" wrap="wrap">
          <Text size="sm" c="dimmed" data-testid="import-history-range">
            {t("portfolio.import.historyRange", {
              from: q.data.offset + 1,
              to: q.data.offset + list.length,
              total: q.data.total,
            })}
          </Text>
          <Group gap="xs">
            <Button
              size="compact-sm"
              variant="default"
              disabled={offset === 0}
              onClick={() => setOffset((o) => Math.max(0, o - HISTORY_PAGE))}
            >
              {t("portfolio.import.newer")}
            </Button>
            <Button
              size="compact-sm"
              variant="default"
              disabled={offset + HISTORY_PAGE >= q.data.total}
              onClick={() => setOffset((o) => o + HISTORY_PAGE)}
            >
              {t("portfolio.import.older")}
            </Button>
          </Group>
        </Group>
      )}
    </Card>
  );
}

/** From a generic-CSV preview back to the mapping step, starting from the mapping it used. */
function EditMapping({
  file,
  options,
  used,
  onMapping,
}: {
  file: File;
  options: UploadOptions;
  used: ColumnMapping | null;
  onMapping: (step: Extract<Step, { kind: "mapping" }>) => void;
}) {
  const { t } = useTranslation();
  const read = useMutation({
    mutationFn: () => readColumns(file),
    onSuccess: (columns) =>
      onMapping({ kind: "mapping", file, options, columns, used, notRecognised: false }),
  });
  return (
    <Stack gap={4}>
      <div>
        <Button variant="light" loading={read.isPending} onClick={() => read.mutate()}>
          {t("portfolio.import.mapping.edit")}
        </Button>
      </div>
      <ErrorAlert error={read.error} />
    </Stack>
  );
}

export function ImportPage() {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: "upload" });
  const restart = () => setStep({ kind: "upload" });
  return (
    <PortfolioShell title={t("portfolio.import.title")}>
      {step.kind === "preview" ? (
        <Stack gap="md">
          <Card withBorder radius="md" padding="sm">
            {step.preview.detectedBroker === null && step.preview.broker !== GENERIC_CSV && (
              <Text size="sm" mb="xs">
                {t("portfolio.import.notDetected")}
              </Text>
            )}
            <Group align="flex-end" justify="space-between" wrap="wrap" gap="sm">
              <Reread
                file={step.file}
                options={step.options}
                onPreview={(p) => setStep({ ...step, preview: p })}
              />
              {step.preview.broker === GENERIC_CSV && (
                <EditMapping
                  file={step.file}
                  options={{ ...step.options, broker: undefined, mapping: undefined }}
                  used={step.preview.mapping}
                  onMapping={setStep}
                />
              )}
            </Group>
          </Card>
          <ImportPreview key={step.preview.id} preview={step.preview} onRestart={restart} />
        </Stack>
      ) : step.kind === "mapping" ? (
        <Card withBorder radius="md" padding="md">
          <ImportMapping
            file={step.file}
            columns={step.columns}
            options={step.options}
            used={step.used}
            notRecognised={step.notRecognised}
            onPreview={(preview, options) => setStep({ kind: "preview", preview, file: step.file, options })}
            onCancel={restart}
          />
        </Card>
      ) : (
        <UploadForm
          onPreview={(preview, file, options) => setStep({ kind: "preview", preview, file, options })}
          onMapping={setStep}
        />
      )}
      <History />
    </PortfolioShell>
  );
}
