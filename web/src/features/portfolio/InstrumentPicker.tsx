// A searchable instrument field for the portfolio's forms: types a symbol, name, Korean name or ISIN,
// picks from GET /api/instruments?q= (typo-tolerant); shows the chosen instrument by its symbol.
import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { displayName } from "../market/format.ts";
import { instrumentQuery, searchQuery } from "../market/queries.ts";
import "./strings.ts";

export function InstrumentPicker({
  label,
  value,
  onChange,
  required,
  error,
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
  required?: boolean;
  error?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const results = useQuery({
    ...searchQuery(q, 20),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
  const chosen = useQuery({ ...instrumentQuery(value), enabled: Boolean(value) });
  const label1 = (i: { symbol: string; name: string; nameLocal: string | null }) =>
    `${i.symbol} · ${displayName(i, i18n.language)}`;
  const data = (q.length > 0 ? (results.data?.instruments ?? []) : []).map((i) => ({
    value: i.id,
    label: label1(i),
  }));
  if (value && chosen.data && !data.some((d) => d.value === value))
    data.unshift({ value, label: label1(chosen.data) });
  return (
    <Select
      label={label}
      placeholder={t("portfolio.tx.instrumentPlaceholder")}
      searchable
      clearable={!required}
      required={required}
      error={error}
      data={data}
      value={value || null}
      onChange={(id) => onChange(id ?? "")}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={q.length > 0 && results.isSuccess ? t("portfolio.tx.noInstrument") : undefined}
    />
  );
}
