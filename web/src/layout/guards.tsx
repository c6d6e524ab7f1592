// Route guards: they wait for "who am I" before deciding, so a reload never flashes the wrong page.
import { Alert, Button, Center, Loader, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation } from "react-router";
import { errorMessage } from "../components/errors.ts";
import { useMe } from "../features/account/queries.ts";
import { AdminOnly } from "../features/admin/AdminOnly.tsx";
import { useSetupStatus } from "../features/auth/queries.ts";

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh">
      <Loader aria-label={t("app.loading")} />
    </Center>
  );
}

function LoadError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" p="md">
      <Stack maw={420}>
        <Alert color="red" title={t("errors.loadFailed")} role="alert">
          {errorMessage(t, error)}
        </Alert>
        <Button onClick={retry}>{t("common.retry")}</Button>
      </Stack>
    </Center>
  );
}

/** Signed-in pages. Signed out: to /setup while the instance has no admin, else to /login. */
export function RequireAuth() {
  const me = useMe();
  const setup = useSetupStatus();
  const location = useLocation();
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) return <LoadError error={me.error} retry={() => void me.refetch()} />;
  if (!me.data) {
    if (setup.isPending) return <FullPageLoader />;
    if (setup.data?.needed) return <Navigate to="/setup" replace />;
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/** Admin pages. A signed-in user who is not an administrator is told why, with a link home. */
export function RequireAdmin() {
  const me = useMe();
  if (me.data?.user.role !== "admin") return <AdminOnly />;
  return <Outlet />;
}

/** Sign-in, sign-up and setup: a signed-in visitor goes home instead. */
export function PublicOnly() {
  const me = useMe();
  if (me.isPending) return <FullPageLoader />;
  if (me.data) return <Navigate to="/" replace />;
  return <Outlet />;
}
