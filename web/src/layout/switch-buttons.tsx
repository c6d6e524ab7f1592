// The header's buttons as they look, without their menus or tooltips: shown alone until the menus'
// chunk (menus.tsx) arrives, and then as the menus' targets, so nothing moves when it does. Each takes
// the props and ref a Mantine Menu.Target or Tooltip passes down.
import {
  ActionIcon,
  type ActionIconProps,
  Avatar,
  Group,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import type { ComponentPropsWithRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Theme } from "../api/models.ts";
import { useMe } from "../features/account/queries.ts";

export const THEME_ICON: Record<Theme, string> = { light: "☀", dark: "☾", auto: "◐" };

type ButtonProps = ActionIconProps & ComponentPropsWithRef<"button">;

/** Shows "EN" or "한"; named by that, then by what it does (WCAG 2.5.3: "EN — Language"). */
export function LanguageButton(props: ButtonProps) {
  const { t, i18n } = useTranslation();
  const short = i18n.language === "ko" ? "한" : "EN";
  return (
    <ActionIcon variant="default" size="lg" aria-label={`${short} — ${t("nav.language")}`} {...props}>
      <span style={{ fontSize: 12, fontWeight: 700 }}>{short}</span>
    </ActionIcon>
  );
}

export function ThemeButton({ scheme, ...props }: ButtonProps & { scheme: Theme }) {
  const { t } = useTranslation();
  return (
    <ActionIcon variant="default" size="lg" aria-label={t("nav.colorScheme")} {...props}>
      <span aria-hidden>{THEME_ICON[scheme]}</span>
    </ActionIcon>
  );
}

/**
 * The avatar and username. Its name is its text, "<username> — account menu", most of it visually
 * hidden (no aria-label that could drift from what shows: WCAG 2.5.3), so it reads the same on a phone,
 * where the username is hidden.
 */
export function AccountButton(props: ComponentPropsWithRef<"button">) {
  const { t } = useTranslation();
  const { data } = useMe();
  const user = data?.user;
  return (
    <UnstyledButton {...props}>
      <VisuallyHidden>{t("nav.userMenuOf", { name: user?.username ?? "" })}</VisuallyHidden>
      <Group gap={6} wrap="nowrap" aria-hidden>
        <Avatar size={30} radius="xl" color="blue" src={data?.profile.avatarUrl || null} alt="" aria-hidden>
          {user?.username.slice(0, 2).toUpperCase()}
        </Avatar>
        <Text size="sm" fw={500} visibleFrom="xs">
          {user?.username}
        </Text>
      </Group>
    </UnstyledButton>
  );
}

function BellIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The link to the notifications page, named with the unread count. */
export function BellButton({ unread, ...props }: ComponentPropsWithRef<"a"> & { unread: number }) {
  const { t } = useTranslation();
  return (
    <ActionIcon
      component={Link}
      to="/notifications"
      variant="default"
      size="lg"
      aria-label={`${t("nav.notifications")} — ${t("nav.unreadBadge", { count: unread })}`}
      {...props}
    >
      <BellIcon />
    </ActionIcon>
  );
}
