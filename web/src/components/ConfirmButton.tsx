import { Button, type ButtonProps, Group, Modal, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

interface Props extends ButtonProps {
  /** Question shown in the dialog. */
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  children: ReactNode;
}

/** A button that asks before doing something that cannot be undone. */
export function ConfirmButton({ question, confirmLabel, onConfirm, children, ...buttonProps }: Props) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button {...buttonProps} onClick={open}>
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={t("common.confirm")} centered>
        <Text size="sm" mb="lg">
          {question}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t("common.cancel")}
          </Button>
          <Button
            color={buttonProps.color ?? "red"}
            onClick={() => {
              close();
              onConfirm();
            }}
          >
            {confirmLabel ?? children}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
