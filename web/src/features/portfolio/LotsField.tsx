// The lots part of the transaction form. A sale, a cover or a transfer out takes units oldest first
// (FIFO, the default) or from the lots picked: the account's open lots of the instrument are listed
// from GET /holdings (acquired, open quantity, cost) with a quantity to take from each. A transfer in
// from another broker states the lots arriving (date, quantity, cost); from another account of yours
// the lots travel with their transferOut and nothing is typed.
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { formatCalendarDate } from "../../components/format.ts";
import { usePortfolioFormat } from "./format.ts";
import { holdingsQuery } from "./queries.ts";
import { type FormValues, type IncomingLotValues, normaliseDecimal, PICK_TYPES } from "./transactionForm.ts";

type Update = (update: (old: FormValues) => FormValues) => void;

function PickedLots({ v, setV }: { v: FormValues; setV: Update }) {
  const { t, i18n } = useTranslation();
  const f = usePortfolioFormat();
  const holdings = useQuery({ ...holdingsQuery({ accountId: v.accountId }), enabled: Boolean(v.accountId) });
  if (!v.instrumentId)
    return (
      <Text size="sm" c="dimmed">
        {t("portfolio.tx.lots.chooseInstrument")}
      </Text>
    );
  if (holdings.isPending) return <Text size="sm">{t("portfolio.loading")}</Text>;
  const holding = holdings.data?.holdings.find(
    (h) => h.accountId === v.accountId && h.instrumentId === v.instrumentId,
  );
  const open = holding?.lots ?? [];
  // Lots an edited row picked that are no longer open (its own sale closed them) stay listed.
  const gone = Object.keys(v.picks).filter((id) => !open.some((l) => l.id === id));
  if (!open.length && !gone.length)
    return (
      <Text size="sm" c="dimmed">
        {t("portfolio.tx.lots.noneOpen")}
      </Text>
    );
  const picked = Object.values(v.picks)
    .map((x) => Number(normaliseDecimal(x) ?? 0))
    .reduce((a, b) => a + b, 0);
  // Picks kept in the lots' order (oldest first), whatever order they are typed in.
  const order = [...open.map((l) => l.id), ...gone];
  const setPick = (id: string, value: string) =>
    setV((o) => {
      const next = { ...o.picks, [id]: value };
      return {
        ...o,
        picks: Object.fromEntries(order.filter((k) => k in next).map((k) => [k, next[k] ?? ""])),
      };
    });
  return (
    <Stack gap={4}>
      <Table.ScrollContainer minWidth={320} type="native">
        <Table withTableBorder>
          <Table.Caption>{t("portfolio.tx.lots.caption")}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("portfolio.tx.lots.acquired")}</Table.Th>
              <Table.Th ta="right">{t("portfolio.tx.lots.open")}</Table.Th>
              <Table.Th ta="right">{t("portfolio.tx.lots.cost")}</Table.Th>
              <Table.Th ta="right">{t("portfolio.tx.lots.take")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {open.map((l) => (
              <Table.Tr key={l.id} data-testid="lot-row">
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  {formatCalendarDate(l.acquiredDate, i18n.language)}
                </Table.Td>
                <Table.Td ta="right">{f.quantity(l.quantity)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                  {f.money(l.cost, holding?.currency)}
                </Table.Td>
                <Table.Td ta="right">
                  <TextInput
                    size="xs"
                    w={90}
                    ml="auto"
                    inputMode="decimal"
                    aria-label={t("portfolio.tx.lots.takeFrom", {
                      date: formatCalendarDate(l.acquiredDate, i18n.language),
                      quantity: f.quantity(l.quantity),
                    })}
                    value={v.picks[l.id] ?? ""}
                    onChange={(e) => setPick(l.id, e.currentTarget.value)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
            {gone.map((id) => (
              <Table.Tr key={id}>
                <Table.Td colSpan={3}>
                  <Text size="xs" c="dimmed">
                    {t("portfolio.tx.lots.closed")}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <TextInput
                    size="xs"
                    w={90}
                    ml="auto"
                    inputMode="decimal"
                    aria-label={t("portfolio.tx.lots.closed")}
                    value={v.picks[id] ?? ""}
                    onChange={(e) => setPick(id, e.currentTarget.value)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" data-testid="lots-picked">
        {t("portfolio.tx.lots.picked", {
          picked: f.quantity(String(Math.round(picked * 1e8) / 1e8)),
          quantity: v.quantity ? f.quantity(normaliseDecimal(v.quantity) ?? v.quantity) : "—",
        })}
      </Text>
    </Stack>
  );
}

function IncomingLots({ v, setV }: { v: FormValues; setV: Update }) {
  const { t } = useTranslation();
  const set = (i: number, k: keyof IncomingLotValues, value: string) =>
    setV((o) => ({ ...o, incoming: o.incoming.map((l, j) => (j === i ? { ...l, [k]: value } : l)) }));
  const add = () =>
    setV((o) => ({ ...o, incoming: [...o.incoming, { acquiredDate: "", quantity: "", cost: "" }] }));
  return (
    <Stack gap={6}>
      <Checkbox
        label={t("portfolio.tx.lots.fromOutside")}
        description={t("portfolio.tx.lots.fromOutsideHint")}
        checked={v.incoming.length > 0}
        onChange={(e) => (e.currentTarget.checked ? add() : setV((o) => ({ ...o, incoming: [] })))}
      />
      {v.incoming.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
        <Group key={i} gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            size="xs"
            type="date"
            label={t("portfolio.tx.lots.acquired")}
            value={l.acquiredDate}
            onChange={(e) => set(i, "acquiredDate", e.currentTarget.value)}
          />
          <TextInput
            size="xs"
            w={110}
            inputMode="decimal"
            label={t("portfolio.tx.fields.quantity")}
            value={l.quantity}
            onChange={(e) => set(i, "quantity", e.currentTarget.value)}
          />
          <TextInput
            size="xs"
            w={130}
            inputMode="decimal"
            label={t("portfolio.tx.lots.totalCost")}
            value={l.cost}
            onChange={(e) => set(i, "cost", e.currentTarget.value)}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t("portfolio.tx.lots.remove", { n: i + 1 })}
            onClick={() => setV((o) => ({ ...o, incoming: o.incoming.filter((_, j) => j !== i) }))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      {v.incoming.length > 0 && (
        <div>
          <Button size="compact-xs" variant="light" onClick={add}>
            {t("portfolio.tx.lots.addLot")}
          </Button>
        </div>
      )}
    </Stack>
  );
}

/** The lots part of the form, for the types that have one; the error is the form's `lots` error. */
export function LotsField({ v, setV, error }: { v: FormValues; setV: Update; error?: string | undefined }) {
  const { t } = useTranslation();
  if (!PICK_TYPES.includes(v.type) && v.type !== "transferIn") return null;
  return (
    <Stack gap="xs" role="group" aria-label={t("portfolio.tx.lots.title")}>
      <Text size="sm" fw={500}>
        {t("portfolio.tx.lots.title")}
      </Text>
      {v.type === "transferIn" ? (
        <IncomingLots v={v} setV={setV} />
      ) : (
        <>
          <SegmentedControl
            aria-label={t("portfolio.tx.lots.mode")}
            value={v.lotMode}
            onChange={(m) => setV((o) => ({ ...o, lotMode: m as FormValues["lotMode"] }))}
            data={[
              { value: "fifo", label: t("portfolio.tx.lots.fifo") },
              { value: "pick", label: t("portfolio.tx.lots.pick") },
            ]}
          />
          {v.lotMode === "pick" && <PickedLots v={v} setV={setV} />}
        </>
      )}
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
