import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { type ComponentType, lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Link, Route, Routes } from "react-router";
import { FullPageLoader, PublicOnly, RequireAdmin, RequireAuth } from "./layout/guards.tsx";
import { PreferencesSync } from "./layout/switches.tsx";

/**
 * Every page is its own chunk, fetched when its route is first shown (issue 16: the first page's
 * JavaScript has a budget, web/vite/budget.ts), and so is the signed-in shell (AppLayout). The chunks
 * the address being opened needs are requested at once, alongside "who am I", rather than after it.
 */
const loaders: { path: RegExp; load: () => Promise<unknown> }[] = [];

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K, path?: RegExp) {
  if (path) loaders.push({ path, load });
  return lazy(async () => ({ default: (await load())[name] }));
}

// The shell: every address but the signed-out pages'.
const AppLayout = page(
  () => import("./layout/AppLayout.tsx"),
  "AppLayout",
  /^(?!\/(?:login|register|setup|verify-email|reset-password)\/?$)/,
);

const LoginPage = page(() => import("./features/auth/LoginPage.tsx"), "LoginPage", /^\/login\/?$/);
const RegisterPage = page(
  () => import("./features/auth/RegisterPage.tsx"),
  "RegisterPage",
  /^\/register\/?$/,
);
const ResetPasswordPage = page(() => import("./features/auth/ResetPasswordPage.tsx"), "ResetPasswordPage");
const SetupPage = page(() => import("./features/auth/SetupPage.tsx"), "SetupPage", /^\/setup\/?$/);
const VerifyEmailPage = page(() => import("./features/auth/VerifyEmailPage.tsx"), "VerifyEmailPage");
const HomePage = page(() => import("./features/home/HomePage.tsx"), "HomePage", /^\/?$/);
const NotificationsPage = page(() => import("./features/notify/NotificationsPage.tsx"), "NotificationsPage");
const InstrumentsPage = page(
  () => import("./features/market/InstrumentsPage.tsx"),
  "InstrumentsPage",
  /^\/instruments\/?$/,
);
const ChartPage = page(
  () => import("./features/market/ChartPage.tsx"),
  "ChartPage",
  /^\/instruments\/[^/]+\/?$/,
);
const WatchlistsPage = page(
  () => import("./features/market/WatchlistsPage.tsx"),
  "WatchlistsPage",
  /^\/watchlists\/?$/,
);
const PortfolioRoutes = page(
  () => import("./features/portfolio/routes.tsx"),
  "PortfolioRoutes",
  /^\/portfolio/,
);
const JournalRoutes = page(() => import("./features/journal/routes.tsx"), "JournalRoutes", /^\/journal/);
const ProfilePage = page(() => import("./features/account/ProfilePage.tsx"), "ProfilePage");
const SettingsPage = page(() => import("./features/account/SettingsPage.tsx"), "SettingsPage");
const SecurityPage = page(
  () => import("./features/account/SecurityPage.tsx"),
  "SecurityPage",
  /^\/security\/?$/,
);
const AdminUsersPage = page(() => import("./features/admin/AdminUsersPage.tsx"), "AdminUsersPage");
const UserGuidePage = page(() => import("./features/home/guide/UserGuidePage.tsx"), "UserGuidePage");

for (const { path, load } of loaders) if (path.test(window.location.pathname)) void load();

function NotFound() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh">
      <Stack align="center">
        <Title order={1} size="h2">
          {t("common.notFoundTitle")}
        </Title>
        <Text c="dimmed">{t("common.notFoundBody")}</Text>
        <Button component={Link} to="/">
          {t("common.goHome")}
        </Button>
      </Stack>
    </Center>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <PreferencesSync />
      {/* Signed-out pages wait here for their chunk; signed-in ones inside the shell (AppLayout). */}
      <Suspense fallback={<FullPageLoader />}>
        <Routes>
          <Route element={<PublicOnly />}>
            <Route path="/setup" element={<SetupPage />} />
            <Route path="/login" element={<LoginPage />} />
            <Route path="/register" element={<RegisterPage />} />
          </Route>
          <Route path="/verify-email" element={<VerifyEmailPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route element={<RequireAuth />}>
            <Route element={<AppLayout />}>
              <Route index element={<HomePage />} />
              <Route path="/notifications" element={<NotificationsPage />} />
              <Route path="/instruments" element={<InstrumentsPage />} />
              <Route path="/instruments/:id" element={<ChartPage />} />
              <Route path="/watchlists" element={<WatchlistsPage />} />
              <Route path="/portfolio/*" element={<PortfolioRoutes />} />
              <Route path="/journal/*" element={<JournalRoutes />} />
              <Route path="/profile" element={<ProfilePage />} />
              <Route path="/settings" element={<SettingsPage />} />
              <Route path="/security" element={<SecurityPage />} />
              <Route path="/guide" element={<UserGuidePage />} />
              <Route element={<RequireAdmin />}>
                <Route path="/admin/users" element={<AdminUsersPage />} />
              </Route>
              <Route path="*" element={<NotFound />} />
            </Route>
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
