// Date formatting in the user's language and chosen time zone.
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Me } from "../api/models.ts";
import { accountKeys } from "../features/account/queries.ts";

export function useFormatDate() {
  const { i18n } = useTranslation();
  const qc = useQueryClient();
  const tz = qc.getQueryData<Me | null>(accountKeys.me)?.settings.timezone;
  const locale = i18n.language === "ko" ? "ko-KR" : "en-GB";
  return (iso: string | null | undefined, withTime = true): string => {
    if (!iso) return "—";
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    try {
      return new Intl.DateTimeFormat(locale, {
        dateStyle: "medium",
        ...(withTime ? { timeStyle: "short" } : {}),
        ...(tz ? { timeZone: tz } : {}),
      }).format(d);
    } catch {
      return d.toLocaleString(locale);
    }
  };
}
