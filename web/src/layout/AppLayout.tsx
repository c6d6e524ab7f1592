import { Burger, Group, Indicator, NavLink, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { api, unwrap } from "../api/client.ts";
import { useMe } from "../features/account/queries.ts";
import { useUnreadCount } from "../features/notify/queries.ts";
import { FullPageLoader } from "./guards.tsx";
import { AccountSwitch, LanguageSwitch, NotificationsBell, ThemeSwitch } from "./switches.tsx";

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

  // A header, a navigation column and the page, laid out by shell.css (global, styles.ts) instead of
  // Mantine's AppShell, whose code (with react-remove-scroll for its scroll offsets and resize
  // handles) weighed 9 KB brotli on every signed-in first page (issue 16's budget, web/vite/budget.ts).
  // Below the `sm` breakpoint the navigation is hidden until the burger opens it over the page.
  return (
    <div className="bp-shell" data-nav-open={opened || undefined}>
      <header className="bp-shell-header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t("nav.toggleNav")}
              aria-expanded={opened}
              aria-controls="bp-shell-nav"
            />
            <Text component={Link} to="/" fw={800} size="lg" c="blue" td="none">
              {t("app.name")}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Indicator label={unread > 99 ? "99+" : unread} size={16} disabled={unread === 0} color="red">
              <NotificationsBell unread={unread} />
            </Indicator>
            <LanguageSwitch />
            <ThemeSwitch />
            <AccountSwitch onSignOut={() => void signOut()} />
          </Group>
        </Group>
      </header>

      <nav className="bp-shell-nav" id="bp-shell-nav" aria-label={t("app.name")}>
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
        {link("/portfolio", t("portfolio.title"))}
        {link("/journal", t("nav.journal"))}
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
      </nav>

      <main className="bp-shell-main">
        {/* A page's chunk loads here, inside the shell: the header and navigation stay put. */}
        <Suspense fallback={<FullPageLoader />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
