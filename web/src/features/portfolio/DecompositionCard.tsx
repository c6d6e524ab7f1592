// Where the return came from: the period's gain split into price, income, FX and fees (they sum to
// the total, exactly, as the server computes them), per holding; a drill-down lists the sub-periods
// (month, quarter, year) behind the figures, for the whole scope or for one holding.
import { Anchor, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatCalendarDate } from "../../components/format.ts";
import { usePriceColors } from "../market/colors.ts";
import { usePortfolioFormat } from "./format.ts";
import { decompositionQuery, type Parts, type PeriodChoice, type Scope } from "./queries.ts";
import "./strings.ts";

const PARTS = ["price", "income", "fx", "fees", "total"] as const;
type Split = "month" | "quarter" | "year";

function PartCells({ parts, currency }: { parts: Parts; currency: string }) {
  const f = usePortfolioFormat();
  const colors = usePriceColors();
  return (
    <>
      {PARTS.map((p) => (
        <Table.Td
          key={p}
          ta="right"
          fw={p === "total" ? 700 : undefined}
          style={{ color: colors.text(parts[p]), whiteSpace: "nowrap" }}
        >
          {f.signed(parts[p], currency)}
        </Table.Td>
      ))}
    </>
  );
}

function PartHeads() {
  const { t } = useTranslation();
  return (
    <>
      {PARTS.map((p) => (
        <Table.Th key={p} ta="right">
          {t(`portfolio.decomposition.${p}`)}
        </Table.Th>
      ))}
    </>
  );
}

export function DecompositionCard({ scope, period }: { scope: Scope; period: PeriodChoice }) {
  const { t, i18n } = useTranslation();
  const f = usePortfolioFormat();
  const [split, setSplit] = useState<Split>("month");
  const [drill, setDrill] = useState<{ instrumentId: string; name: string } | null>(null);
  const q = useQuery(decompositionQuery(scope, period, split, drill?.instrumentId));
  const d = q.data;
  const date = (s: string) => formatCalendarDate(s, i18n.language);
  return (
    <Stack gap="sm">
      <Title order={2} size="h4" id="decomposition">
        {t("portfolio.decomposition.title")}
      </Title>
      <ErrorAlert error={q.error} />
      {d && (
        <>
          <Table.ScrollContainer minWidth={640} type="native">
            <Table>
              <Table.Caption>{t("portfolio.decomposition.caption", { currency: d.currency })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("portfolio.decomposition.holding")}</Table.Th>
                  <PartHeads />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr fw={700} data-testid="decomposition-total">
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      fw={700}
                      onClick={() => setDrill(null)}
                    >
                      {t("portfolio.decomposition.drillAll")}
                    </Anchor>
                  </Table.Td>
                  <PartCells parts={d.portfolio} currency={d.currency} />
                </Table.Tr>
                {d.holdings.map((h) => {
                  const name = h.symbol ?? h.currency;
                  return (
                    <Table.Tr key={`${h.accountId}:${h.instrumentId ?? h.currency}`}>
                      <Table.Td>
                        {h.instrumentId ? (
                          <Anchor
                            component="button"
                            type="button"
                            size="sm"
                            aria-label={t("portfolio.decomposition.showDrill", { name })}
                            onClick={() => setDrill({ instrumentId: h.instrumentId as string, name })}
                          >
                            {name}
                          </Anchor>
                        ) : (
                          <Text size="sm">
                            {t("portfolio.overview.cash")} {h.currency}
                          </Text>
                        )}
                      </Table.Td>
                      <PartCells parts={h.decomposition} currency={d.currency} />
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Title order={3} size="h5">
              {t("portfolio.decomposition.drillOf", {
                name: drill?.name ?? t("portfolio.decomposition.drillAll"),
              })}
            </Title>
            <SegmentedControl
              size="xs"
              aria-label={t("portfolio.decomposition.split")}
              value={split}
              onChange={(v) => setSplit(v as Split)}
              data={(["month", "quarter", "year"] as const).map((s) => ({
                value: s,
                label: t(`portfolio.decomposition.splits.${s}`),
              }))}
            />
          </Group>
          <Table.ScrollContainer minWidth={760} type="native">
            <Table striped fz="sm">
              <Table.Caption>
                {t("portfolio.decomposition.drillOf", {
                  name: drill?.name ?? t("portfolio.decomposition.drillAll"),
                })}
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("portfolio.decomposition.from")}</Table.Th>
                  <Table.Th>{t("portfolio.decomposition.to")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.decomposition.start")}</Table.Th>
                  <Table.Th ta="right">{t("portfolio.decomposition.end")}</Table.Th>
                  <PartHeads />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.drillDown.periods.map((p) => (
                  <Table.Tr key={p.from}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{date(p.from)}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{date(p.to)}</Table.Td>
                    <Table.Td ta="right">{f.money(p.startValue, d.currency)}</Table.Td>
                    <Table.Td ta="right">{f.money(p.endValue, d.currency)}</Table.Td>
                    <PartCells parts={p.decomposition} currency={d.currency} />
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
