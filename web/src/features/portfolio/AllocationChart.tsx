// An allocation chart in plain SVG (no chart library): a donut of the slices with a legend that
// gives each slice's value and share. The picture is described for screen readers in one sentence.
import { Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Slice } from "./allocation.ts";
import { usePortfolioFormat } from "./format.ts";
import "./strings.ts";

const PALETTE = ["#1c7ed6", "#f59f00", "#0ca678", "#ae3ec9", "#e8590c", "#868e96", "#4263eb", "#d6336c"];
const R = 40;
const C = 2 * Math.PI * R;

export function AllocationChart({
  title,
  slices,
  currency,
}: {
  title: string;
  slices: Slice[];
  currency: string;
}) {
  const { t } = useTranslation();
  const f = usePortfolioFormat();
  let offset = 0;
  const arcs = slices.map((s, i) => {
    const len = s.share * C;
    const arc = {
      key: s.key,
      color: PALETTE[i % PALETTE.length] as string,
      dash: `${len} ${C - len}`,
      offset: -offset,
    };
    offset += len;
    return arc;
  });
  const described = slices.map((s) => `${s.label} ${f.share(s.share)}`).join(", ");
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {title}
      </Title>
      <Group gap="md" wrap="nowrap" align="flex-start">
        <svg
          viewBox="0 0 100 100"
          width={80}
          height={80}
          role="img"
          aria-label={t("portfolio.overview.allocationLabel", { title, list: described })}
          style={{ flex: "none" }}
        >
          <circle
            cx={50}
            cy={50}
            r={R}
            fill="none"
            stroke="var(--mantine-color-default-border)"
            strokeWidth={16}
          />
          {arcs.map((a) => (
            <circle
              key={a.key}
              cx={50}
              cy={50}
              r={R}
              fill="none"
              stroke={a.color}
              strokeWidth={16}
              strokeDasharray={a.dash}
              strokeDashoffset={a.offset}
              transform="rotate(-90 50 50)"
            />
          ))}
        </svg>
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }} component="ul" m={0} p={0}>
          {slices.map((s, i) => (
            <Group
              key={s.key}
              gap={6}
              wrap="nowrap"
              component="li"
              style={{ listStyle: "none" }}
              title={`${s.label}: ${f.money(s.value, currency)}`}
            >
              <span
                aria-hidden
                style={{
                  width: 10,
                  height: 10,
                  borderRadius: 2,
                  background: PALETTE[i % PALETTE.length],
                  flex: "none",
                }}
              />
              <Text size="sm" truncate style={{ flex: 1, minWidth: 0 }}>
                {s.label}
              </Text>
              <Text size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                {f.share(s.share)}
              </Text>
            </Group>
          ))}
        </Stack>
      </Group>
    </Stack>
  );
}
