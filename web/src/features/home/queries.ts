// Queries of the home dashboard: the cards and first-run guide (GET /api/home), each card's data (one
// request per card, at the path the server lists), and closing the guide. Per-user, so under ["me"]:
// dropped on sign-in and sign-out.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import { errorMessage } from "../../components/errors.ts";
import { notifyError } from "../../components/notify.ts";
import { type Home, homeKeys } from "./home-query.ts";

export type { Guide, GuideStep, Home, HomeCardInfo } from "./home-query.ts";
export { homeKeys, homeQuery } from "./home-query.ts";

/** Closes the first-run guide (or shows it again); the answer replaces the cached guide. */
export function useSetGuideDismissed() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (dismissed: boolean) => unwrap(api.PUT("/api/home/guide", { body: { dismissed } })),
    onSuccess: (guide) => qc.setQueryData(homeKeys.home, (h: Home | undefined) => (h ? { ...h, guide } : h)),
    onError: (err) => notifyError(errorMessage(t, err)),
  });
}
