import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { errorMessage } from "./errors.ts";

/** Shows a failed request's message; renders nothing when there is no error. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={t("errors.title")}>
      {errorMessage(t, error)}
    </Alert>
  );
}
