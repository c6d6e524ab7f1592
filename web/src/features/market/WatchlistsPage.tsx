import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  Menu,
  NavLink,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import type { Watchlist, WatchlistItem, WatchlistPatch } from "../../api/models.ts";
import { ConfirmButton } from "../../components/ConfirmButton.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatCalendarDate } from "../../components/format.ts";
import { useMe } from "../account/queries.ts";
import { useAddToWatchlist, useWatchlists } from "./AddToWatchlist.tsx";
import { usePriceColors } from "./colors.ts";
import { displayName, useMarketFormat } from "./format.ts";
import { InstrumentSearch } from "./InstrumentSearch.tsx";
import { marketKeys, quoteQuery, watchlistsQuery } from "./queries.ts";

/** Today in the user's time zone (the browser's when unset), as YYYY-MM-DD. */
function today(timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/** The last price (with its date when that is not today) and the change, in the user's colours. */
function QuoteCells({ instrumentId }: { instrumentId: string }) {
  const { t, i18n } = useTranslation();
  const f = useMarketFormat();
  const colors = usePriceColors();
  const me = useMe();
  const q = useQuery({ ...quoteQuery(instrumentId), staleTime: 60_000 });
  const quote = q.data;
  const asOf = quote ? (quote.sessionDate ?? quote.priceAt.slice(0, 10)) : null;
  const old = asOf !== null && asOf !== today(me.data?.settings.timezone);
  return (
    <>
      <Table.Td ta="right" data-testid="watch-last">
        {quote ? f.price(quote.price, quote.priceDecimals) : "—"}
        {quote && old && (
          <Text size="xs" c="dimmed" data-testid="watch-asof" style={{ whiteSpace: "nowrap" }}>
            {t("market.lastAsOf", { date: formatCalendarDate(asOf, i18n.language) })}
          </Text>
        )}
      </Table.Td>
      <Table.Td
        ta="right"
        c={colors.text(quote?.changePct)}
        data-testid="watch-change"
        style={{ whiteSpace: "nowrap" }}
      >
        {quote?.changePct ? f.pct(quote.changePct) : "—"}
      </Table.Td>
    </>
  );
}

function ListDetail({ list }: { list: Watchlist }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState(list.name);
  useEffect(() => setName(list.name), [list.name]);
  const refresh = () => qc.invalidateQueries({ queryKey: marketKeys.watchlists });
  const update = useMutation({
    mutationFn: (patch: WatchlistPatch) =>
      unwrap(api.PATCH("/api/watchlists/{id}", { params: { path: { id: list.id } }, body: patch })),
    onSuccess: (w) => {
      qc.setQueryData(watchlistsQuery().queryKey, (old) =>
        old ? { watchlists: old.watchlists.map((x) => (x.id === w.id ? w : x)) } : old,
      );
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/watchlists/{id}", { params: { path: { id: list.id } } })),
    onSuccess: refresh,
  });
  const add = useAddToWatchlist();
  const ids = list.items.map((i) => i.instrumentId);
  const move = (from: number, to: number) => {
    const next = [...ids];
    const [x] = next.splice(from, 1);
    next.splice(to, 0, x as string);
    update.mutate({ instrumentIds: next });
  };
  const row = (item: WatchlistItem, idx: number) => (
    <Table.Tr key={item.instrumentId} data-testid={`watch-${item.symbol}`}>
      <Table.Td>
        <Anchor component={Link} to={`/instruments/${item.instrumentId}`} fw={700}>
          {item.symbol}
        </Anchor>{" "}
        <Badge variant="light" size="xs">
          {item.market}
        </Badge>
        {/* On a phone the name column is hidden: the name goes under the symbol. */}
        <Text size="xs" c="dimmed" hiddenFrom="sm" lineClamp={1}>
          {displayName(item, i18n.language)}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="sm">{displayName(item, i18n.language)}</Text>
        {item.nameLocal && (
          <Text size="xs" c="dimmed" lang={i18n.language === "ko" ? "en" : "ko"}>
            {i18n.language === "ko" ? item.name : item.nameLocal}
          </Text>
        )}
      </Table.Td>
      <QuoteCells instrumentId={item.instrumentId} />
      <Table.Td>
        {/* On a phone the three buttons fold into one menu, so the row fits 390 px. */}
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon
              variant="default"
              hiddenFrom="sm"
              aria-label={t("market.rowActions", { symbol: item.symbol })}
              data-testid={`watch-menu-${item.symbol}`}
            >
              ⋯
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item disabled={idx === 0 || update.isPending} onClick={() => move(idx, idx - 1)}>
              ↑ {t("market.moveUp", { symbol: item.symbol })}
            </Menu.Item>
            <Menu.Item
              disabled={idx === list.items.length - 1 || update.isPending}
              onClick={() => move(idx, idx + 1)}
            >
              ↓ {t("market.moveDown", { symbol: item.symbol })}
            </Menu.Item>
            <Menu.Item
              color="red"
              disabled={update.isPending}
              onClick={() => update.mutate({ instrumentIds: ids.filter((x) => x !== item.instrumentId) })}
            >
              ✕ {t("market.remove", { symbol: item.symbol })}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        <Group gap={2} justify="flex-end" wrap="nowrap" visibleFrom="sm">
          <ActionIcon
            variant="default"
            aria-label={t("market.moveUp", { symbol: item.symbol })}
            disabled={idx === 0 || update.isPending}
            onClick={() => move(idx, idx - 1)}
          >
            ↑
          </ActionIcon>
          <ActionIcon
            variant="default"
            aria-label={t("market.moveDown", { symbol: item.symbol })}
            disabled={idx === list.items.length - 1 || update.isPending}
            onClick={() => move(idx, idx + 1)}
          >
            ↓
          </ActionIcon>
          <ActionIcon
            variant="light"
            color="red"
            aria-label={t("market.remove", { symbol: item.symbol })}
            disabled={update.isPending}
            onClick={() => update.mutate({ instrumentIds: ids.filter((x) => x !== item.instrumentId) })}
          >
            ✕
          </ActionIcon>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Group gap="xs" align="flex-end">
          <TextInput
            label={t("market.watchlistName")}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={100}
          />
          <Button
            variant="default"
            disabled={!name.trim() || name.trim() === list.name}
            loading={update.isPending && update.variables?.name !== undefined}
            onClick={() => update.mutate({ name: name.trim() })}
          >
            {t("market.rename")}
          </Button>
        </Group>
        <Group gap="xs">
          {list.isDefault ? (
            <Badge color="blue">{t("market.default")}</Badge>
          ) : (
            <Button variant="light" onClick={() => update.mutate({ isDefault: true })}>
              {t("market.makeDefault")}
            </Button>
          )}
          <ConfirmButton
            color="red"
            variant="light"
            question={t("market.deleteQuestion", { name: list.name })}
            onConfirm={() => remove.mutate()}
            loading={remove.isPending}
          >
            {t("market.delete")}
          </ConfirmButton>
        </Group>
      </Group>
      <ErrorAlert error={update.error ?? remove.error} />
      {list.items.length === 0 ? (
        <Text c="dimmed">{t("market.emptyList")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={0}>
          <Table aria-label={list.name}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("market.symbol")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("market.name")}</Table.Th>
                <Table.Th ta="right">{t("market.last")}</Table.Th>
                <Table.Th ta="right">{t("market.change")}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t("market.actionsColumn")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{list.items.map(row)}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Card withBorder radius="md">
        <InstrumentSearch
          label={t("market.addInstrument")}
          action={(i) => (
            <Button
              size="xs"
              variant="light"
              disabled={ids.includes(i.id)}
              aria-label={`${t("market.addTo", { name: list.name })} ${i.symbol}`}
              onClick={() => add.mutate({ list, instrument: i })}
            >
              {t("market.addTo", { name: list.name })}
            </Button>
          )}
        />
      </Card>
    </Stack>
  );
}

export function WatchlistsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const lists = useWatchlists();
  const [selected, setSelected] = useState<string | null>(null);
  const [newName, setNewName] = useState("");
  const create = useMutation({
    mutationFn: (name: string) => unwrap(api.POST("/api/watchlists", { body: { name } })),
    onSuccess: (w) => {
      setNewName("");
      setSelected(w.id);
      qc.invalidateQueries({ queryKey: marketKeys.watchlists });
    },
  });
  const all = lists.data?.watchlists ?? [];
  const current = all.find((w) => w.id === selected) ?? all.find((w) => w.isDefault) ?? all[0];
  return (
    <Stack gap="lg" maw={1100}>
      <Title order={1} size="h2">
        {t("market.watchlistsTitle")}
      </Title>
      <ErrorAlert error={lists.error} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Stack gap="xs">
            {all.map((w) => (
              <NavLink
                key={w.id}
                label={w.name}
                active={current?.id === w.id}
                onClick={() => setSelected(w.id)}
                rightSection={
                  <Group gap={4}>
                    {w.isDefault && (
                      <Badge size="xs" variant="light">
                        {t("market.default")}
                      </Badge>
                    )}
                    <Text size="xs" c="dimmed">
                      {w.items.length}
                    </Text>
                  </Group>
                }
              />
            ))}
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (newName.trim()) create.mutate(newName.trim());
              }}
            >
              <Stack gap={6} mt="sm">
                <TextInput
                  label={t("market.newWatchlist")}
                  value={newName}
                  onChange={(e) => setNewName(e.currentTarget.value)}
                  maxLength={100}
                />
                <Button type="submit" disabled={!newName.trim()} loading={create.isPending}>
                  {t("market.create")}
                </Button>
                <ErrorAlert error={create.error} />
              </Stack>
            </form>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {lists.isPending ? (
            <Loader />
          ) : current ? (
            <ListDetail key={current.id} list={current} />
          ) : (
            <Text c="dimmed">{t("market.emptyWatchlists")}</Text>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
