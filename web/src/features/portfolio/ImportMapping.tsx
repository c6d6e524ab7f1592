// The import wizard's column-mapping step, for a file no broker preset knows (or read as the generic
// CSV): the file's columns with their first values (POST /import-columns), one column chosen per field
// (the date required; a type column or a signed quantity), the date order, a saved mapping picked
// (pre-selected when one was saved for this header), the mapping saved under a name, and a preview
// with it.
import { Alert, Button, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../components/notify.ts";
import {
  type ColumnMapping,
  type Columns,
  cleanMapping,
  GENERIC_CSV,
  initialMapping,
  MAPPING_FIELDS,
  mappingProblem,
  type Preview,
  type SavedMapping,
  type UploadOptions,
  uploadImport,
} from "./importApi.ts";
import "./strings.ts";

export function ImportMapping({
  file,
  columns,
  options,
  used,
  notRecognised = false,
  onPreview,
  onCancel,
}: {
  file: File;
  columns: Columns;
  /** The upload's options (account, formats); the preview adds the broker and the mapping. */
  options: UploadOptions;
  /** The mapping a previous preview used, to start from. */
  used?: ColumnMapping | null | undefined;
  notRecognised?: boolean;
  onPreview: (p: Preview, options: UploadOptions) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const start = initialMapping(columns, used);
  const [mapping, setMapping] = useState<ColumnMapping>(start.mapping);
  const [savedId, setSavedId] = useState<string | null>(start.savedId);
  const [saved, setSaved] = useState<SavedMapping[]>(columns.saved);
  const [dateOrder, setDateOrder] = useState<UploadOptions["dateOrder"]>(options.dateOrder);
  const [name, setName] = useState(start.savedId ? (columns.saved[0]?.name ?? "") : "");
  const [problem, setProblem] = useState<ReturnType<typeof mappingProblem>>(null);
  const chosen = cleanMapping(mapping);
  const withMapping: UploadOptions = {
    ...options,
    broker: GENERIC_CSV,
    dateOrder,
    mapping: JSON.stringify(chosen),
  };
  const preview = useMutation({
    mutationFn: () => uploadImport(file, withMapping),
    onSuccess: (p) => onPreview(p, withMapping),
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/portfolio/import-mappings", {
          body: { name: name.trim(), headers: columns.headers, mapping: chosen },
        }),
      ),
    onSuccess: (m) => {
      setSaved((list) => [m, ...list.filter((x) => x.id !== m.id && x.name !== m.name)]);
      setSavedId(m.id);
      notifySuccess(t("portfolio.import.mapping.savedOk", { name: m.name }));
    },
  });
  const go = () => {
    const p = mappingProblem(chosen);
    setProblem(p);
    if (!p) preview.mutate();
  };
  const sampleOf = (col: string | undefined) => {
    const i = col ? columns.headers.indexOf(col) : -1;
    if (i < 0) return "";
    return columns.samples
      .map((r) => r[i] ?? "")
      .filter((x) => x !== "")
      .slice(0, 3)
      .join(" · ");
  };
  const columnData = columns.headers
    .filter((h, i) => h !== "" && columns.headers.indexOf(h) === i)
    .map((h) => {
      const s = sampleOf(h);
      return { value: h, label: s ? `${h} — ${s}` : h };
    });
  return (
    <Stack gap="sm" component="section" aria-labelledby="import-mapping">
      <Title order={2} size="h4" id="import-mapping">
        {t("portfolio.import.mapping.title")}
      </Title>
      {notRecognised && (
        <Alert color="yellow" variant="light">
          {t("portfolio.import.mapping.notRecognised")}
        </Alert>
      )}
      <Text size="sm">{t("portfolio.import.mapping.intro")}</Text>
      <Text size="xs" c="dimmed">
        {t("portfolio.import.mapping.headerRow", { row: columns.headerRow, file: file.name })}
      </Text>
      <Group align="flex-end" wrap="wrap" gap="sm">
        <Select
          label={t("portfolio.import.mapping.saved")}
          placeholder={saved.length ? undefined : t("portfolio.import.mapping.savedNone")}
          disabled={saved.length === 0}
          clearable
          data={saved.map((m) => ({ value: m.id, label: m.name }))}
          value={savedId}
          onChange={(id) => {
            setSavedId(id);
            const m = saved.find((x) => x.id === id);
            if (m) {
              setMapping(initialMapping({ ...columns, saved: [m] }).mapping);
              setName(m.name);
            }
          }}
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
          value={dateOrder ?? null}
          onChange={(v) => setDateOrder((v as UploadOptions["dateOrder"]) ?? undefined)}
        />
      </Group>
      {start.savedId && savedId === start.savedId && (
        <Text size="sm" c="teal" data-testid="mapping-saved-fits">
          {t("portfolio.import.mapping.savedFits")}
        </Text>
      )}
      <Table.ScrollContainer minWidth={480} type="native">
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("portfolio.import.mapping.field")}</Table.Th>
              <Table.Th>{t("portfolio.import.mapping.column")}</Table.Th>
              <Table.Th>{t("portfolio.import.mapping.samples")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {MAPPING_FIELDS.map((f) => {
              const label = t(`portfolio.import.mapping.fields.${f}`);
              return (
                <Table.Tr key={f} data-testid="mapping-field">
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Text size="sm" fw={f === "date" ? 600 : 400}>
                      {label}
                      {f === "date" && (
                        <Text span size="xs" c="red" ml={4}>
                          ({t("portfolio.import.mapping.required")})
                        </Text>
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td miw={180}>
                    <Select
                      size="xs"
                      aria-label={label}
                      data={columnData}
                      value={mapping[f] || null}
                      placeholder={t("portfolio.import.mapping.none")}
                      clearable
                      allowDeselect={false}
                      searchable
                      error={
                        (problem === "dateRequired" && f === "date") ||
                        (problem === "typeOrQuantity" && (f === "type" || f === "quantity"))
                      }
                      onChange={(col) => {
                        setMapping((m) => ({ ...m, [f]: col ?? "" }));
                        setProblem(null);
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" style={{ wordBreak: "break-word" }}>
                      {sampleOf(mapping[f])}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {problem && (
        <Text size="sm" c="red" role="alert">
          {t(`portfolio.import.mapping.${problem}`)}
        </Text>
      )}
      <ErrorAlert error={preview.error ?? save.error} />
      <Group align="flex-end" wrap="wrap" gap="sm">
        <TextInput
          label={t("portfolio.import.mapping.saveName")}
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Button
          variant="light"
          loading={save.isPending}
          disabled={name.trim() === "" || mappingProblem(chosen) !== null}
          onClick={() => save.mutate()}
        >
          {t("portfolio.import.mapping.save")}
        </Button>
      </Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t("portfolio.import.mapping.back")}
        </Button>
        <Button loading={preview.isPending} onClick={go}>
          {t("portfolio.import.mapping.preview")}
        </Button>
      </Group>
    </Stack>
  );
}
