// A small line of the last daily closes, drawn as SVG; named for screen readers by what it shows.
export function Sparkline({
  values,
  label,
  color,
  width = 80,
  height = 24,
}: {
  values: readonly number[];
  label: string;
  color?: string | undefined;
  width?: number;
  height?: number;
}) {
  if (values.length < 2) return <span style={{ display: "inline-block", width, height }} aria-hidden />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const pad = 2;
  const points = values
    .map((v, i) => {
      const x = pad + (i / (values.length - 1)) * (width - 2 * pad);
      const y = pad + (1 - (v - min) / span) * (height - 2 * pad);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <polyline
        points={points}
        fill="none"
        stroke={color ?? "var(--mantine-color-dimmed)"}
        strokeWidth="1.5"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}
