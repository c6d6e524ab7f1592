import { ActionIcon, Code, CopyButton, Group, Stack, Text, Tooltip } from "@mantine/core";
import { type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";

/** A 16 px stroked icon in the text colour. */
function Icon({ strokeWidth, children }: { strokeWidth: number; children: ReactNode }) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      aria-hidden
    >
      {children}
    </svg>
  );
}

const CopyIcon = () => (
  <Icon strokeWidth={2}>
    <rect x="9" y="9" width="12" height="12" rx="2" />
    <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
  </Icon>
);

const CheckIcon = () => (
  <Icon strokeWidth={2.5}>
    <path d="M5 12l5 5L20 7" />
  </Icon>
);

/** A secret shown once, in monospace, with a copy button. `testId` lets the browser test read it. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={id}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code
          block
          aria-labelledby={id}
          data-testid={testId}
          style={{ flex: 1, wordBreak: "break-all", whiteSpace: "pre-wrap", fontSize: 14 }}
        >
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t("common.copied") : t("common.copy")} withArrow>
              <ActionIcon
                variant={copied ? "filled" : "default"}
                color={copied ? "teal" : undefined}
                size="lg"
                onClick={copy}
                aria-label={`${t("common.copy")}: ${label}`}
              >
                {copied ? <CheckIcon /> : <CopyIcon />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
