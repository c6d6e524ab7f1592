// Date formatting in the user's language and chosen time zone.
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { meQuery } from "../features/account/queries.ts";

/**
 * An ISO timestamp as a medium date (and short time unless `withTime` is false) in `language`,
 * shown in `timeZone` (the browser's when absent). "—" for nothing; the input itself when unparseable.
 */
export function formatDate(
  iso: string | null | undefined,
  {
    language,
    timeZone,
    withTime = true,
  }: { language: string; timeZone?: string | undefined; withTime?: boolean },
): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const locale = language === "ko" ? "ko-KR" : "en-GB";
  try {
    return new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      ...(withTime ? { timeStyle: "short" } : {}),
      ...(timeZone ? { timeZone } : {}),
    }).format(d);
  } catch {
    // An unknown time zone in the user's settings: the browser's zone rather than nothing.
    return d.toLocaleString(locale);
  }
}

/**
 * formatDate in the UI language and the signed-in user's time zone setting (or `zone`: "UTC" for
 * a calendar date such as a trading date, which has no time zone of its own).
 */
export function useFormatDate() {
  const { i18n } = useTranslation();
  const qc = useQueryClient();
  const timeZone = qc.getQueryData(meQuery().queryKey)?.settings.timezone;
  return (iso: string | null | undefined, withTime = true, zone?: string): string =>
    formatDate(iso, { language: i18n.language, timeZone: zone ?? timeZone, withTime });
}

/** A calendar date (`YYYY-MM-DD`, e.g. a trading date) as a medium date in `language`. */
export function formatCalendarDate(date: string | null | undefined, language: string): string {
  if (!date) return "—";
  return formatDate(`${date.slice(0, 10)}T00:00:00Z`, { language, timeZone: "UTC", withTime: false });
}
