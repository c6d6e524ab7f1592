// Add or edit one ledger row: the type chooses the fields (those it needs are required), decimals as
// typed in the user's locale, the instrument searched by symbol, name or ISIN; a sale's lots FIFO or
// picked, a transfer's lots from another broker (LotsField). The server's answer to a bad row (a 400
// or 422 naming the field) is shown above the form.
import { Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../components/notify.ts";
import { InstrumentPicker } from "./InstrumentPicker.tsx";
import { LotsField } from "./LotsField.tsx";
import { type PortfolioAccount, type TransactionType, useInvalidatePortfolio } from "./queries.ts";
import {
  buildTransaction,
  COMMON_TYPES,
  type FieldName,
  type FormValues,
  fieldsOf,
  isCurrencyField,
  isRequired,
  patchOf,
  TYPES,
} from "./transactionForm.ts";
import "./strings.ts";

export function TransactionForm({
  accounts,
  initial,
  editId,
  onDone,
}: {
  accounts: PortfolioAccount[];
  initial: FormValues;
  /** The row being edited; absent to add one. */
  editId?: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<ReturnType<typeof buildTransaction>["errors"]>({});
  const invalidate = useInvalidatePortfolio();
  const save = useMutation({
    mutationFn: async (values: FormValues) => {
      if (editId) {
        const { body } = patchOf(values);
        return unwrap(
          api.PATCH("/api/portfolio/transactions/{id}", {
            params: { path: { id: editId } },
            body: body ?? {},
          }),
        );
      }
      const { body } = buildTransaction(values);
      if (!body) throw new Error("invalid form");
      return unwrap(api.POST("/api/portfolio/transactions", { body }));
    },
    onSuccess: async () => {
      notifySuccess(t(editId ? "portfolio.tx.saved" : "portfolio.tx.added"));
      await invalidate();
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = buildTransaction(v);
    setErrors(r.errors);
    if (r.body) save.mutate(v);
  };
  const account = accounts.find((a) => a.id === v.accountId);
  const errorOf = (f: FieldName | "date" | "accountId" | "lots") =>
    errors[f] ? t(`portfolio.tx.errors.${errors[f]}`) : undefined;
  const set = (f: keyof FormValues, value: string) => setV((old) => ({ ...old, [f]: value }));
  const typeData = [...COMMON_TYPES, ...TYPES.filter((x) => !COMMON_TYPES.includes(x))].map((x) => ({
    value: x,
    label: t(`portfolio.types.${x}`),
  }));

  const field = (f: FieldName) => {
    const label = t(`portfolio.tx.fields.${f}`);
    const required = isRequired(v.type, f);
    if (f === "instrumentId" || f === "newInstrumentId")
      return (
        <InstrumentPicker
          key={f}
          label={label}
          value={v[f]}
          required={required}
          error={errorOf(f)}
          onChange={(id) => set(f, id)}
        />
      );
    return (
      <TextInput
        key={f}
        label={label}
        required={required}
        error={errorOf(f)}
        value={v[f]}
        inputMode={isCurrencyField(f) || f === "transferId" ? "text" : "decimal"}
        placeholder={
          f === "currency"
            ? (account?.baseCurrency ?? "")
            : f === "fxRate"
              ? t("portfolio.tx.fxAuto")
              : undefined
        }
        description={f === "ratio" && v.type === "split" ? t("portfolio.tx.ratioHint") : undefined}
        maxLength={isCurrencyField(f) ? 3 : 40}
        onChange={(e) => set(f, e.currentTarget.value)}
      />
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ErrorAlert error={save.error} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
          <Select
            label={t("portfolio.tx.account")}
            required
            error={errorOf("accountId")}
            data={accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.baseCurrency})` }))}
            value={v.accountId || null}
            allowDeselect={false}
            onChange={(x) => set("accountId", x ?? "")}
          />
          <Select
            label={t("portfolio.tx.type")}
            required
            data={typeData}
            value={v.type}
            allowDeselect={false}
            onChange={(x) => x && setV((old) => ({ ...old, type: x as TransactionType }))}
          />
          <TextInput
            label={t("portfolio.tx.date")}
            type="date"
            required
            error={errorOf("date")}
            value={v.date}
            onChange={(e) => set("date", e.currentTarget.value)}
          />
          {fieldsOf(v.type).map(field)}
        </SimpleGrid>
        <LotsField v={v} setV={setV} error={errorOf("lots")} />
        <Textarea
          label={t("portfolio.tx.note")}
          rows={2}
          maxLength={2000}
          value={v.note}
          onChange={(e) => set("note", e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {editId ? t("common.save") : t("portfolio.tx.add")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
