// Screenshot import: upload a brokerage app's holdings screen → the lines the server read (OCR, or
// the configured vision model) in a table the user corrects (names, instruments, numbers; lines
// removed) → confirm the snapshot (totals in KRW, KR/US split); compare it with the ledger of an
// account. The list of snapshots below opens or deletes them.
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
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormatDate } from "../../components/format.ts";
import { usePortfolioFormat } from "./format.ts";
import { postForm } from "./importApi.ts";
import { PortfolioShell } from "./PortfolioShell.tsx";
import { accountsQuery } from "./queries.ts";
import { Editor, type Snapshot, snapKeys } from "./SnapshotEditor.tsx";

function Upload({ onRead }: { onRead: (s: Snapshot) => void }) {
  const { t } = useTranslation();
  const accounts = useQuery(accountsQuery());
  const [file, setFile] = useState<File | null>(null);
  const [accountId, setAccountId] = useState<string | null>(null);
  const read = useMutation({
    mutationFn: (img: File) => {
      const form = new FormData();
      if (accountId) form.append("accountId", accountId);
      form.append("image", img, img.name);
      return postForm<Snapshot>("/api/portfolio/snapshots", form);
    },
    onSuccess: onRead,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) read.mutate(file);
  };
  return (
    <Card withBorder radius="md" padding="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t("portfolio.screenshot.intro")}</Text>
          <ErrorAlert error={read.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <FileInput
              label={t("portfolio.screenshot.file")}
              accept="image/png,image/jpeg"
              required
              clearable
              value={file}
              onChange={setFile}
            />
            <Select
              label={t("portfolio.screenshot.account")}
              clearable
              data={(accounts.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
              value={accountId}
              onChange={setAccountId}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            {read.isPending && (
              <Text size="sm" c="dimmed" role="status">
                {t("portfolio.screenshot.reading")}
              </Text>
            )}
            <Button type="submit" disabled={!file} loading={read.isPending}>
              {t("portfolio.screenshot.read")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function ScreenshotPage() {
  const { t } = useTranslation();
  const f = usePortfolioFormat();
  const fmt = useFormatDate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const id = params.get("id");
  const list = useQuery({
    queryKey: snapKeys.list,
    queryFn: () => unwrap(api.GET("/api/portfolio/snapshots")),
  });
  const one = useQuery({
    queryKey: snapKeys.one(id ?? ""),
    queryFn: () => unwrap(api.GET("/api/portfolio/snapshots/{id}", { params: { path: { id: id ?? "" } } })),
    enabled: Boolean(id),
  });
  const remove = useMutation({
    mutationFn: (sid: string) =>
      unwrap(api.DELETE("/api/portfolio/snapshots/{id}", { params: { path: { id: sid } } })),
    onSuccess: async (_r, sid) => {
      if (sid === id) setParams({}, { replace: true });
      await qc.invalidateQueries({ queryKey: snapKeys.list });
    },
  });
  const open = (s: Snapshot) => {
    qc.setQueryData(snapKeys.one(s.id), s);
    void qc.invalidateQueries({ queryKey: snapKeys.list });
    setParams({ id: s.id });
  };
  const snaps = list.data?.snapshots ?? [];
  return (
    <PortfolioShell title={t("portfolio.screenshot.title")}>
      {id ? (
        <>
          <Group>
            <Button variant="default" size="compact-sm" onClick={() => setParams({})}>
              {t("portfolio.screenshot.read")}
            </Button>
          </Group>
          <ErrorAlert error={one.error} />
          {one.data && <Editor snap={one.data} />}
        </>
      ) : (
        <Upload onRead={open} />
      )}
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="snap-history">
        <Title order={2} size="h4" id="snap-history" mb="sm">
          {t("portfolio.screenshot.history")}
        </Title>
        <ErrorAlert error={list.error ?? remove.error} />
        {list.isSuccess && snaps.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("portfolio.screenshot.historyNone")}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560} type="native">
            <Table>
              <Table.Caption>{t("portfolio.screenshot.historyCaption")}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("portfolio.screenshot.takenAt")}</Table.Th>
                  <Table.Th>{t("portfolio.import.status")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.screenshot.totalValue")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.screenshot.lines")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {snaps.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt(s.takenAt)}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={s.status === "draft" ? "blue" : "teal"}>
                        {t(`portfolio.screenshot.statusNames.${s.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{f.money(s.totalValueKrw, "KRW")}</Table.Td>
                    <Table.Td ta="right">{s.lineCount}</Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button size="compact-xs" variant="light" onClick={() => setParams({ id: s.id })}>
                          {t("portfolio.screenshot.open")}
                        </Button>
                        <ConfirmButton
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          question={t("portfolio.screenshot.delete")}
                          confirmLabel={t("portfolio.delete")}
                          onConfirm={() => remove.mutate(s.id)}
                        >
                          {t("portfolio.delete")}
                        </ConfirmButton>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </PortfolioShell>
  );
}
