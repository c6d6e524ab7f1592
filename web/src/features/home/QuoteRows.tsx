// Compact rows of instruments with their last price, change and (optionally) a sparkline, used by the
// market's home cards. Each row links to the instrument's chart; the as-of date shows when the price
// is not today's.
import { Anchor, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormatDate } from "../../components/format.ts";
import { usePriceColors } from "../market/colors.ts";
import { displayName, useMarketFormat } from "../market/format.ts";
import { Sparkline } from "./Sparkline.tsx";

export interface QuoteRow {
  instrumentId: string;
  symbol: string;
  name: string;
  nameLocal: string | null;
  price: string | null;
  changePct: string | null;
  sessionDate: string | null;
  /** Decimals of the instrument's prices (its tick). */
  priceDecimals: number;
  /** The price comes from a made-up series (the demo's): said so beside the name. */
  synthetic: boolean;
  spark?: number[];
}

const today = () => new Date().toISOString().slice(0, 10);

/** `caption` titles the table visibly; `label` names it for screen readers only. */
export function QuoteRows({
  rows,
  caption,
  label,
  trend = false,
}: {
  rows: QuoteRow[];
  caption?: string;
  label?: string;
  trend?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const fmt = useMarketFormat();
  const colors = usePriceColors();
  const fmtDate = useFormatDate();
  const c = "home.cards.market.glance";
  return (
    <table className="bp-quote-rows" aria-label={caption ? undefined : label}>
      {caption && (
        <caption>
          <Text span size="sm" fw={600} c="var(--mantine-color-text)">
            {caption}
          </Text>
        </caption>
      )}
      <thead>
        <tr>
          <th>{t(`${c}.instrument`)}</th>
          <th className="bp-end" style={{ width: "30%" }}>
            {t(`${c}.last`)}
          </th>
          <th className="bp-end" style={{ width: "22%" }}>
            {t(`${c}.change`)}
          </th>
          {trend && (
            <th className="bp-end" style={{ width: 68 }}>
              {t(`${c}.trend`)}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const color = colors.text(r.changePct);
          const name = displayName(r, lang);
          const spark = r.spark ?? [];
          return (
            <tr key={r.instrumentId}>
              <td>
                <Anchor
                  component={Link}
                  to={`/instruments/${r.instrumentId}`}
                  size="sm"
                  fw={600}
                  display="block"
                >
                  {r.symbol}
                </Anchor>
                <Text size="xs" c="dimmed" truncate="end" title={name}>
                  {r.synthetic ? `${name} · ${t("home.synthetic")}` : name}
                </Text>
              </td>
              <td className="bp-end">
                {r.price === null ? (
                  <Text size="xs" c="dimmed">
                    {t("home.noData")}
                  </Text>
                ) : (
                  <>
                    <Text size="sm" ff="monospace" style={{ fontVariantNumeric: "tabular-nums" }}>
                      {fmt.price(r.price, r.priceDecimals)}
                    </Text>
                    {r.sessionDate && r.sessionDate !== today() && (
                      <Text size="xs" c="dimmed">
                        {fmtDate(`${r.sessionDate}T12:00:00Z`, false)}
                      </Text>
                    )}
                  </>
                )}
              </td>
              <td className="bp-end">
                <Text size="sm" c={color} fw={500} style={{ fontVariantNumeric: "tabular-nums" }}>
                  {fmt.pct(r.changePct)}
                </Text>
              </td>
              {trend && (
                <td className="bp-end">
                  <Sparkline
                    width={60}
                    values={spark}
                    color={color}
                    label={t("home.sparkline", {
                      symbol: r.symbol,
                      count: spark.length,
                      first: fmt.price(spark[0] ?? null, r.priceDecimals),
                      last: fmt.price(spark.at(-1) ?? null, r.priceDecimals),
                    })}
                  />
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
