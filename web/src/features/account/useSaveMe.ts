// Saving a part of the account (profile or settings): the answer goes straight into the cached "me"
// and the user is told it was saved.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/models.ts";
import { notifySuccess } from "../../components/notify.ts";
import { mergeIntoMe } from "./queries.ts";

export function useSaveMe<K extends "profile" | "settings">(part: K, save: () => Promise<Me[K]>) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: save,
    onSuccess: (saved) => {
      mergeIntoMe(qc, { [part]: saved });
      notifySuccess(t("common.saved"));
    },
  });
}
