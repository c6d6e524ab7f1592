import { Anchor, Badge, Loader, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Instrument } from "../../api/models.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { searchQuery } from "./queries.ts";

/** A search box over GET /api/instruments?q= (typo-tolerant) with a result table. */
export function InstrumentSearch({
  action,
  autoFocus,
  label,
}: {
  /** Extra cell per result (e.g. "add to watchlist"). */
  action?: (i: Instrument) => ReactNode;
  autoFocus?: boolean;
  label?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const search = useQuery({
    ...searchQuery(debounced),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
  });
  const results = debounced.length > 0 ? (search.data?.instruments ?? []) : [];
  return (
    <Stack gap="sm">
      <TextInput
        label={label ?? t("market.searchLabel")}
        placeholder={t("market.searchPlaceholder")}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        rightSection={search.isFetching ? <Loader size="xs" /> : null}
        autoFocus={autoFocus}
        type="search"
        maxLength={100}
      />
      <ErrorAlert error={search.error} />
      {debounced.length > 0 && search.isSuccess && results.length === 0 && (
        <Text c="dimmed" size="sm">
          {t("market.noResults", { q: debounced })}
        </Text>
      )}
      {results.length > 0 && (
        <Table.ScrollContainer minWidth={520}>
          <Table striped highlightOnHover aria-label={t("market.searchTitle")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("market.symbol")}</Table.Th>
                <Table.Th>{t("market.market")}</Table.Th>
                <Table.Th>{t("market.name")}</Table.Th>
                <Table.Th>{t("market.nameLocal")}</Table.Th>
                {action && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {results.map((i) => (
                <Table.Tr key={i.id} data-testid={`instrument-${i.symbol}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/instruments/${i.id}`} fw={700}>
                      {i.symbol}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm">
                      {i.market}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{i.name}</Table.Td>
                  <Table.Td lang={i.nameLocal ? "ko" : undefined}>{i.nameLocal ?? ""}</Table.Td>
                  {action && <Table.Td ta="right">{action(i)}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
