import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { AddToWatchlist } from "./AddToWatchlist.tsx";
import { InstrumentSearch } from "./InstrumentSearch.tsx";

export function InstrumentsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={980}>
      <Title order={1} size="h2">
        {t("market.searchTitle")}
      </Title>
      <InstrumentSearch autoFocus action={(i) => <AddToWatchlist instrument={i} />} />
    </Stack>
  );
}
