import {
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Pagination,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { AddToWatchlist } from "./AddToWatchlist.tsx";
import { displayName } from "./format.ts";
import { instrumentsQuery } from "./queries.ts";

const PAGE_SIZE = 25;
const MARKETS = ["US", "XNAS", "XNYS", "KR", "XKRX", "XKOS", "XXXX"] as const;
const CLASSES = ["equity", "etf", "index", "fx", "crypto", "bond", "fund"] as const;
const CURRENCIES = ["USD", "KRW", "EUR", "JPY", "GBP", "CHF"] as const;
const VENUE_NAMES: Record<string, string> = {
  XNAS: "NASDAQ",
  XNYS: "NYSE",
  XKRX: "KOSPI",
  XKOS: "KOSDAQ",
};

/**
 * Every instrument, a page at a time, filtered by market, asset class and currency and searchable;
 * the filters, the search and the page live in the URL (?q=&market=&class=&currency=&page=), so a
 * filtered list can be bookmarked and the back button returns to it.
 */
export function InstrumentsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const market = params.get("market") ?? "";
  const assetClass = params.get("class") ?? "";
  const currency = params.get("currency") ?? "";
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);

  const [text, setText] = useState(q);
  // The search writes the URL as the user types and only the request waits for a pause: a delayed
  // URL write would navigate back here when the user had already clicked away to another page.
  const [searched] = useDebouncedValue(q, 250);
  // Writes one URL parameter (empty removes it); any change but the page's goes back to page 1.
  const set = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        if (key !== "page") next.delete("page");
        return next;
      },
      { replace: key === "q" },
    );
  useEffect(() => setText((old) => (old.trim() === q ? old : q)), [q]);

  const list = useQuery({
    ...instrumentsQuery({
      q: searched || undefined,
      market: market || undefined,
      assetClass: assetClass || undefined,
      currency: currency || undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.instruments ?? [];
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = Boolean(q || market || assetClass || currency);

  const marketLabel = (m: string) =>
    m === "US"
      ? t("market.marketUS")
      : m === "KR"
        ? t("market.marketKR")
        : m === "XXXX"
          ? t("market.noVenue")
          : `${VENUE_NAMES[m] ?? m} (${m})`;

  return (
    <Stack gap="lg" maw={1100}>
      <Title order={1} size="h2">
        {t("market.searchTitle")}
      </Title>
      <Stack gap="sm" role="search" aria-label={t("market.filters")}>
        <TextInput
          label={t("market.searchLabel")}
          placeholder={t("market.searchPlaceholder")}
          value={text}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setText(value);
            if (value.trim() !== q) set("q", value.trim());
          }}
          rightSection={list.isFetching ? <Loader size="xs" /> : null}
          type="search"
          maxLength={100}
        />
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <Select
            label={t("market.market")}
            placeholder={t("market.allMarkets")}
            data={MARKETS.map((m) => ({ value: m, label: marketLabel(m) }))}
            value={market || null}
            onChange={(v) => set("market", v ?? "")}
            clearable
          />
          <Select
            label={t("market.assetClass")}
            placeholder={t("market.allClasses")}
            data={CLASSES.map((c) => ({ value: c, label: t(`market.assetClasses.${c}`) }))}
            value={assetClass || null}
            onChange={(v) => set("class", v ?? "")}
            clearable
          />
          <Select
            label={t("market.currency")}
            placeholder={t("market.allCurrencies")}
            data={[...CURRENCIES]}
            value={currency || null}
            onChange={(v) => set("currency", v ?? "")}
            clearable
          />
        </SimpleGrid>
      </Stack>
      <ErrorAlert error={list.error} />
      <Group justify="space-between" mih={28}>
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="instruments-count">
          {list.isSuccess && total > 0
            ? t("market.instrumentsShown", {
                from: (page - 1) * PAGE_SIZE + 1,
                to: Math.min(total, page * PAGE_SIZE),
                total,
              })
            : ""}
        </Text>
        {filtered && (
          <Button variant="subtle" size="xs" onClick={() => setParams(new URLSearchParams())}>
            {t("market.clearFilters")}
          </Button>
        )}
      </Group>
      {list.isPending ? (
        <Stack gap={6} aria-busy="true" data-testid="instruments-loading">
          {Array.from({ length: 8 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
            <Skeleton key={i} h={40} />
          ))}
        </Stack>
      ) : list.isSuccess && rows.length === 0 ? (
        <Text c="dimmed">{q ? t("market.noResults", { q }) : t("market.noInstruments")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={0}>
          <Table striped highlightOnHover aria-label={t("market.searchTitle")} data-testid="instruments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("market.symbol")}</Table.Th>
                <Table.Th>{t("market.name")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("market.market")}</Table.Th>
                <Table.Th visibleFrom="sm">{t("market.assetClass")}</Table.Th>
                <Table.Th visibleFrom="xs">{t("market.currency")}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t("market.addToWatchlist")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((i) => {
                const name = displayName(i, i18n.language);
                const other = name === i.name ? i.nameLocal : i.name;
                return (
                  <Table.Tr key={i.id} data-testid={`instrument-${i.symbol}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/instruments/${i.id}`} fw={700}>
                        {i.symbol}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{name}</Text>
                      {other && (
                        <Text size="xs" c="dimmed" lang={other === i.nameLocal ? "ko" : "en"}>
                          {other}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <Badge variant="light" size="sm">
                        {i.mic === "XXXX" ? i.market : (VENUE_NAMES[i.mic] ?? i.mic)}
                      </Badge>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      {t(`market.assetClasses.${i.assetClass as (typeof CLASSES)[number]}`, {
                        defaultValue: i.assetClass,
                      })}
                    </Table.Td>
                    <Table.Td visibleFrom="xs">{i.currency}</Table.Td>
                    <Table.Td ta="right">
                      <AddToWatchlist instrument={i} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages > 1 && (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={(p) => set("page", p === 1 ? "" : String(p))}
          aria-label={t("market.pages")}
        />
      )}
    </Stack>
  );
}
