import {
  ActionIcon,
  AppShell,
  Avatar,
  Burger,
  Group,
  Indicator,
  Menu,
  NavLink,
  Text,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { api, unwrap } from "../api/client.ts";
import { useMe } from "../features/account/queries.ts";
import { useUnreadCount } from "../features/notify/queries.ts";
import { LanguageSwitch, ThemeSwitch } from "./switches.tsx";

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

/**
 * Signs out on the server, then loads the sign-in page afresh: a full load drops every cached answer of
 * the old session and avoids racing the route guard (which would add "?next=" for the current page).
 */
export function useSignOut() {
  return async (after: "signedOut" | "deleted" = "signedOut") => {
    try {
      if (after === "signedOut") await unwrap(api.POST("/api/auth/logout"));
    } catch {
      // Already signed out (expired session): nothing to undo on the server.
    }
    window.location.replace(after === "deleted" ? "/login?deleted=1" : "/login");
  };
}

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { data } = useMe();
  const location = useLocation();
  const unread = useUnreadCount(Boolean(data)).data ?? 0;
  const signOut = useSignOut();
  const user = data?.user;
  const isAdmin = user?.role === "admin";

  const link = (to: string, label: string, extra?: React.ReactNode) => (
    <NavLink
      key={to}
      component={Link}
      to={to}
      label={label}
      rightSection={extra}
      active={to === "/" ? location.pathname === "/" : location.pathname.startsWith(to)}
      onClick={close}
    />
  );

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t("nav.toggleNav")}
            />
            <Text component={Link} to="/" fw={800} size="lg" c="blue" td="none">
              {t("app.name")}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Tooltip label={t("nav.unreadBadge", { count: unread })}>
              <Indicator label={unread > 99 ? "99+" : unread} size={16} disabled={unread === 0} color="red">
                <ActionIcon
                  component={Link}
                  to="/notifications"
                  variant="default"
                  size="lg"
                  aria-label={`${t("nav.notifications")} — ${t("nav.unreadBadge", { count: unread })}`}
                >
                  <BellIcon />
                </ActionIcon>
              </Indicator>
            </Tooltip>
            <LanguageSwitch />
            <ThemeSwitch />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t("nav.userMenu")}>
                  <Group gap={6} wrap="nowrap">
                    <Avatar size={30} radius="xl" color="blue" src={data?.profile.avatarUrl || null}>
                      {user?.username.slice(0, 2).toUpperCase()}
                    </Avatar>
                    <Text size="sm" fw={500} visibleFrom="xs">
                      {user?.username}
                    </Text>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{user?.email ?? user?.username}</Menu.Label>
                <Menu.Item component={Link} to="/profile">
                  {t("nav.profile")}
                </Menu.Item>
                <Menu.Item component={Link} to="/settings">
                  {t("nav.settings")}
                </Menu.Item>
                <Menu.Item component={Link} to="/security">
                  {t("nav.security")}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item color="red" onClick={() => void signOut()}>
                  {t("nav.signOut")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label={t("app.name")}>
        {link("/", t("nav.home"))}
        {link(
          "/notifications",
          t("nav.notifications"),
          unread > 0 ? (
            <Text size="xs" c="red" fw={700}>
              {unread}
            </Text>
          ) : null,
        )}
        <Text size="xs" c="dimmed" tt="uppercase" fw={700} px="sm" pt="md" pb={4}>
          {t("nav.markets")}
        </Text>
        {link("/instruments", t("nav.instruments"))}
        {link("/watchlists", t("nav.watchlists"))}
        <Text size="xs" c="dimmed" tt="uppercase" fw={700} px="sm" pt="md" pb={4}>
          {t("nav.accountSection")}
        </Text>
        {link("/profile", t("nav.profile"))}
        {link("/settings", t("nav.settings"))}
        {link("/security", t("nav.security"))}
        {isAdmin && (
          <>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700} px="sm" pt="md" pb={4}>
              {t("nav.adminSection")}
            </Text>
            {link("/admin/users", t("nav.admin"))}
          </>
        )}
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
