// The broker connection form: the broker, that broker's credentials with where to find them, the
// account to sync into (or one made on the first sync) and, for Alpaca, live or paper. The same
// credential fields replace a connection's keys. Required fields and the Flex query id's digits are
// checked before anything is sent; the server's refusal (a 400 naming the field) is shown above.
import {
  Alert,
  Button,
  Group,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { BROKERS, type Broker, type ConnectionInput } from "./connectionsQueries.ts";
import type { PortfolioAccount } from "./queries.ts";
import "./connectionsStrings.ts";

export interface CredentialValues {
  keyId: string;
  secretKey: string;
  environment: "live" | "paper";
  token: string;
  queryId: string;
}

export const emptyCredentials = (): CredentialValues => ({
  keyId: "",
  secretKey: "",
  environment: "live",
  token: "",
  queryId: "",
});

type Field = keyof CredentialValues;

/** What is wrong with the credentials typed for a broker, by field (empty: nothing). */
export function credentialProblems(
  broker: Broker,
  v: CredentialValues,
): Partial<Record<Field, "required" | "digits">> {
  const out: Partial<Record<Field, "required" | "digits">> = {};
  const fields: Field[] = broker === "alpaca" ? ["keyId", "secretKey"] : ["token", "queryId"];
  for (const f of fields) if (!v[f].trim()) out[f] = "required";
  if (broker === "ibkr-flex" && v.queryId.trim() && !/^\d{1,12}$/.test(v.queryId.trim()))
    out.queryId = "digits";
  return out;
}

/** The credentials object the API takes for a broker. */
export function credentialsBody(broker: Broker, v: CredentialValues): ConnectionInput["credentials"] {
  return broker === "alpaca"
    ? { keyId: v.keyId.trim(), secretKey: v.secretKey.trim(), environment: v.environment }
    : { token: v.token.trim(), queryId: v.queryId.trim() };
}

/** A choice of a few, as a labelled group of radio buttons (Mantine's segmented control). */
function Choice({
  label,
  value,
  data,
  onChange,
}: {
  label: string;
  value: string;
  data: { value: string; label: string }[];
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <Stack gap={4} role="radiogroup" aria-labelledby={id}>
      <Text size="sm" fw={500} id={id}>
        {label}
      </Text>
      <SegmentedControl value={value} onChange={onChange} data={data} style={{ alignSelf: "flex-start" }} />
    </Stack>
  );
}

/** The credential fields of one broker, with the help text saying where to find them. */
export function CredentialFields({
  broker,
  values,
  problems,
  onChange,
}: {
  broker: Broker;
  values: CredentialValues;
  problems: Partial<Record<Field, "required" | "digits">>;
  onChange: (v: CredentialValues) => void;
}) {
  const { t } = useTranslation();
  const helpId = useId();
  const problem = (f: Field) =>
    problems[f] === "required"
      ? t("portfolioConnections.form.required")
      : problems[f] === "digits"
        ? t("portfolioConnections.form.queryIdDigits")
        : undefined;
  const set = (f: Field) => (e: { currentTarget: { value: string } }) =>
    onChange({ ...values, [f]: e.currentTarget.value });
  if (broker === "alpaca")
    return (
      <Stack gap="sm">
        <Alert variant="light" color="blue" id={helpId} role="note">
          <Text size="sm">{t("portfolioConnections.form.alpacaHelp")}</Text>
        </Alert>
        <Choice
          label={t("portfolioConnections.form.environment")}
          value={values.environment}
          onChange={(e) => onChange({ ...values, environment: e === "paper" ? "paper" : "live" })}
          data={[
            { value: "live", label: t("portfolioConnections.form.live") },
            { value: "paper", label: t("portfolioConnections.form.paper") },
          ]}
        />
        <TextInput
          label={t("portfolioConnections.form.keyId")}
          required
          autoComplete="off"
          spellCheck={false}
          aria-describedby={helpId}
          value={values.keyId}
          error={problem("keyId")}
          onChange={set("keyId")}
        />
        <PasswordInput
          label={t("portfolioConnections.form.secretKey")}
          required
          autoComplete="new-password"
          value={values.secretKey}
          error={problem("secretKey")}
          onChange={set("secretKey")}
        />
      </Stack>
    );
  return (
    <Stack gap="sm">
      <Alert variant="light" color="blue" id={helpId} role="note">
        <Text size="sm">{t("portfolioConnections.form.ibkrHelp")}</Text>
      </Alert>
      <PasswordInput
        label={t("portfolioConnections.form.token")}
        required
        autoComplete="new-password"
        aria-describedby={helpId}
        value={values.token}
        error={problem("token")}
        onChange={set("token")}
      />
      <TextInput
        label={t("portfolioConnections.form.queryId")}
        required
        inputMode="numeric"
        autoComplete="off"
        value={values.queryId}
        error={problem("queryId")}
        onChange={set("queryId")}
      />
    </Stack>
  );
}

/** The "Connect a broker" form; `onSubmit` gets the API's body once the fields are filled. */
export function ConnectForm({
  accounts,
  pending,
  error,
  onSubmit,
}: {
  accounts: PortfolioAccount[];
  pending: boolean;
  error: unknown;
  onSubmit: (body: ConnectionInput) => void;
}) {
  const { t } = useTranslation();
  const [broker, setBroker] = useState<Broker>("alpaca");
  const [accountId, setAccountId] = useState("");
  const [creds, setCreds] = useState(emptyCredentials);
  const [checked, setChecked] = useState(false);
  const problems = checked ? credentialProblems(broker, creds) : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(credentialProblems(broker, creds)).length > 0) return;
    const base = accountId ? { accountId } : {};
    onSubmit(
      broker === "alpaca"
        ? {
            broker,
            credentials: credentialsBody(broker, creds) as Extract<
              ConnectionInput,
              { broker: "alpaca" }
            >["credentials"],
            ...base,
          }
        : {
            broker,
            credentials: credentialsBody(broker, creds) as Extract<
              ConnectionInput,
              { broker: "ibkr-flex" }
            >["credentials"],
            ...base,
          },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ErrorAlert error={error} />
        <Choice
          label={t("portfolioConnections.form.broker")}
          value={broker}
          onChange={(b) => setBroker(b === "ibkr-flex" ? "ibkr-flex" : "alpaca")}
          data={BROKERS.map((b) => ({ value: b, label: t(`portfolioConnections.brokers.${b}`) }))}
        />
        <CredentialFields broker={broker} values={creds} problems={problems} onChange={setCreds} />
        <Select
          label={t("portfolioConnections.form.account")}
          description={t("portfolioConnections.form.accountHint")}
          data={[
            { value: "", label: t("portfolioConnections.form.accountNew") },
            ...accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.baseCurrency})` })),
          ]}
          value={accountId}
          allowDeselect={false}
          onChange={(a) => setAccountId(a ?? "")}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {t("portfolioConnections.form.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
