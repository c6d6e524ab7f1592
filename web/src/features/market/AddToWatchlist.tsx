import { Button, Menu } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import type { Instrument, Watchlist } from "../../api/models.ts";
import { errorMessage } from "../../components/errors.ts";
import { notifyError, notifySuccess } from "../../components/notify.ts";
import { marketKeys, watchlistsQuery } from "./queries.ts";

export function useWatchlists() {
  return useQuery(watchlistsQuery());
}

/** Appends an instrument to a watchlist (PATCH with the new order); a no-op when already listed. */
export function useAddToWatchlist() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({
      list,
      instrument,
    }: {
      list: Watchlist;
      instrument: Pick<Instrument, "id" | "symbol">;
    }) => {
      if (list.instrumentIds.includes(instrument.id)) return { list, added: false };
      const updated = await unwrap(
        api.PATCH("/api/watchlists/{id}", {
          params: { path: { id: list.id } },
          body: { instrumentIds: [...list.instrumentIds, instrument.id] },
        }),
      );
      return { list: updated, added: true };
    },
    onSuccess: (r, v) => {
      qc.invalidateQueries({ queryKey: marketKeys.watchlists });
      notifySuccess(
        t(r.added ? "market.added" : "market.alreadyIn", { symbol: v.instrument.symbol, name: v.list.name }),
      );
    },
    onError: (err) => notifyError(errorMessage(t, err)),
  });
}

/** "Add to watchlist" menu listing the user's watchlists (the default first). */
export function AddToWatchlist({
  instrument,
  size = "xs",
}: {
  instrument: Pick<Instrument, "id" | "symbol">;
  size?: "xs" | "sm";
}) {
  const { t } = useTranslation();
  const lists = useWatchlists();
  const add = useAddToWatchlist();
  const items = lists.data?.watchlists ?? [];
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          size={size}
          variant="light"
          loading={add.isPending}
          aria-label={`${t("market.addToWatchlist")} ${instrument.symbol}`}
        >
          {t("market.addToWatchlist")}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {items.length === 0 ? (
          <Menu.Label>{t("market.noWatchlistYet")}</Menu.Label>
        ) : (
          items.map((w) => (
            <Menu.Item key={w.id} onClick={() => add.mutate({ list: w, instrument })}>
              {t("market.addTo", { name: w.name })}
            </Menu.Item>
          ))
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
