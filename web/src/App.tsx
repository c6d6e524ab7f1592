import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Link, Route, Routes } from "react-router";
import { ProfilePage } from "./features/account/ProfilePage.tsx";
import { SecurityPage } from "./features/account/SecurityPage.tsx";
import { SettingsPage } from "./features/account/SettingsPage.tsx";
import { AdminUsersPage } from "./features/admin/AdminUsersPage.tsx";
import { LoginPage } from "./features/auth/LoginPage.tsx";
import { RegisterPage } from "./features/auth/RegisterPage.tsx";
import { ResetPasswordPage } from "./features/auth/ResetPasswordPage.tsx";
import { SetupPage } from "./features/auth/SetupPage.tsx";
import { VerifyEmailPage } from "./features/auth/VerifyEmailPage.tsx";
import { UserGuidePage } from "./features/home/guide/UserGuidePage.tsx";
import { HomePage } from "./features/home/HomePage.tsx";
import { ChartPage } from "./features/market/ChartPage.tsx";
import { InstrumentsPage } from "./features/market/InstrumentsPage.tsx";
import { WatchlistsPage } from "./features/market/WatchlistsPage.tsx";
import { NotificationsPage } from "./features/notify/NotificationsPage.tsx";
import { AppLayout } from "./layout/AppLayout.tsx";
import { PublicOnly, RequireAdmin, RequireAuth } from "./layout/guards.tsx";
import { PreferencesSync } from "./layout/switches.tsx";

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
    </BrowserRouter>
  );
}
