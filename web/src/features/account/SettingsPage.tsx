import {
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
  useComputedColorScheme,
} from "@mantine/core";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import type { Language, Settings, Theme } from "../../api/models.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { priceColors } from "../market/colors.ts";
import { useMe } from "./queries.ts";
import { useSaveMe } from "./useSaveMe.ts";

const CURRENCIES = ["USD", "KRW", "EUR", "JPY", "GBP", "CNY", "HKD", "CHF", "CAD", "AUD", "SGD"];
const DATE_FORMATS = ["YYYY-MM-DD", "YYYY.MM.DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY"];

function withCurrent(list: string[], current: string): string[] {
  return list.includes(current) ? list : [current, ...list];
}

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  if (!zones.includes("UTC")) zones = ["UTC", ...zones];
  return withCurrent(zones, current);
}

/** A rise and a fall in a colour convention, as the charts and lists will show them. */
function PriceSwatch({ convention }: { convention: Settings["display"]["priceColors"] }) {
  const { i18n } = useTranslation();
  const c = priceColors(convention, i18n.language, useComputedColorScheme("light"));
  return (
    <Text size="sm" fw={600} mt={6} aria-hidden="true" data-testid="price-colors-preview">
      <Text span inherit style={{ color: c.text(1) }}>
        ▲ +1.23%
      </Text>{" "}
      <Text span inherit style={{ color: c.text(-1) }}>
        ▼ −0.87%
      </Text>
    </Text>
  );
}

export function SettingsPage() {
  const { data } = useMe();
  if (!data) return null;
  return <SettingsForm initial={data.settings} />;
}

function SettingsForm({ initial }: { initial: Settings }) {
  const { t } = useTranslation();
  const [s, setS] = useState<Settings>(initial);
  const zones = useMemo(() => timeZones(initial.timezone), [initial.timezone]);

  const mutation = useSaveMe("settings", () => unwrap(api.PATCH("/api/me/settings", { body: s })));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg" maw={760}>
        <Title order={1} size="h2">
          {t("settings.title")}
        </Title>

        <Card withBorder radius="md" padding="lg">
          <Title order={2} size="h4" mb="sm">
            {t("settings.appearance")}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t("fields.theme")}
              data={(["light", "dark", "auto"] as Theme[]).map((v) => ({ value: v, label: t(`theme.${v}`) }))}
              value={s.theme}
              onChange={(v) => v && setS({ ...s, theme: v as Theme })}
              allowDeselect={false}
            />
            <Select
              label={t("fields.language")}
              data={(["en", "ko"] as Language[]).map((v) => ({ value: v, label: t(`languages.${v}`) }))}
              value={s.language}
              onChange={(v) => v && setS({ ...s, language: v as Language })}
              allowDeselect={false}
            />
          </SimpleGrid>
        </Card>

        <Card withBorder radius="md" padding="lg">
          <Title order={2} size="h4" mb="sm">
            {t("settings.regional")}
          </Title>
          <Stack gap="sm">
            <Select
              label={t("fields.timezone")}
              data={zones}
              value={s.timezone}
              onChange={(v) => v && setS({ ...s, timezone: v })}
              searchable
              allowDeselect={false}
              limit={200}
              nothingFoundMessage="—"
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t("fields.currency")}
                data={withCurrent(CURRENCIES, s.display.currency)}
                value={s.display.currency}
                onChange={(v) => v && setS({ ...s, display: { ...s.display, currency: v } })}
                allowDeselect={false}
              />
              <Select
                label={t("fields.dateFormat")}
                data={withCurrent(DATE_FORMATS, s.display.dateFormat)}
                value={s.display.dateFormat}
                onChange={(v) => v && setS({ ...s, display: { ...s.display, dateFormat: v } })}
                allowDeselect={false}
              />
            </SimpleGrid>
            <div>
              <Select
                label={t("settings.priceColors")}
                description={t("settings.priceColorsHint")}
                data={[
                  { value: "auto", label: t("settings.priceColorsAuto") },
                  { value: "red-up", label: t("settings.priceColorsRedUp") },
                  { value: "green-up", label: t("settings.priceColorsGreenUp") },
                ]}
                value={s.display.priceColors}
                onChange={(v) =>
                  v &&
                  setS({
                    ...s,
                    display: { ...s.display, priceColors: v as Settings["display"]["priceColors"] },
                  })
                }
                allowDeselect={false}
                data-testid="price-colors"
              />
              <PriceSwatch convention={s.display.priceColors} />
            </div>
            <Switch
              label={t("fields.compactNumbers")}
              checked={s.display.compactNumbers}
              onChange={(e) =>
                setS({ ...s, display: { ...s.display, compactNumbers: e.currentTarget.checked } })
              }
            />
          </Stack>
        </Card>

        <Card withBorder radius="md" padding="lg">
          <Title order={2} size="h4" mb="sm">
            {t("settings.notifications")}
          </Title>
          <Stack gap="sm">
            <Switch
              label={t("fields.emailNotifications")}
              checked={s.notifications.email}
              onChange={(e) =>
                setS({ ...s, notifications: { ...s.notifications, email: e.currentTarget.checked } })
              }
            />
            <Switch
              label={t("fields.inAppNotifications")}
              checked={s.notifications.inApp}
              onChange={(e) =>
                setS({ ...s, notifications: { ...s.notifications, inApp: e.currentTarget.checked } })
              }
            />
          </Stack>
        </Card>

        <ErrorAlert error={mutation.error} />
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
