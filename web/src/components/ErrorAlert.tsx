import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { errorMessage, errorTitle } from "./errors.ts";

/**
 * Shows a failed request's message under a title that says what happened ("Wrong code", "Waiting for
 * approval"; the generic title only for unexpected errors); renders nothing when there is no error.
 */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={errorTitle(t, error)}>
      {errorMessage(t, error)}
    </Alert>
  );
}
