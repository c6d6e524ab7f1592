// The holdings table: quantity, average cost, price, value, unrealised P&L and % in the instrument's
// currency and in the account's base, and the weight in the scope; each row expands to its open lots
// (FIFO: quantity, cost, acquisition date). Scrolls inside its card on a phone.
import { ActionIcon, Anchor, Badge, Table, Text, VisuallyHidden } from "@mantine/core";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatCalendarDate } from "../../components/format.ts";
import { usePriceColors } from "../market/colors.ts";
import { usePortfolioFormat } from "./format.ts";
import type { Holding, Holdings } from "./queries.ts";
import "./strings.ts";

export const holdingKey = (h: Holding) => `${h.accountId}:${h.instrumentId}`;

function Lots({ h }: { h: Holding }) {
  const { t, i18n } = useTranslation();
  const f = usePortfolioFormat();
  const symbol = h.symbol ?? h.name ?? "";
  return (
    <Table withRowBorders={false} fz="xs" data-testid="lots">
      <Table.Caption>{t("portfolio.holdings.lotsCaption", { symbol })}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("portfolio.holdings.acquired")}</Table.Th>
          <Table.Th ta="right">{t("portfolio.holdings.quantity")}</Table.Th>
          <Table.Th ta="right">{t("portfolio.holdings.cost")}</Table.Th>
          <Table.Th ta="right">{t("portfolio.holdings.costIn", { currency: h.baseCurrency })}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {h.lots.map((l) => (
          <Table.Tr key={l.id}>
            <Table.Td>{formatCalendarDate(l.acquiredDate, i18n.language)}</Table.Td>
            <Table.Td ta="right">{f.quantity(l.quantity)}</Table.Td>
            <Table.Td ta="right">{f.money(l.cost, h.currency)}</Table.Td>
            <Table.Td ta="right">{f.money(l.costBase, h.baseCurrency)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function HoldingsTable({ data, showAccount }: { data: Holdings; showAccount: boolean }) {
  const { t, i18n } = useTranslation();
  const f = usePortfolioFormat();
  const colors = usePriceColors();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (k: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(k)) n.delete(k);
      else n.add(k);
      return n;
    });
  if (data.holdings.length === 0) return <Text size="sm">{t("portfolio.holdings.none")}</Text>;
  const cols = showAccount ? 10 : 9;
  return (
    <Table.ScrollContainer minWidth={900} type="native">
      <Table highlightOnHover verticalSpacing={6}>
        <Table.Caption>
          {t("portfolio.holdings.caption", {
            date: formatCalendarDate(data.asOf, i18n.language),
            currency: data.currency,
          })}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <VisuallyHidden>{t("portfolio.holdings.lots")}</VisuallyHidden>
            </Table.Th>
            <Table.Th>{t("portfolio.holdings.instrument")}</Table.Th>
            {showAccount && <Table.Th>{t("portfolio.tx.account")}</Table.Th>}
            <Table.Th ta="right">{t("portfolio.holdings.quantity")}</Table.Th>
            <Table.Th ta="right">{t("portfolio.holdings.avgCost")}</Table.Th>
            <Table.Th ta="right">{t("portfolio.holdings.price")}</Table.Th>
            <Table.Th ta="right">{t("portfolio.holdings.value")}</Table.Th>
            <Table.Th ta="right">{t("portfolio.holdings.pnl")}</Table.Th>
            <Table.Th ta="right">{t("portfolio.holdings.pnlBase")}</Table.Th>
            <Table.Th ta="right">{t("portfolio.holdings.weight")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.holdings.map((h) => {
            const k = holdingKey(h);
            const expanded = open.has(k);
            const symbol = h.symbol ?? h.name ?? h.instrumentId.slice(0, 8);
            return (
              <Fragment key={k}>
                <Table.Tr data-testid="holding-row">
                  <Table.Td>
                    {h.lots.length > 0 && (
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        aria-expanded={expanded}
                        aria-label={t(
                          expanded ? "portfolio.holdings.hideLots" : "portfolio.holdings.showLots",
                          {
                            symbol,
                          },
                        )}
                        onClick={() => toggle(k)}
                      >
                        <span aria-hidden>{expanded ? "▾" : "▸"}</span>
                      </ActionIcon>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/instruments/${h.instrumentId}`} fw={700} size="sm">
                      {symbol}
                    </Anchor>
                    {h.side === "short" && (
                      <Badge size="xs" color="gray" ml={4}>
                        {t("portfolio.holdings.short")}
                      </Badge>
                    )}
                    {h.name && h.symbol && (
                      <Text size="xs" c="dimmed" lineClamp={1} maw={220}>
                        {(i18n.language.startsWith("ko") && h.nameLocal) || h.name}
                      </Text>
                    )}
                  </Table.Td>
                  {showAccount && (
                    <Table.Td>
                      <Text size="sm">{h.accountName}</Text>
                    </Table.Td>
                  )}
                  <Table.Td ta="right">{f.quantity(h.quantity)}</Table.Td>
                  <Table.Td ta="right">{f.money(h.averagePrice, h.currency)}</Table.Td>
                  <Table.Td ta="right">
                    {h.price === null ? "—" : f.money(h.price, h.currency)}
                    {h.stale && h.priceDate && (
                      <Text size="xs" c="dimmed">
                        {t("portfolio.holdings.stalePrice", {
                          date: formatCalendarDate(h.priceDate, i18n.language),
                        })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {f.money(h.value, data.currency)}
                    {h.currency !== data.currency && (
                      <Text size="xs" c="dimmed">
                        {f.money(h.marketValue, h.currency)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ color: colors.text(h.unrealisedPnl) }}>
                    {f.signed(h.unrealisedPnl, h.currency)}
                    <Text size="xs" inherit>
                      {f.pct(h.unrealisedPnlPct)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" style={{ color: colors.text(h.unrealisedPnlBase) }}>
                    {f.signed(h.unrealisedPnlBase, h.baseCurrency)}
                    <Text size="xs" inherit>
                      {f.pct(h.unrealisedPnlBasePct)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{h.weight === null ? "—" : f.share(h.weight)}</Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr>
                    <Table.Td />
                    <Table.Td colSpan={cols - 1}>
                      <Lots h={h} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
