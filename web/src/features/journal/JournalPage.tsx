// The journal's first page: the trades the server builds from the ledger (newest first, open or
// closed), the journal entries with search (matches highlighted as the server marks them), and an
// editor for a new entry. Detail pages, playbooks and statistics come later (issue 11).
import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatCalendarDate } from "../../components/format.ts";
import { notifySuccess } from "../../components/notify.ts";
import { usePriceColors } from "../market/colors.ts";
import {
  createEntry,
  type Entry,
  entriesQuery,
  journalKeys,
  MOODS,
  type Mood,
  type Trade,
  tradesQuery,
} from "./queries.ts";
import { useJournalT } from "./strings.ts";

function decimal(s: string | null, language: string, digits = 2): string {
  if (s === null) return "—";
  return new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(Number(s));
}

function TradesTable() {
  const t = useJournalT();
  const { i18n } = useTranslation();
  const [status, setStatus] = useState<"all" | "open" | "closed">("all");
  const q = useQuery(tradesQuery(status));
  const colors = usePriceColors();
  const trades = q.data?.trades ?? [];
  const pnlOf = (x: Trade) => (x.status === "closed" ? x.pnl : x.realizedPnl);
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            {t("trades.title")}
          </Title>
          <SegmentedControl
            aria-label={t("trades.filter")}
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            data={(["all", "open", "closed"] as const).map((s) => ({
              value: s,
              label: t(`trades.${s}`),
            }))}
          />
        </Group>
        {q.error ? <ErrorAlert error={q.error} /> : null}
        {q.isSuccess && trades.length === 0 ? <Text c="dimmed">{t("trades.empty")}</Text> : null}
        {trades.length > 0 ? (
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover style={{ whiteSpace: "nowrap" }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("trades.symbol")}</Table.Th>
                  <Table.Th>{t("trades.side")}</Table.Th>
                  <Table.Th>{t("trades.entered")}</Table.Th>
                  <Table.Th ta="right">{t("trades.quantity")}</Table.Th>
                  <Table.Th ta="right">{t("trades.entry")}</Table.Th>
                  <Table.Th ta="right">{t("trades.exit")}</Table.Th>
                  <Table.Th ta="right">{t("trades.pnl")}</Table.Th>
                  <Table.Th ta="right">{t("trades.r")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {trades.map((x) => {
                  const pnl = pnlOf(x);
                  return (
                    <Table.Tr key={x.id}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text fw={600}>{x.symbol}</Text>
                          {x.status === "open" ? (
                            <Badge size="sm" variant="light">
                              {t("trades.open")}
                            </Badge>
                          ) : null}
                        </Group>
                      </Table.Td>
                      <Table.Td>{t(`trades.${x.side}`)}</Table.Td>
                      <Table.Td>{formatCalendarDate(x.entryAt.slice(0, 10), i18n.language)}</Table.Td>
                      <Table.Td ta="right">{decimal(x.quantity, i18n.language, 4)}</Table.Td>
                      <Table.Td ta="right">{decimal(x.entryPrice, i18n.language, 4)}</Table.Td>
                      <Table.Td ta="right">
                        {decimal(x.exitPrice ?? x.averageExitPrice, i18n.language, 4)}
                      </Table.Td>
                      <Table.Td ta="right" style={{ color: colors.text(pnl) }}>
                        {pnl === null ? "—" : `${decimal(pnl, i18n.language)} ${x.currency}`}
                      </Table.Td>
                      <Table.Td ta="right">{decimal(x.rMultiple, i18n.language)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
    </Card>
  );
}

function EntryCard({ entry }: { entry: Entry }) {
  const t = useJournalT();
  const { i18n } = useTranslation();
  return (
    <Card withBorder padding="sm">
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600}>{entry.title}</Text>
          <Text size="sm" c="dimmed">
            {formatCalendarDate(entry.entryDate, i18n.language)}
          </Text>
        </Group>
        {entry.snippet.length ? (
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {entry.snippet.map((p, i) =>
              p.hit ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts are a fixed, ordered text
                <mark key={i}>{p.text}</mark>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts are a fixed, ordered text
                <span key={i}>{p.text}</span>
              ),
            )}
          </Text>
        ) : null}
        <Group gap={6}>
          {entry.mood ? (
            <Badge size="sm" variant="light">
              {t(`moods.${entry.mood}`)}
            </Badge>
          ) : null}
          {entry.confidence !== null ? (
            <Badge size="sm" variant="outline">
              {t("entries.confidence", { value: entry.confidence })}
            </Badge>
          ) : null}
          {entry.tags.map((tag) => (
            <Badge key={tag} size="sm" variant="dot">
              {tag}
            </Badge>
          ))}
        </Group>
      </Stack>
    </Card>
  );
}

function EntriesList() {
  const t = useJournalT();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const list = useQuery(entriesQuery(q));
  const entries = list.data?.entries ?? [];
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t("entries.title")}
        </Title>
        <TextInput
          type="search"
          label={t("entries.search")}
          description={t("entries.searchHint")}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        {list.error ? <ErrorAlert error={list.error} /> : null}
        {list.isSuccess && entries.length === 0 ? (
          <Text c="dimmed">{q ? t("entries.noMatch") : t("entries.empty")}</Text>
        ) : null}
        {entries.map((e) => (
          <EntryCard key={e.id} entry={e} />
        ))}
      </Stack>
    </Card>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function EntryEditor() {
  const t = useJournalT();
  const client = useQueryClient();
  const [title, setTitle] = useState("");
  const [content, setContent] = useState("");
  const [entryDate, setEntryDate] = useState(today);
  const [mood, setMood] = useState<Mood | null>(null);
  const [confidence, setConfidence] = useState<number | string>("");
  const [tags, setTags] = useState("");
  const save = useMutation({
    mutationFn: () =>
      createEntry({
        title,
        content,
        entryDate,
        mood,
        confidence: typeof confidence === "number" ? confidence : null,
        tags: tags
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      }),
    onSuccess: async () => {
      notifySuccess(t("editor.saved"));
      setTitle("");
      setContent("");
      setMood(null);
      setConfidence("");
      setTags("");
      await client.invalidateQueries({ queryKey: journalKeys.all });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t("editor.title")}
        </Title>
        {save.error ? <ErrorAlert error={save.error} /> : null}
        <TextInput
          required
          label={t("editor.fieldTitle")}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Textarea
          label={t("editor.content")}
          rows={6}
          value={content}
          onChange={(e) => setContent(e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t("editor.date")}
            value={entryDate}
            onChange={(e) => setEntryDate(e.currentTarget.value)}
          />
          <Select
            label={t("editor.mood")}
            clearable
            value={mood}
            onChange={(v) => setMood(v as Mood | null)}
            data={MOODS.map((m) => ({ value: m, label: t(`moods.${m}`) }))}
          />
          <NumberInput
            label={t("editor.confidence")}
            min={1}
            max={10}
            value={confidence}
            onChange={setConfidence}
          />
        </SimpleGrid>
        <TextInput label={t("editor.tags")} value={tags} onChange={(e) => setTags(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t("editor.save")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function JournalPage() {
  const t = useJournalT();
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t("title")}
        </Title>
        <Text c="dimmed">{t("intro")}</Text>
      </div>
      <TradesTable />
      <EntriesList />
      <EntryEditor />
    </Stack>
  );
}
